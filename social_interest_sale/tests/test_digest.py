"""The executive digest's customers section (the sales bridge's figures)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SaleBridgeCase


@tagged("post_install", "-at_install")
class TestDigestRoi(SaleBridgeCase):
    def test_the_digest_says_what_the_people_who_interacted_buy(self):
        self.env["social.interest"].search([]).write({"state": "ignored"})
        self.env["sale.order"].search([("state", "=", "sale")]).write({"state": "cancel"})
        now = fields.Datetime.now()
        self._card(partner_id=self.customer.id, interest_date=now - timedelta(days=2))
        self._card(partner_id=self.env["res.partner"].create({"name": "Prospect"}).id)
        order = self._order(qty=2)
        company = self.env.company
        figures = company._social_roi_figures(now - timedelta(days=7), now + timedelta(hours=1))
        self.assertEqual(figures["people"], 2)
        self.assertEqual(figures["customers"], 1)
        self.assertEqual(figures["customer_orders"], 1)
        self.assertAlmostEqual(figures["attributed_revenue"], order.amount_untaxed)
        company.social_digest_user_ids = self.manager
        template = self.env.ref("social_interest.mail_template_social_digest")
        body = template._render_field("body_html", company.ids)[company.id]
        self.assertIn("Customers and revenue", body)
        self.assertIn("known customers: 1", body)
