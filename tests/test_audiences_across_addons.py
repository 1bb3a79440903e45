"""Audiences built from what every addon knows about a contact: a keyword rule's matches
(listening) and a maturity quadrant (maturity) fill a mailing list (e-mail marketing)."""

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestAudiencesAcrossAddons(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.acme = Partner.create(
            {"name": "Acme Audience", "is_company": True, "email": "hello@acme.example.com"}
        )
        cls.acme_buyer = Partner.create(
            {"name": "Ann Buyer", "parent_id": cls.acme.id, "email": "ann@acme.example.com"}
        )
        cls.beta = Partner.create(
            {"name": "Beta Audience", "is_company": True, "email": "hi@beta.example.com"}
        )
        cls.fan = Partner.create({"name": "Kettle Fan", "email": "fan@example.com"})
        cls.mailing_list = cls.env["mailing.list"].create({"name": "Across addons"})

    def _ours(self):
        return self.acme | self.acme_buyer | self.beta | self.fan

    def _audience(self, domain):
        audience = self.env["social.audience"].create(
            {"name": "Across", "mailing_list_id": self.mailing_list.id, "domain": repr(domain)}
        )
        audience._refresh()
        subscriptions = self.env["mailing.subscription"].search(
            [("list_id", "=", self.mailing_list.id)]
        )
        return sorted(subscriptions.contact_id.mapped("email_normalized"))

    def test_a_maturity_quadrant_is_an_audience(self):
        survey = self.env.ref("social_maturity.survey_social_maturity_index")
        Assessment = self.env["social.maturity.assessment"]
        now = fields.Datetime.now()
        Assessment.create(
            [
                {"survey_id": survey.id, "partner_id": self.acme.id, "quadrant": "observer",
                 "date": now.replace(year=now.year - 1)},
                {"survey_id": survey.id, "partner_id": self.acme.id, "quadrant": "contender",
                 "date": now},
                {"survey_id": survey.id, "partner_id": self.beta.id, "quadrant": "observer",
                 "date": now},
            ]
        )  # fmt: skip
        # the latest assessment of the company counts, for its people too
        self.assertEqual(
            self._audience([("smi_quadrant", "=", "contender"), ("id", "in", self._ours().ids)]),
            ["ann@acme.example.com", "hello@acme.example.com"],
        )
        Partner = self.env["res.partner"]
        self.assertNotIn(self.acme, Partner.search([("smi_quadrant", "=", "observer")]))
        self.assertIn(self.beta, Partner.search([("smi_quadrant", "in", ["observer"])]))
        self.assertIn(self.fan, Partner.search([("smi_quadrant", "=", False)]))
        self.assertNotIn(self.fan, Partner.search([("smi_quadrant", "!=", False)]))

    def test_a_keyword_rule_s_matches_are_an_audience(self):
        rule = self.env["social.listening.rule"].create(
            {"name": "Kettle fans", "any_terms": "kettle"}
        )
        connector = self.env["social.listening.connector"].create(
            {"name": "Audience feed", "kind": "rss", "endpoint_url": "https://feeds.example.com/a"}
        )
        self.env["social.mention"].create(
            {
                "connector_id": connector.id,
                "external_id": "audience-1",
                "platform": "rss",
                "body": "I love my kettle",
                "posted_at": fields.Datetime.now(),
                "partner_id": self.fan.id,
                "rule_ids": [fields.Command.set(rule.ids)],
            }
        )
        self.assertEqual(
            self._audience([("social_mention_ids.rule_ids", "in", rule.ids)]),
            ["fan@example.com"],
        )
