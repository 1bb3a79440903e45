"""The executive digest: the figures of the period, e-mailed to the chosen managers."""

from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestExecutiveDigest(SocialInterestCase):
    def setUp(self):
        super().setUp()
        self.company = self.env.company
        # only this test's cards count: the company's other cards are set aside
        self.env["social.interest"].search([]).write({"state": "ignored"})

    def _cards(self, moment):
        cards = [
            self._card(interest_date=moment - timedelta(days=1), sentiment="negative"),
            self._card(
                interest_date=moment - timedelta(days=2), sentiment="positive", processed=True
            ),  # fmt: skip
            self._card(interest_date=moment - timedelta(days=3), platform="x", source_id=False),
            self._card(interest_date=moment - timedelta(days=9), sentiment="positive"),
        ]
        lead = self.env["crm.lead"].create({"name": "Table for the office", "type":
                                            "opportunity", "expected_revenue": 1200.0})  # fmt: skip
        lead.first_touch_interest_id = cards[0]
        lead.action_set_won()
        return cards

    def test_the_figures_of_the_period(self):
        moment = datetime(2026, 1, 20, 12, 0)
        self._cards(moment)
        # 3,100 a month from January: 100 a day of January, nothing before
        self.env["social.interest.source.cost"].search([]).unlink()
        self.env["social.interest.source.cost"].create(
            {"source_id": self.source_fb.id, "date_from": "2026-01-01", "monthly_cost": 3100.0}
        )
        digest = self.company._social_digest_values(date_to=moment)
        self.assertEqual((digest["volume"], digest["volume_before"]), (3, 1))
        self.assertEqual(
            {row["label"]: (row["count"], row["before"]) for row in digest["by_platform"]},
            {"Facebook": (2, 1), "X (Twitter)": (1, 0)},
        )
        self.assertEqual(digest["processed_rate"], 33.3)
        self.assertEqual((digest["leads"], digest["won"], digest["won_revenue"]), (1, 1, 1200.0))
        self.assertEqual(digest["negative_rate"], 50.0)  # 1 of the 2 cards with a sentiment
        self.assertEqual(digest["negative_rate_before"], 0.0)
        self.assertEqual(digest["cost"], 700.0)  # 13 to 19 January
        self.assertEqual(digest["cost_per_lead"], 700.0)
        digest = self.company._social_digest_values(date_to=datetime(2026, 1, 3))
        self.assertEqual(digest["cost"], 200.0)  # only 1 and 2 January cost something

    def test_the_scheduled_action_mails_the_chosen_managers(self):
        self.cards = self._cards(fields.Datetime.now())
        self.company.social_digest_user_ids = self.manager
        before = self.env["mail.mail"].sudo().search([]).ids
        self.env["res.company"]._cron_social_digest()
        mails = self.env["mail.mail"].sudo().search([("id", "not in", before)])
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.manager.partner_id)
        self.assertIn("Social interest", mails.subject)
        body = mails.body_html
        self.assertIn("Facebook", body)
        self.assertIn("33.3", body)  # processed %
        self.assertIn("action-social_interest.action_social_interest_analysis", body)
        # no person's words or names in a digest
        self.assertNotIn(self.cards[0].body, body)
        self.assertNotIn("Jane Roe", body)

    def test_no_recipient_no_mail(self):
        self.company.social_digest_user_ids = False
        before = self.env["mail.mail"].sudo().search_count([])
        self.env["res.company"]._cron_social_digest()
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), before)
