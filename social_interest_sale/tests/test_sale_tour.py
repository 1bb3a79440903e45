from odoo.tests import HttpCase, tagged

from .common import SaleBridgeCase


@tagged("post_install", "-at_install")
class TestSaleTour(HttpCase, SaleBridgeCase):
    """In the browser: a rep opens a card asking "how much for 6 desks?", makes the
    quotation from it, sees 6 desks on it, goes back and answers the card with its link."""

    def test_a_rep_quotes_six_desks_from_the_card_and_answers_with_the_link(self):
        card = self._card(
            body="how much for 6 desks?",
            product_tmpl_id=self.desk.id,
            partner_id=self.customer.id,
            author_email=self.customer.email,
            action_type="question",
            user_id=self.rep.id,
        )
        self.start_tour(
            f"/odoo/social-interest/{card.id}", "social_interest_sale_quotation_tour",
            login="sale_rep",
        )  # fmt: skip
        self.env.invalidate_all()
        order = card.sale_order_ids
        self.assertEqual(len(order), 1)
        self.assertEqual(order.order_line.product_uom_qty, 6)
        # converted by the quotation (the tour saw it), processed by the e-mail answer
        self.assertTrue(card.is_converted)
        self.assertEqual(card.state, "processed")
        self.assertTrue(card.reply_date)
        sent = card.message_ids.filtered(lambda m: m.message_type == "comment")
        self.assertIn(order.access_token, sent[:1].body)
