import email

from odoo.tests import tagged

from .gateway_common import COMPARED, GatewayCase, expected_cards, fixture_paths


@tagged("post_install", "-at_install")
class TestGatewayFixtures(GatewayCase):
    """Every sample notification of data/mail/ gives the card written beside it."""

    def test_fixtures_are_many_and_cover_every_platform(self):
        folders = {path.parent.name for path in fixture_paths()}
        self.assertGreaterEqual(
            folders,
            {
                "facebook",
                "instagram",
                "x",
                "linkedin",
                "youtube",
                "vk",
                "tiktok",
                "google_alerts",
                "google_business",
                "trustpilot",
                "website",
            },
        )
        for folder in folders:
            count = len([p for p in fixture_paths() if p.parent.name == folder])
            self.assertGreaterEqual(count, 3, f"{folder} needs three samples at least")

    def test_every_fixture_gives_its_expected_cards(self):
        for path in fixture_paths():
            with self.subTest(fixture=f"{path.parent.name}/{path.name}"):
                raw = path.read_bytes()
                expected = expected_cards(path)
                message_id = email.message_from_bytes(raw)["Message-Id"].strip()
                self.process(raw)
                cards = self.cards_of(message_id)
                self.assertEqual(len(cards), len(expected))
                for card, wanted in zip(cards, expected, strict=True):
                    for field in COMPARED:
                        self.assertEqual(card[field] or "", wanted[field] or "", field)
                    self.assertEqual(str(card.interest_date), wanted["interest_date"])
                    self.assertEqual(card.product_tmpl_id.name or None, wanted["product"])
                    self.assertFalse(card.gateway_error)
                    self.assertIn(
                        "original_email.eml",
                        self.env["ir.attachment"]
                        .search([("res_model", "=", card._name), ("res_id", "=", card.id)])
                        .mapped("name"),
                    )
