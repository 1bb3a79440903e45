"""A card that asks for a price becomes a quotation, and its answer carries the link."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SaleBridgeCase


@tagged("post_install", "-at_install")
class TestQuotation(SaleBridgeCase):
    def _ask(self, body, **values):
        return self._card(
            body=body, product_tmpl_id=self.desk.id, user_id=self.rep.id, **values
        ).with_user(self.rep)

    def test_how_much_for_six_desks_becomes_a_quotation_of_six_desks(self):
        card = self._ask("how much for 6 desks?", partner_id=self.customer.id)
        action = card.action_create_quotation()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.product_id, self.desk.product_variant_id)
        self.assertEqual(order.order_line.product_uom_qty, 6)
        self.assertEqual(order.user_id, self.rep)
        self.assertEqual(order.team_id, self.team)
        # the card's channel on the order, and both linked
        self.assertEqual(order.source_id, self.source.utm_source_id)
        self.assertEqual(order.medium_id, self.source.utm_medium_id)
        self.assertTrue(order.source_id)
        self.assertEqual(order.interest_id, card)
        self.assertEqual(card.sale_order_ids, order)
        self.assertEqual(card.sale_order_count, 1)
        self.assertEqual(order.first_touch_interest_id, card)
        self.assertEqual(card.state, "converted")

    def test_the_quantity_in_japanese(self):
        card = self._ask("このデスクを6台ください。おいくらですか", partner_id=self.customer.id)
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        self.assertEqual(order.order_line.product_uom_qty, 6)

    def test_no_quantity_is_one_and_no_product_is_an_empty_quotation(self):
        card = self._ask("how much is the desk?", partner_id=self.customer.id)
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        self.assertEqual(order.order_line.product_uom_qty, 1)
        card = self._card(body="what do you sell?", partner_id=self.customer.id)
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        self.assertFalse(order.order_line)

    def test_the_opportunitys_campaign_goes_on_the_order(self):
        campaign = self.env["utm.campaign"].create({"name": "Spring desks"})
        lead = self.env["crm.lead"].create(
            {"name": "Desks", "type": "opportunity", "campaign_id": campaign.id}
        )
        card = self._ask("6 desks?", partner_id=self.customer.id, lead_id=lead.id)
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        self.assertEqual(order.campaign_id, campaign)

    def test_a_contact_is_made_from_the_authors_address(self):
        card = self._ask("how much for 2 desks?", author_email="new.buyer@example.com",
                         author_name="New Buyer")  # fmt: skip
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        self.assertEqual(order.partner_id.email, "new.buyer@example.com")
        self.assertEqual(card.partner_id, order.partner_id)

    def test_an_author_with_no_contact_and_no_address_gets_no_quotation(self):
        namesake = self.env["res.partner"].create({"name": "Unknown Buyer"})
        identity = self.env["social.identity"].create(
            {
                "name": "Unknown Buyer",
                "platform": "x",
                "handle": "unknownbuyer",
                "suggested_partner_id": namesake.id,
            }
        )
        card = self._ask("how much?", author_name="Unknown Buyer", identity_id=identity.id)
        partners = self.env["res.partner"].search_count([])
        with self.assertRaises(UserError):
            card.action_create_quotation()
        # a namesake is only a suggestion: never the quotation's customer
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertFalse(card.sale_order_ids)

    def test_answer_by_email_with_the_quotations_link(self):
        card = self._ask("how much for 6 desks?", partner_id=self.customer.id,
                         author_email=self.customer.email)  # fmt: skip
        self.assertEqual(card.reply_mode, "email")
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        action = card.action_reply_with_quotation()
        body = action["context"]["default_body"]
        link = order.get_base_url() + order.get_portal_url()
        self.assertIn(link, body)
        self.assertIn("access_token=", link)
        self.assertTrue(link.startswith("http"))
        composer = Form(
            self.env["mail.compose.message"].with_user(self.rep).with_context(**action["context"])
        ).save()
        composer._action_send_mail()
        self.assertTrue(card.reply_date)
        self.assertEqual(card.reply_user_id, self.rep)
        # the responsible's e-mail answer processes the card (the suite's rule)
        self.assertIn(card.state, ("converted", "processed"))
        self.assertIn(order.access_token, card.message_ids[0].body)

    def test_answer_on_the_platform_with_the_quotations_link(self):
        card = self._ask("how much for 6 desks?", partner_id=self.customer.id,
                         source_url="https://www.facebook.com/acme/posts/1")  # fmt: skip
        self.assertEqual(card.reply_mode, "platform")
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        action = card.action_reply_with_quotation()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        self.assertIn(order.get_portal_url(), wizard.reply_text)

    def test_the_authors_name_stays_text_in_the_answer(self):
        card = self._ask("6 desks?", partner_id=self.customer.id, author_email=self.customer.email,
                         author_name="<b>Jane</b>")  # fmt: skip
        card.action_create_quotation()
        body = card.action_reply_with_quotation()["context"]["default_body"]
        self.assertNotIn("<b>Jane", body)
        self.assertIn("&lt;b&gt;Jane", body)

    def test_no_quotation_no_answer_with_it(self):
        card = self._ask("how much?", partner_id=self.customer.id)
        with self.assertRaises(UserError):
            card.action_reply_with_quotation()

    def test_both_directions_open(self):
        card = self._ask("6 desks?", partner_id=self.customer.id)
        order = self.env["sale.order"].browse(card.action_create_quotation()["res_id"])
        self.assertEqual(order.with_user(self.rep).action_open_interest()["res_id"], card.id)
        action = card.action_view_quotations()
        self.assertEqual(self.env["sale.order"].search(action["domain"]), order)

    def test_the_answer_is_in_the_cards_language(self):
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"]._load_module_terms(["social_interest_sale"], ["ja_JP"])
        card = self._ask("デスクを6台ください。おいくらですか", partner_id=self.customer.id,
                         author_email=self.customer.email, lang="ja")  # fmt: skip
        card.action_create_quotation()
        body = card.action_reply_with_quotation()["context"]["default_body"]
        self.assertIn("お見積書", body)
        self.assertIn("/my/orders/", body)
