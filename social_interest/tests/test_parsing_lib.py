"""The plain-Python parsing core, tested without the ORM."""

import io
import time

from PIL import Image

from odoo.tests import BaseCase, tagged
from odoo.tests.common import _super_send

from ..lib.http import FetchError, fetch_image
from ..lib.identity import normalize_handle, normalize_profile_url
from ..lib.lang import detect_lang
from ..lib.products import match_product
from ..parsing import (
    Notification,
    Rule,
    RuleError,
    classify_message,
    parse_html,
    parse_notification,
    parse_rating,
    unwrap_redirect,
)
from ..parsing.extract import own_words
from ..parsing.text import is_full_name
from .gateway_common import start_image_server


def png_bytes(size=(10, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestClassify(BaseCase):
    def test_person_mail_is_accepted(self):
        self.assertIsNone(classify_message({}, "ken@example.com", "Question"))

    def test_bounces(self):
        self.assertEqual(classify_message({}, "MAILER-DAEMON@mx.example.com", "x"), "bounce")
        self.assertEqual(
            classify_message({"X-Failed-Recipients": "a@b.c"}, "x@mx.example.com", "x"), "bounce"
        )
        self.assertEqual(
            classify_message(
                {"Content-Type": "multipart/report; report-type=delivery-status"},
                "x@mx.example.com",
                "x",
            ),
            "bounce",
        )
        self.assertEqual(
            classify_message({"Return-Path": "<>"}, "x@mx.example.com", "Undelivered Mail"),
            "bounce",
        )

    def test_auto_replies_even_from_a_known_platform(self):
        for headers, subject in (
            ({"Auto-Submitted": "auto-replied"}, "Re: quote"),
            ({"X-Autoreply": "yes"}, "Re: quote"),
            ({"Precedence": "auto_reply"}, "Re: quote"),
            ({}, "自動返信: お見積り"),
            ({}, "Автоответ: заказ"),
            ({}, "Out of Office: quote"),
        ):
            with self.subTest(headers=headers, subject=subject):
                self.assertEqual(
                    classify_message(headers, "ken@example.com", subject, machine_ok=True),
                    "auto_reply",
                )

    def test_bulk_mail_is_refused_unless_a_rule_knows_the_sender(self):
        headers = {"Precedence": "bulk", "Auto-Submitted": "auto-generated"}
        self.assertEqual(classify_message(headers, "news@shop.example", "Sale"), "auto_reply")
        self.assertIsNone(
            classify_message(headers, "notification@facebookmail.com", "x", machine_ok=True)
        )
        self.assertIsNone(classify_message({"Auto-Submitted": "no"}, "ken@example.com", "x"))

    def test_own_addresses_and_own_mail(self):
        self.assertEqual(
            classify_message(
                {}, "info@acme.example.com", "x", own_addresses=("info@acme.example.com",)
            ),
            "own_address",
        )
        self.assertEqual(
            classify_message({"X-Odoo-Objects": "crm.lead-1"}, "a@b.c", "x"), "own_mail"
        )


@tagged("post_install", "-at_install")
class TestTextHelpers(BaseCase):
    def test_google_and_platform_redirects_are_unwrapped(self):
        self.assertEqual(
            unwrap_redirect(
                "https://www.google.com/url?rct=j&sa=t&url=https://blog.example.com/a%3Fb%3D1&ct=ga"
            ),
            "https://blog.example.com/a?b=1",
        )
        self.assertEqual(
            unwrap_redirect(
                "https://l.facebook.com/l.php?u=https%3A%2F%2Fshop.example.com%2F&h=AT"
            ),
            "https://shop.example.com/",
        )
        self.assertEqual(
            unwrap_redirect("https://vk.com/away.php?to=https%3A%2F%2Fa.example"),
            "https://a.example",
        )

    def test_a_redirect_to_a_non_http_target_is_not_followed(self):
        url = "https://www.google.com/url?q=javascript:alert(1)"
        self.assertEqual(unwrap_redirect(url), url)
        self.assertEqual(unwrap_redirect("not a url"), "not a url")

    def test_ratings(self):
        for value, stars in (
            ("★★★★☆", 4),
            ("5", 5),
            ("4.0", 4),
            ("Rated 3 out of 5", 3),
            ("five", 5),
            ("пять", 5),
            ("", 0),
            ("9", 0),
            (None, 0),
        ):
            with self.subTest(value=value):
                self.assertEqual(parse_rating(value), stars)

    def test_languages(self):
        self.assertEqual(detect_lang("このソファはありますか"), "ja")
        self.assertEqual(detect_lang("漢字だけ"), "ja")
        self.assertEqual(detect_lang("Есть ли в наличии?"), "ru")
        self.assertEqual(detect_lang("Is it in stock?"), "en")
        self.assertEqual(detect_lang("", default="ja"), "ja")

    def test_handles_urls_and_names(self):
        self.assertEqual(normalize_handle(" @Jane.Roe "), "jane.roe")
        self.assertEqual(
            normalize_profile_url("https://WWW.Facebook.com/jane.roe.5/?ref=x"),
            "facebook.com/jane.roe.5",
        )
        self.assertEqual(normalize_profile_url("javascript:alert(1)"), "")
        self.assertTrue(is_full_name("Jane Roe"))
        self.assertTrue(is_full_name("田中由紀"))
        self.assertFalse(is_full_name("janeroe"))
        self.assertFalse(is_full_name("jane roe@example.com"))

    def test_quoted_history_is_not_the_persons_words(self):
        text = "Yes please.\n\nOn Mon, 1 Jan 2026 at 10:00, Shop <a@b.c> wrote:\n> old text"
        self.assertEqual(own_words(text), "Yes please.")

    def test_products_by_name_keyword_plural_and_url(self):
        products = [
            (1, "Oak Dining Table", "オーク材テーブル"),
            (2, "Oak Table", ""),
            (3, "Velvet Sofa", "бархатный диван"),
        ]
        self.assertEqual(match_product(products, texts=["two oak dining tables"]), 1)
        self.assertEqual(match_product(products, texts=["an oak table"]), 2)
        self.assertEqual(match_product(products, texts=["オーク材テーブルの納期"]), 1)
        self.assertEqual(match_product(products, texts=["Бархатный диван"]), 3)
        self.assertEqual(match_product(products, urls=["https://x.example/shop/velvet-sofa-3"]), 3)
        self.assertEqual(match_product(products, product_name="velvet sofa"), 3)
        self.assertFalse(match_product(products, texts=["a soak tablet"]))


@tagged("post_install", "-at_install")
class TestHtmlAndRules(BaseCase):
    def test_html_is_parsed_without_entities_or_network(self):
        html = (
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            "<html><body><p>Hi &xxe;</p><script>alert(1)</script></body></html>"
        )
        notification = Notification(html=html)
        self.assertNotIn("root:", notification.body_text)
        self.assertNotIn("alert", notification.body_text)
        self.assertIn("Hi", notification.body_text)

    def test_empty_and_garbage_html(self):
        self.assertIsNone(parse_html(""))
        self.assertEqual(Notification(html="\x00\x01<<<>>>").body_text.strip("<>"), "")

    def test_bad_patterns_raise_rule_error(self):
        with self.assertRaises(RuleError):
            Rule(name="bad", subject_pattern="(").compile()
        with self.assertRaises(RuleError):
            Rule(name="bad", item_xpath="//td[").compile()

    def test_first_matching_rule_wins_and_fallback_is_a_question(self):
        rules = [
            Rule(
                name="ig",
                platform="instagram",
                sender_pattern=r"@mail\.instagram\.com>",
                subject_pattern=r"^(?P<handle>[\w.]+) commented",
            ).compile(),
            Rule(name="any", platform="other", subject_pattern="commented").compile(),
        ]
        mail = Notification(
            sender_email="no-reply@mail.instagram.com",
            sender_name="Instagram",
            subject="jane.roe commented on your post",
        )
        result = parse_notification(mail, rules)
        self.assertEqual(result.rule.name, "ig")
        self.assertEqual(result.cards[0]["author_handle"], "jane.roe")
        self.assertEqual(result.cards[0]["author_name"], "jane.roe")
        person = Notification(
            sender_email="ken@example.com",
            sender_name="Ken Ito",
            subject="Hello",
            text="Can I visit?",
        )
        card = parse_notification(person, rules).cards[0]
        self.assertEqual((card["action_type"], card["author_name"]), ("question", "Ken Ito"))

    def test_items_of_a_digest(self):
        rule = Rule(
            name="digest",
            platform="rss",
            action_type="mention",
            item_xpath="//li",
            url_xpath="./a/@href",
        ).compile()
        html = (
            '<ul><li><a href="https://www.google.com/url?url=https://a.example/1">A</a> one</li>'
            '<li><a href="https://b.example/2">B</a> two</li></ul>'
        )
        cards = parse_notification(Notification(html=html), [rule]).cards
        self.assertEqual(
            [c["source_url"] for c in cards], ["https://a.example/1", "https://b.example/2"]
        )


@tagged("post_install", "-at_install")
class TestFetchImage(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.png = png_bytes()
        cls.server, cls.base = start_image_server(cls.png, png_bytes((900, 900)) + b"0" * 200_000)

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def test_loopback_is_refused_unless_allowed(self):
        with self.assertRaises(FetchError):
            fetch_image(f"{self.base}/photo.png")
        data, mimetype = fetch_image(f"{self.base}/photo.png", allow_private=True)
        self.assertEqual((data, mimetype), (self.png, "image/png"))

    def test_only_http_urls(self):
        for url in ("file:///etc/passwd", "ftp://example.com/a.png", "javascript:alert(1)", ""):
            with self.subTest(url=url), self.assertRaises(FetchError):
                fetch_image(url, allow_private=True)

    def test_redirects_are_followed_and_checked(self):
        data, _mimetype = fetch_image(f"{self.base}/redirect.png", allow_private=True)
        self.assertEqual(data, self.png)

    def test_too_large_html_and_missing_are_refused(self):
        for path in ("/big.png", "/page.html", "/missing.png"):
            with self.subTest(path=path), self.assertRaises(FetchError):
                fetch_image(f"{self.base}{path}", max_bytes=100_000, allow_private=True)

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # Odoo's test runner raises every timeout under 10 s to 10 s; the timeout is what
        # these tests measure, and only the loopback server is asked
        return _super_send(session, request, **kwargs)

    def test_a_slow_server_is_given_up_quickly(self):
        start = time.monotonic()
        with self.assertRaises(FetchError):
            fetch_image(f"{self.base}/slow.png", timeout=0.5, allow_private=True)
        self.assertLess(time.monotonic() - start, 3)
