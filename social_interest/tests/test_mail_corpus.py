import email
import logging

from odoo.exceptions import UserError
from odoo.tests import tagged

from .corpus_score import CORPUS, corpus_paths, ensure_products, expected_of, read_cards, score
from .gateway_common import MAIL_DIR, GatewayCase, make_mail

_logger = logging.getLogger(__name__)

# what the general reader alone, then with the shipped rules, must read right (share of fields)
READER_ALONE = 0.90
WITH_RULES = 0.97


@tagged("post_install", "-at_install")
class TestMailCorpus(GatewayCase):
    """The corpus of data/mail_corpus/, not written from the rules, read through the gateway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_products(cls.env)

    def _report(self, name, result):
        _logger.info(
            "mail corpus, %s: %s of %s fields right (%.1f %%), cards read by %s",
            name,
            result.right,
            result.total,
            100 * result.share,
            result.read_by,
        )
        for miss in result.misses:
            _logger.info("  missed %s", miss)

    def test_corpus_is_wide(self):
        paths = corpus_paths()
        folders = {path.parent.name for path in paths}
        self.assertGreaterEqual(
            folders,
            {"facebook", "instagram", "x", "linkedin", "youtube", "vk", "tiktok", "google_alerts"},
        )
        langs = {
            card["lang"] for path in paths for card in expected_of(path)["cards"] if card["lang"]
        }
        self.assertGreaterEqual(langs, {"en", "ja", "ru", "es", "fr", "de", "pt", "ko", "zh"})
        self.assertTrue(any(expected_of(path).get("forward_of") for path in paths))

    def test_general_reader_alone(self):
        result = score(self.env, corpus_paths(), rules=False)
        self._report("general reader alone", result)
        self.assertGreaterEqual(result.share, READER_ALONE, result.misses[:20])
        self.assertNotIn("rule", result.read_by)

    def test_general_reader_on_the_independent_part(self):
        # e-mails written by someone who never saw the reader, from the platforms' help
        # pages only (see data/mail_corpus/README.md)
        paths = [p for p in corpus_paths() if expected_of(p).get("provenance") == "independent"]
        self.assertGreaterEqual(len(paths), 15)
        result = score(self.env, paths, rules=False)
        self._report("independent part, general reader alone", result)
        self.assertGreaterEqual(result.share, READER_ALONE, result.misses[:20])

    def test_with_rules(self):
        result = score(self.env, corpus_paths(), rules=True)
        self._report("with the shipped rules", result)
        self.assertGreaterEqual(result.share, WITH_RULES, result.misses[:20])

    def test_forwarded_copy_gives_the_original_card(self):
        forwards = [path for path in corpus_paths() if expected_of(path).get("forward_of")]
        self.assertGreaterEqual(len(forwards), 5)
        for path in forwards:
            original = path.parents[1] / (expected_of(path)["forward_of"] + ".eml")
            with self.subTest(forward=path.name):
                mine, theirs = (
                    read_cards(self.env, path.read_bytes()),
                    read_cards(self.env, original.read_bytes()),
                )
                self.assertEqual(len(mine), len(theirs))
                for got, wanted in zip(mine, theirs, strict=True):
                    for name, value in wanted.items():
                        if name == "interest_date":  # forwarded dates carry minutes only
                            self.assertEqual(got[name][:16], value[:16])
                        else:
                            self.assertEqual(got[name], value, name)

    def test_forward_and_original_make_one_card(self):
        path = next(p for p in corpus_paths() if expected_of(p).get("forward_of"))
        original = path.parents[1] / (expected_of(path)["forward_of"] + ".eml")
        card = self.Interest.browse(self.process(path.read_bytes()))
        self.assertEqual(card.read_by, "reader")
        self.assertIn("forwarded by ken.sato@acme.example.com", card.reading_trace)
        # the rep forwarded it, the platform's own e-mail comes in later: the same card
        again = self.Interest.browse(self.process(original.read_bytes()))
        self.assertEqual(again, card)
        original_id = email.message_from_bytes(original.read_bytes())["Message-Id"].strip()
        self.assertIn(original_id, card.message_ids.mapped("message_id"))


@tagged("post_install", "-at_install")
class TestHowACardWasRead(GatewayCase):
    """A card tells which layer read it; an admin can try the rules on it and make a rule."""

    def test_new_wording_of_a_known_platform(self):
        raw = make_mail(
            subject="Ines Ortiz hat auf deinen Kommentar geantwortet",
            sender="Facebook <notification@facebookmail.com>",
            body="Ines Ortiz hat auf deinen Kommentar geantwortet:\n"
            "\u201eGibt es das Samtsofa auch in Grün?\u201c\n"
            "https://www.facebook.com/acme/posts/pfbid0Q?comment_id=9911",
            message_id="<new-wording@facebookmail.com>",
        )
        card = self.Interest.browse(self.process(raw))
        self.assertEqual((card.platform, card.action_type), ("facebook", "comment"))
        self.assertEqual(card.author_name, "Ines Ortiz")
        self.assertEqual(card.body, "Gibt es das Samtsofa auch in Grün?")
        self.assertEqual((card.external_id, card.lang), ("9911", "de"))
        self.assertEqual(card.read_by, "reader")
        self.assertFalse(card.parse_rule_id)
        self.assertIn("sender domain facebookmail.com", card.reading_trace)
        self.assertIn("geantwortet", card.reading_trace)

    def test_a_shipped_rule_refines_the_reading(self):
        raw = (MAIL_DIR / "facebook" / "comment_en.eml").read_bytes()
        card = self.Interest.browse(self.process(raw))
        self.assertEqual(card.read_by, "rule")
        self.assertTrue(card.parse_rule_id)
        self.assertIn(f"rule {card.parse_rule_id.name}", card.reading_trace)

    def test_a_persons_email(self):
        card = self.Interest.browse(self.process(make_mail()))
        self.assertEqual((card.read_by, card.platform), ("fallback", "email"))

    def test_try_the_rules_from_a_card_then_make_a_rule(self):
        path = CORPUS / "linkedin" / "comment_fr.eml"
        card = self.Interest.browse(self.process(path.read_bytes()))
        action = card.action_try_rules()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(wizard.card_id, card)
        self.assertEqual(wizard.read_by, "reader")
        self.assertIn("none, the general reader read it", wizard.result)
        self.assertIn("author_name: Julien Moreau", wizard.result)
        action = wizard.action_make_rule()
        rule = (
            self.env["social.interest.parse.rule"]
            .with_context(active_test=False)
            .browse(action["res_id"])
        )
        self.assertFalse(rule.active)  # to check before it reads anything
        self.assertEqual(
            (rule.platform, rule.action_type, rule.lang), ("linkedin", "comment", "fr")
        )
        self.assertIn("(?P<author>.+?)", rule.subject_pattern)
        # the new rule reads the e-mail it was made from
        rule.active = True
        card.unlink()
        card2 = self.Interest.browse(
            self.process(path.read_bytes().replace(b"Message-ID: <", b"Message-ID: <again-"))
        )
        self.assertEqual(card2.parse_rule_id, rule)
        self.assertEqual(card2.author_name, "Julien Moreau")

    def test_a_card_without_its_original(self):
        card = self.Interest.create(
            {"platform": "x", "action_type": "comment", "author_name": "Jo", "body": "Hi"}
        )
        with self.assertRaises(UserError):
            card.action_try_rules()
