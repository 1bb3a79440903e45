"""The services both ingestion paths share (HTTP, language, identity, products), tested
without the ORM."""

import time

from odoo.tests import BaseCase, tagged

from ..lib.http import FetchError, HttpAdapter, TransientError, fetch_image
from ..lib.identity import identity_key, normalize_handle, normalize_profile_url
from ..lib.lang import detect_lang
from ..lib.products import ProductMatcher


class SlowBody:
    """A response whose server sends its body one small chunk at a time, forever."""

    status_code = 200
    is_redirect = False
    url = "https://feeds.example.com/slow"
    encoding = "utf-8"

    def __init__(self, pause, content_type="application/json"):
        self.pause = pause
        self.headers = {"Content-Type": content_type}

    def iter_content(self, _size):
        while True:
            time.sleep(self.pause)
            yield b" "

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()


class FakeSession:
    def __init__(self, response):
        self.response = response
        self.headers = {}

    def request(self, method, url, **kwargs):
        return self.response

    def get(self, url, **kwargs):
        return self.response


@tagged("post_install", "-at_install")
class TestLanguage(BaseCase):
    # sentences of our own, none from the detector's training material
    SENTENCES = (
        ("en", "Could you tell me when the walnut bookcase will be back in stock?"),
        ("ja", "ウォールナットの本棚はいつ再入荷しますか？"),
        ("zh", "请问胡桃木书柜什么时候会重新到货？"),
        ("ko", "호두나무 책장은 언제 다시 입고되나요?"),
        ("ru", "Подскажите, когда снова появится книжный шкаф из ореха?"),
        ("uk", "Підкажіть, коли знову з'явиться книжкова шафа з горіха?"),
        ("es", "¿Me podrían decir cuándo volverá a estar disponible la estantería de nogal?"),
        ("fr", "Pourriez-vous me dire quand la bibliothèque en noyer sera de nouveau en stock ?"),
        ("de", "Können Sie mir sagen, wann das Bücherregal aus Nussbaum wieder verfügbar ist?"),
        ("pt", "Vocês podem me dizer quando a estante de nogueira volta ao estoque?"),
    )
    SHORT = (
        ("en", "Where is my order"),
        ("de", "Wo bleibt meine Bestellung?"),
        ("fr", "Où est ma commande ?"),
        ("es", "¿Dónde está mi pedido?"),
        ("pt", "Cadê meu pedido?"),
        ("ru", "Где мой заказ?"),
        ("ja", "注文はまだ？"),
        ("ko", "주문 어디까지 왔나요"),
        ("zh", "我的订单呢"),
    )

    def test_every_language_the_suite_reads(self):
        for lang, text in self.SENTENCES:
            with self.subTest(lang=lang):
                self.assertEqual(detect_lang(text), lang)

    def test_short_texts(self):
        for lang, text in self.SHORT:
            with self.subTest(text=text):
                self.assertEqual(detect_lang(text), lang)

    def test_mixed_texts_go_to_the_language_of_most_words(self):
        self.assertEqual(detect_lang("ACMEの椅子"), "ja")
        self.assertEqual(detect_lang("ACME椅子最高"), "ja")  # a few ideographs: Japanese
        self.assertEqual(detect_lang("I love my new 椅子 from ACME, thanks"), "en")
        self.assertEqual(detect_lang("Диван от ACME просто супер"), "ru")
        self.assertEqual(detect_lang("Great table!! 最高です"), "ja")
        self.assertEqual(
            detect_lang("Ordered the Velvet Sofa last week, delivery was quick, merci beaucoup"),
            "en",
        )

    def test_handles_links_and_tags_are_not_language(self):
        self.assertEqual(detect_lang("@acme_furniture #sofa https://acme.example.com/p/1"), "")
        self.assertEqual(
            detect_lang("@acme_furniture Der Tisch ist wunderschön geworden #danke"), "de"
        )

    def test_no_letter_or_no_clear_language_gives_the_default(self):
        self.assertEqual(detect_lang("👍 !!!", default="en"), "en")
        self.assertEqual(detect_lang(""), "")
        self.assertEqual(detect_lang("lol", default="xx"), "xx")


@tagged("post_install", "-at_install")
class TestHandles(BaseCase):
    def test_case_insensitive_platforms_are_lower_cased(self):
        for platform in ("x", "instagram", "tiktok", "facebook", "bluesky", "reddit", None):
            with self.subTest(platform=platform):
                self.assertEqual(normalize_handle(" @JaneRoe ", platform), "janeroe")

    def test_mastodon_keeps_the_instance(self):
        self.assertEqual(normalize_handle("@Yuki@Fedibird.com", "mastodon"), "yuki@fedibird.com")

    def test_youtube_channel_ids_keep_their_case_handles_do_not(self):
        channel = "UCuAXFkgsw1L7xaCfnd5JJOw"
        self.assertEqual(normalize_handle(channel, "youtube"), channel)
        self.assertEqual(normalize_handle("@AcmeFurniture", "youtube"), "acmefurniture")

    def test_hacker_news_ids_are_case_sensitive(self):
        self.assertEqual(normalize_handle("Dang", "hackernews"), "Dang")

    def test_reddit_prefix_is_dropped(self):
        self.assertEqual(normalize_handle("u/Chair_Fan", "reddit"), "chair_fan")

    def test_identity_key(self):
        self.assertEqual(identity_key("x", "@JaneRoe"), ("x", "janeroe"))
        self.assertIsNone(identity_key("x", " @ "))

    def test_profile_urls_keep_the_account_id_of_their_query(self):
        self.assertEqual(
            normalize_profile_url("https://m.facebook.com/profile.php?ref=notif&id=1000123"),
            "facebook.com/profile.php?id=1000123",
        )
        self.assertEqual(
            normalize_profile_url("https://news.ycombinator.com/user?id=Dang"),
            "news.ycombinator.com/user?id=Dang",
        )
        self.assertEqual(
            normalize_profile_url("https://www.Facebook.com/Jane.Roe.5/?notif_id=77"),
            "facebook.com/jane.roe.5",
        )


@tagged("post_install", "-at_install")
class TestProductMatcher(BaseCase):
    def setUp(self):
        super().setUp()
        self.matcher = ProductMatcher(
            [
                (1, "Oak Dining Table", "オーク材テーブル"),
                (2, "Oak Table", ""),
                (3, "Velvet Sofa", "бархатный диван"),
                (4, "Red Oak", False),
            ]
        )

    def test_the_longest_name_found_anywhere_wins(self):
        self.assertEqual(self.matcher.match(texts=["my red oak dining table wobbles"]), 1)
        self.assertEqual(self.matcher.match(texts=["two oak  dining\ntables"]), 1)

    def test_latin_names_are_whole_words_even_next_to_japanese(self):
        self.assertEqual(self.matcher.match(texts=["Oak Tableを買いました"]), 2)
        self.assertFalse(self.matcher.match(texts=["a soak tablet", "oaktable"]))

    def test_cyrillic_keywords_are_whole_words(self):
        self.assertEqual(self.matcher.match(texts=["Бархатный диван пришёл"]), 3)
        self.assertFalse(self.matcher.match(texts=["бархатный диванчик"]))

    def test_no_product_no_match(self):
        self.assertFalse(ProductMatcher([]).match(texts=["oak table"]))


@tagged("post_install", "-at_install")
class TestHttpDeadline(BaseCase):
    def test_a_body_trickling_in_is_cut_at_the_deadline(self):
        session = FakeSession(SlowBody(0.05))
        http = HttpAdapter(allow_private=True, session=session, deadline=0.3)
        start = time.monotonic()
        with self.assertRaises(TransientError):
            http.get_json("https://feeds.example.com/slow")
        self.assertLess(time.monotonic() - start, 2)

    def test_a_photo_trickling_in_is_given_up(self):
        session = FakeSession(SlowBody(0.05, content_type="image/png"))
        with self.assertRaises(FetchError):
            fetch_image("https://img.example.com/a.png", timeout=0.3, session=session,
                        allow_private=True)  # fmt: skip
