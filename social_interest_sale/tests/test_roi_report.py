"""Community ROI: who of the people who interact buys, and what the channel earns."""

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SaleBridgeCase


@tagged("post_install", "-at_install")
class TestRoiReport(SaleBridgeCase):
    def setUp(self):
        super().setUp()
        # only this test's cards and orders count
        self.env["social.interest"].search([]).write({"state": "ignored"})
        self.env["sale.order"].search([("state", "=", "sale")]).write({"state": "cancel"})

    def _figures(self, domain=()):
        Report = self.env["social.interest.sale.report"]
        Report._refresh()
        measures = [
            "people_count:sum", "customer_count:sum", "customer_rate:avg",
            "customer_order_count:sum", "customer_revenue:sum", "attributed_order_count:sum",
            "attributed_revenue:sum", "cost:sum", "revenue_per_cost:avg",
        ]  # fmt: skip
        [row] = Report.with_user(self.manager)._read_group(
            [("source_id", "=", self.source.id), ("month", "=", self.month), *domain],
            aggregates=measures,
        )
        return dict(zip([m.split(":")[0] for m in measures], row, strict=True))

    def test_the_channels_people_customers_and_revenue(self):
        now = fields.Datetime.now()
        self.month = now.date().replace(day=1)
        self.source.cost_ids.unlink()
        self.env["social.interest.source.cost"].create(
            {"source_id": self.source.id, "date_from": self.month, "monthly_cost": 300.0}
        )
        self._card(partner_id=self.customer.id, interest_date=now)
        self._card(identity_id=self.identity.id, interest_date=now)  # the same person
        stranger = self.env["social.identity"].create(
            {"name": "Nobody", "platform": "facebook", "handle": "nobody"}
        )
        self._card(identity_id=stranger.id, interest_date=now)
        prospect = self.env["res.partner"].create({"name": "Prospect"})
        self._card(partner_id=prospect.id, interest_date=now)
        order = self._order(qty=4)  # credited to the first card
        self.assertTrue(order.first_touch_interest_id)
        figures = self._figures()
        self.assertEqual(figures["people_count"], 3)
        self.assertEqual(figures["customer_count"], 1)
        self.assertAlmostEqual(figures["customer_rate"], 100.0 / 3, places=2)
        self.assertEqual(figures["customer_order_count"], 1)
        self.assertAlmostEqual(figures["customer_revenue"], order.amount_untaxed)
        self.assertEqual(figures["attributed_order_count"], 1)
        self.assertAlmostEqual(figures["attributed_revenue"], order.amount_untaxed)
        self.assertAlmostEqual(figures["cost"], 300.0)
        self.assertAlmostEqual(figures["revenue_per_cost"], order.amount_untaxed / 300.0)

    def test_the_analysis_is_for_sales_managers(self):
        with self.assertRaises(AccessError):
            self.env["social.interest.sale.report"].with_user(self.rep).search([])
        with self.assertRaises(AccessError):
            self.env["social.interest.sale.report"].with_user(self.rep).action_refresh_and_open()
        action = self.env["social.interest.sale.report"].with_user(
            self.manager
        ).action_refresh_and_open()  # fmt: skip
        self.assertEqual(action["res_model"], "social.interest.sale.report")
