"""A quotation made from a WhatsApp card (sales bridge) goes back to the person through the
WhatsApp channel (listening), its link in the text; a saved answer takes the same road.

The Cloud API on loopback is social_listening's (Meta's reference, see its test module)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.social_listening.tests import test_channel_whatsapp as whatsapp
from odoo.addons.social_listening.tests.test_replies import ReplyCase


@tagged("post_install", "-at_install")
class TestQuotationInTheChannel(ReplyCase):
    def setUp(self):
        super().setUp()
        self.api = whatsapp.CloudApi()
        fake = self._platform(self.api)
        self.connector = self._connector(
            None, kind="whatsapp", endpoint_url=f"{fake.url}/v21.0", query=False,
            access_token=whatsapp.TOKEN, login=whatsapp.PHONE_ID, api_key=whatsapp.WABA_ID,
            webhook_secret=whatsapp.APP_SECRET,
        )  # fmt: skip
        self.desk = self.env["product.product"].create(
            {"name": "Standing desk", "sale_ok": True, "list_price": 480.0}
        )
        card = self._card_heard(
            self.connector, "whatsapp", whatsapp.ASKED, author_handle=whatsapp.WA_ID,
            posted_at=fields.Datetime.now() - timedelta(hours=1),
        )  # fmt: skip
        card.write(
            {
                "action_type": "message",
                "body": "How much for 6 standing desks?",
                "product_tmpl_id": self.desk.product_tmpl_id.id,
                "partner_id": self.env["res.partner"].create({"name": "Kenji Mori"}).id,
            }
        )
        self.card = card.with_user(self.rep_a)

    def test_the_quotations_link_is_written_in_the_channels_composer_and_sent(self):
        self.card.action_create_quotation()
        order = self.card.sale_order_ids
        self.assertEqual(order.order_line.product_uom_qty, 6)
        action = self.card.action_reply_with_quotation()
        self.assertEqual(action["res_model"], "social.interest.reply", "WhatsApp's composer")
        text = action["context"]["default_text"]
        self.assertIn(order.name, text)
        self.assertIn(f"/my/orders/{order.id}?access_token=", text)
        composer = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .with_context(action["context"])
            .create({"interest_id": self.card.id})
        )
        self.assertEqual(composer.text, text)
        composer.action_send()
        (sent,) = self.api.sent
        self.assertEqual(sent["type"], "text")
        self.assertEqual(sent["text"]["body"], text)
        self.assertEqual(sent["context"], {"message_id": whatsapp.ASKED})

    def test_a_saved_answer_takes_the_same_road(self):
        answer = self.env["social.interest.answer"].create(
            {
                "question": "How much is a standing desk?",
                "answer": "Hello {name}, our desks start at 480 EUR.",
                "state": "published",
            }  # fmt: skip
        )
        action = self.card.action_use_answer(answer.id)
        self.assertEqual(action["res_model"], "social.interest.reply")
        self.assertIn("our desks start at 480 EUR", action["context"]["default_text"])
