"""Beside the conversation: the person's orders, invoices due, revenue and products, as the
user may see them."""

from odoo.tests import tagged

from .common import SaleBridgeCase


@tagged("post_install", "-at_install")
class TestCustomerOrders(SaleBridgeCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colleague = cls.env["res.partner"].create(
            {"name": "John Roe", "parent_id": cls.company_partner.id}
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Somebody Else"})
        cls.first = cls._order(qty=2, when=cls._days_ago(30))
        cls.theirs = cls._order(partner=cls.colleague, product=cls.chair, qty=4)
        cls.quote = cls._order(confirm=False)
        cls.not_theirs = cls._order(partner=cls.stranger)

    def test_the_card_shows_the_persons_and_their_companys_orders(self):
        # the card knows the person through their Facebook account only
        card = self._card(identity_id=self.identity.id)
        card = card.with_user(self.rep)
        self.assertEqual(set(card.person_order_ids.ids), {self.first.id, self.theirs.id,
                                                          self.quote.id})  # fmt: skip
        self.assertEqual(card.person_order_count, 3)
        confirmed = self.first.amount_total + self.theirs.amount_total
        self.assertAlmostEqual(card.person_revenue, confirmed)
        self.assertEqual(card.person_last_order_date, self.theirs.date_order)
        self.assertEqual(
            card.person_product_ids,
            self.chair.product_variant_id | self.desk.product_variant_id,
        )
        self.assertEqual(card.person_product_ids[0], self.chair.product_variant_id)

    def test_an_order_the_card_names_comes_first(self):
        orders = self.env["sale.order"].browse(
            [self._order(when=self._days_ago(days)).id for days in range(1, 8)]
        )
        card = self._card(partner_id=self.customer.id, body=f"Where is {self.first.name}?")
        self.assertEqual(card.person_order_ids[0], self.first)
        self.assertEqual(len(card.person_order_ids), 5)
        self.assertIn(orders[0], card.person_order_ids)

    def test_delivery_of_the_orders(self):
        self.assertEqual(self.first.social_delivery_state, "pending")
        self.first.order_line.qty_delivered = 1
        self.assertEqual(self.first.social_delivery_state, "partial")
        self.first.order_line.qty_delivered = 2
        self.assertEqual(self.first.social_delivery_state, "full")
        self.assertEqual(self.quote.social_delivery_state, "none")

    def test_invoices_due(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [(0, 0, {"name": "Desk", "quantity": 1, "price_unit": 120.0})],
            }
        )
        invoice.action_post()
        card = self._card(partner_id=self.customer.id)
        self.assertAlmostEqual(card.person_invoice_due, invoice.amount_residual_signed)
        self.assertGreater(card.person_invoice_due, 0)

    def test_a_salesman_with_own_documents_sees_his_orders_only(self):
        mine = self._order(user=self.rep)
        others = self._order(user=self.other_rep)
        card = self._card(partner_id=self.customer.id).with_user(self.rep)
        self.assertIn(mine, card.person_order_ids)
        self.assertNotIn(others, card.person_order_ids)
        # the figures are his too: another salesman's order is in no sum
        as_other = card.with_user(self.other_rep)
        self.assertIn(others, as_other.person_order_ids)
        self.assertNotIn(mine, as_other.person_order_ids)
        self.assertNotEqual(card.person_revenue, as_other.person_revenue)
        everything = card.with_user(self.manager).person_order_count
        self.assertGreater(everything, card.person_order_count)

    def test_a_card_without_a_person_shows_no_order(self):
        card = self._card(author_name="Anonymous")
        self.assertFalse(card.person_order_ids)
        self.assertEqual(card.person_revenue, 0)

    def test_the_customer_area_costs_the_same_queries_for_one_order_or_many(self):
        card = self._card(partner_id=self.customer.id)
        counts = []
        for extra in (0, 0, 30):  # the first read warms the caches (rules, views)
            for _ in range(extra):
                self._order(qty=1)
            self.env.flush_all()
            self.env.invalidate_all()
            record = card.with_user(self.rep)
            before = self.env.cr.sql_log_count
            record.read(["person_order_ids", "person_revenue", "person_product_ids"])
            record.person_order_ids.read(["name", "state", "social_delivery_state",
                                          "amount_total"])  # fmt: skip
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[1], counts[2])
