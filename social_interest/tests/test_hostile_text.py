"""Text from anyone never holds the gateway: patterns in linear time, rules with a limit."""

import json
import re
import select
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from lxml import etree

from odoo.tests import BaseCase, tagged

from ..lib import html, identity, lang, products, redirects, sensitive, urls
from ..parsing import (
    Notification,
    Rule,
    RuleTimeout,
    classify,
    extract,
    forward,
    message,
    parse_notification,
    platforms,
    reader,
    vocabulary,
)
from ..parsing import rules as rules_module
from ..parsing import text as text_module
from .gateway_common import GatewayCase, make_mail

RULES_XML = Path(__file__).resolve().parents[1] / "data" / "social_interest_parse_rule_data.xml"
SIZE = 65536  # one line of 64 KB: a quadratic pattern takes minutes on it
# lines an attacker writes: runs of the characters our patterns look for
HOSTILE = {
    "lt": "<",
    "at": "@",
    "quote": '"',
    "guillemet": "«",
    "lt-a-at": "<a@",
    "space": " ",
    "letter": "a",
    "words": "ab ",
    "dots": ".",
    "wrote": "Jane <j@x.com> wrote: «",
    "lines": "a\n",
    "colons": "a:",
    "digits": "1",
    "slashes": "/",
    "urls": "http://a",
    "quoted-lines": '\n"x',
    "curly-lines": "\n\u201cx",
    "quoted-pairs": '\n"x"y',
    "stars": '\n★★★★★\n"x',
    "replies": "Replying to @a\nx",
    "forms": "\nName: a\nE-mail: b\nMessage: c",
    "years": "2024年",
    "on": "On a",
    "gt": "> ",
}
# run in a child process: a pattern that backtracks cannot be interrupted in this one
CHILD = r"""
import json, re, sys, time
patterns, hostile, size = json.load(sys.stdin)
texts = [(name, (unit * (size // len(unit) + 1))[:size]) for name, unit in hostile.items()]
for index, (where, pattern, flags) in enumerate(patterns):
    compiled = re.compile(pattern, flags)
    worst = (0.0, "")
    for name, text in texts:
        start = time.process_time()  # CPU time: a loaded machine does not count
        compiled.search(text)
        spent = time.process_time() - start
        worst = max(worst, (spent, name))
    print(json.dumps([index, worst[0], worst[1]]), flush=True)
"""


def shipped_patterns():
    """Every regular expression we ship: the parsing and library modules', the platforms'
    and the shipped parsing rules' (as ``(where, pattern, flags)``)."""
    found, seen = [], set()

    def add(where, pattern, flags):
        if isinstance(pattern, str) and (pattern, flags) not in seen:
            seen.add((pattern, flags))
            found.append((where, pattern, flags))

    def walk(value, where, depth=0):
        if isinstance(value, re.Pattern):
            add(where, value.pattern, value.flags)
        elif depth < 3 and isinstance(value, list | tuple | set | frozenset):
            for index, item in enumerate(value):
                walk(item, f"{where}[{index}]", depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}[{key!r}]", depth + 1)

    modules = (classify, extract, forward, html, message, platforms, reader, redirects)
    modules += (rules_module, text_module, vocabulary, identity, lang, products, sensitive, urls)
    for module in modules:
        for name, value in vars(module).items():
            walk(value, f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
    for spec in platforms.PLATFORMS:
        for attribute in ("item", "profile", "not_item"):
            add(f"platform {spec.key}.{attribute}", getattr(spec, attribute), re.IGNORECASE)
    for record in etree.parse(str(RULES_XML)).iter("record"):
        for node in record.iter("field"):
            name = node.get("name")
            if name.endswith("_pattern") and (node.text or "").strip():
                flags = re.IGNORECASE | (re.DOTALL if name == "body_pattern" else 0)
                add(f"rule {record.get('id')}.{name}", node.text.strip(), flags)
    return found


@tagged("post_install", "-at_install")
class TestLinearPatterns(BaseCase):
    def test_no_shipped_pattern_backtracks_on_hostile_lines(self):
        patterns = shipped_patterns()
        self.assertGreater(len(patterns), 100)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        child.stdin.write(json.dumps([patterns, HOSTILE, SIZE]))
        child.stdin.close()
        slow = []
        try:
            for where, pattern, _flags in patterns:
                ready, _, _ = select.select([child.stdout], [], [], 10)
                if not ready:
                    self.fail(f"{where} still runs after 10 s on a 64 KB line: {pattern[:120]}")
                _index, spent, text = json.loads(child.stdout.readline())
                if spent > 0.5:
                    slow.append((where, text, round(spent, 2)))
        finally:
            child.kill()
            child.wait()
        self.assertEqual(slow, [], "patterns slower than linear on 64 KB of hostile text")


@tagged("post_install", "-at_install")
class TestRulesRunWithATimeLimit(BaseCase):
    BACKTRACKING = r"(?P<body>(a|aa)+)$"  # exponential on a run of "a" that does not end it
    HOSTILE_BODY = "Kim Lee commented on your post.\n\n" + "a" * 60 + "b"

    def _notification(self, body):
        return Notification.from_bytes(
            make_mail(
                subject="Kim Lee commented on your post",
                sender="Facebook <notification@facebookmail.com>",
                body=body,
            )
        )

    def test_a_backtracking_rule_stops_and_the_mail_is_read(self):
        rule = Rule(name="Slow", platform="facebook", body_pattern=self.BACKTRACKING, id=7)
        rule.compile()
        notification = self._notification(self.HOSTILE_BODY)
        start = time.monotonic()
        with self.assertRaises(RuleTimeout):
            rule.apply(notification)
        self.assertLess(time.monotonic() - start, 1.0)
        start = time.monotonic()
        result = parse_notification(notification, [rule])
        self.assertLess(time.monotonic() - start, 1.0)
        self.assertEqual(result.read_by, "reader")
        self.assertEqual(result.timed_out, [7])
        self.assertIn("Slow: body_pattern took more than", result.errors[0])
        self.assertEqual(result.cards[0].author_name, "Kim Lee")

    def test_rules_have_a_budget_per_mail(self):
        slow = [
            Rule(name=f"Slow {n}", platform="facebook", body_pattern=self.BACKTRACKING, id=n)
            for n in range(1, 9)
        ]
        notification = self._notification(self.HOSTILE_BODY)
        start = time.monotonic()
        result = parse_notification(notification, slow)
        self.assertLess(time.monotonic() - start, 1.2)
        self.assertLess(len(result.timed_out), 8, "the budget stops the rules before the last")
        self.assertIn("rules not tried after", result.errors[-1])

    def test_rules_see_bounded_lines(self):
        text = "x" * 10_000 + "\nshort\n"
        self.assertEqual(rules_module.bounded(text), "x" * rules_module.MAX_LINE + "\nshort\n")
        self.assertEqual(len(rules_module.bounded("y" * 500_000)), rules_module.MAX_LINE)


@tagged("post_install", "-at_install")
class TestTimeoutOnTheRule(GatewayCase):
    def test_a_rule_that_times_out_is_reported_on_it_and_the_card_comes(self):
        rule = self.env["social.interest.parse.rule"].create(
            {
                "name": "Facebook: too clever",
                "sequence": 1,
                "platform": "facebook",
                "sender_pattern": r"@facebookmail\.com",
                "body_pattern": TestRulesRunWithATimeLimit.BACKTRACKING,
            }
        )
        raw = make_mail(
            subject="Kim Lee commented on your post",
            sender="Facebook <notification@facebookmail.com>",
            body=TestRulesRunWithATimeLimit.HOSTILE_BODY,
            message_id="<slow-rule@facebookmail.com>",
        )
        card = self.Interest.browse(self.process(raw))
        self.assertEqual((card.platform, card.read_by), ("facebook", "reader"))
        self.assertIn("Facebook: too clever: body_pattern took more than", card.gateway_error)
        self.assertEqual(rule.timeout_count, 1)
        self.assertEqual(rule.timeout_ids.message_id, "<slow-rule@facebookmail.com>")
        self.assertTrue(rule.last_timeout_date)


@tagged("post_install", "-at_install")
class TestHostileMail(GatewayCase):
    """Mails written to hurt the parser each give a card, the whole e-mail kept."""

    def _original_of(self, card):
        return self.env["ir.attachment"].search(
            [
                ("res_model", "=", "social.interest"),
                ("res_id", "=", card.id),
                ("name", "=", "original_email.eml"),
            ]
        )

    def test_nul_bytes_and_lone_surrogates(self):
        raw = make_mail(
            subject="Kim Lee commented on your post",
            sender="Facebook <notification@facebookmail.com>",
            body="Kim Lee commented:\n“NUL\x00 here”\n",
            message_id="<nul@facebookmail.com>",
        )
        raw = raw.replace(b"Subject: Kim Lee", b"Subject: \xff\x00Kim Lee")
        card = self.Interest.browse(self.process(raw))
        self.assertTrue(card)
        self.assertNotIn("\x00", card.body or "")
        self.assertNotIn("\x00", card.message_ids[-1:].subject or "")
        self.assertEqual(self._original_of(card).raw, raw, "the original is kept byte for byte")

    def test_a_codec_that_is_no_text_encoding(self):
        for number, charset in enumerate(("hex_codec", "rot_13", "x-no-such-charset")):
            with self.subTest(charset=charset):
                raw = (
                    "From: Ken Ito <ken.ito@example.com>\r\nTo: social@acme.example.com\r\n"
                    f"Subject: Question\r\nMessage-Id: <codec-{number}@example.com>\r\n"
                    f'Content-Type: text/plain; charset="{charset}"\r\n\r\n'
                    "Do you deliver to Kyoto?\r\n"
                ).encode()
                card = self.Interest.browse(self.process(raw))
                self.assertIn("Kyoto", card.body)

    def test_a_huge_mail_is_logged_in_part_and_kept_whole(self):
        body = ("Is the oak table still available? " * 300 + "\n") * 60  # about 600 KB
        raw = make_mail(subject="Question", body=body, message_id="<huge@example.com>")
        card = self.Interest.browse(self.process(raw))
        logged = card.message_ids.filtered(lambda m: m.message_id == "<huge@example.com>")
        self.assertLess(len(logged.body), 520_000)
        self.assertIn("The rest of this e-mail is in its original", logged.body)
        self.assertEqual(self._original_of(card).raw, raw)

    def test_many_attachments_stay_in_the_original(self):
        message = EmailMessage()
        message["From"] = "Ken Ito <ken.ito@example.com>"
        message["To"] = "social@acme.example.com"
        message["Subject"] = "Photos of my order"
        message["Message-Id"] = "<many-files@example.com>"
        message.set_content("See the photos.")
        for number in range(130):
            message.add_attachment(
                b"x" * 16, maintype="image", subtype="png", filename=f"p{number}.png"
            )
        raw = bytes(message)
        card = self.Interest.browse(self.process(raw))
        logged = card.message_ids.filtered(lambda m: m.message_id == "<many-files@example.com>")
        self.assertEqual(len(logged.attachment_ids), 101, "a hundred files and the original")
        self.assertEqual(self._original_of(card).raw, raw)


@tagged("post_install", "-at_install")
class TestSpamStaysOutOfTheQueue(GatewayCase):
    def _mail(self, number, headers):
        return make_mail(
            subject="URGENT request for quotation",
            sender="Purchasing Dept <buyer@quotes.example.net>",
            body="Kindly find attached our RFQ and send your best price.",
            message_id=f"<spam-{number}@quotes.example.net>",
            headers=headers,
        )

    def test_the_receiving_servers_verdict_puts_the_card_aside(self):
        verdicts = (
            {"X-Spam-Flag": "YES"},
            {"X-Spam-Status": "Yes, score=9.1 required=5.0 tests=FREEMAIL_FROM"},
            {"X-Spam-Score": "7.3"},
            {"Authentication-Results": "mx.acme.example.com; spf=pass; dmarc=fail p=reject"},
        )
        for number, headers in enumerate(verdicts):
            with self.subTest(headers=headers):
                card = self.Interest.browse(self.process(self._mail(number, headers)))
                self.assertEqual(card.state, "ignored")
                self.assertTrue(card.spam_reason)
                self.assertFalse(card.user_id)
                self.assertFalse(card.ack_due_date)
        card.action_reset()
        self.assertEqual(card.state, "new", "restorable")

    def test_a_verdict_for_the_mail_is_not_a_pass(self):
        for number, headers in enumerate(
            (
                {"X-Spam-Flag": "NO"},
                {"X-Spam-Score": "1.2"},
                {"Authentication-Results": "mx.acme.example.com; spf=fail; dmarc=pass"},
            )
        ):
            with self.subTest(headers=headers):
                card = self.Interest.browse(self.process(self._mail(10 + number, headers)))
                self.assertNotEqual(card.state, "ignored")
                self.assertFalse(card.spam_reason)

    def test_the_threshold_is_a_setting(self):
        self.env["ir.config_parameter"].sudo().set_param("social_interest.spam_score", "8")
        card = self.Interest.browse(self.process(self._mail(20, {"X-Spam-Score": "7.3"})))
        self.assertNotEqual(card.state, "ignored")
