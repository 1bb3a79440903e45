from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestConversationTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="conversation_rep",
            name="Conversation Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.team = cls.env["crm.team"].create({"name": "Conversation tour team"})
        cls.env["crm.team.member"].create({"crm_team_id": cls.team.id, "user_id": cls.rep.id})

    def _card(self, **vals):
        return self.env["social.interest"].create(
            {"team_id": self.team.id, "user_id": self.rep.id, **vals}
        )

    def test_from_the_board_to_a_posted_answer_in_two_clicks(self):
        card = self._card(
            platform="website",
            action_type="form",
            author_name="Quick Author",
            author_email="quick.author@example.com",
            body="Do you deliver to Kyoto?",
        )
        self.start_tour(
            "/odoo/social-interest", "social_interest_board_reply_tour", login="conversation_rep"
        )
        comment = self.env.ref("mail.mt_comment")
        reply = card.message_ids.filtered(
            lambda m: m.author_id == self.rep.partner_id and m.subtype_id == comment
        )
        self.assertIn("Kyoto next week", reply.body)
        self.assertEqual(reply.partner_ids.email_normalized, "quick.author@example.com")
        self.assertEqual(card.reply_user_id, self.rep)
        self.assertEqual(card.state, "processed")

    def test_the_card_reads_as_a_conversation_with_the_customer_beside_it(self):
        hana = self.env["res.partner"].create({"name": "Hana Mori", "email": "hana@example.jp"})
        self.env["social.identity"].create(
            {"name": "Hana Mori", "platform": "instagram", "handle": "hana.designs",
             "partner_id": hana.id}
        )  # fmt: skip
        now = fields.Datetime.now()
        earlier = self._card(
            platform="instagram",
            action_type="comment",
            author_name="Hana Mori",
            partner_id=hana.id,
            body="Love the oak table!",
            interest_date=now - timedelta(days=3),
        )
        earlier.with_user(self.rep).message_post(
            body="Thanks, Hana!",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=hana.ids,
        )
        card = self._card(
            platform="email",
            action_type="question",
            author_name="Hana Mori",
            author_email="hana@example.jp",
            partner_id=hana.id,
            body="Do you deliver the oak table to Kyoto?",
        )
        card.message_post(body="Internal: VIP customer", subtype_xmlid="mail.mt_note")
        self.assertEqual(earlier.state, "processed")
        self.start_tour(
            f"/odoo/social-interest/{card.id}",
            "social_interest_conversation_tour",
            login="conversation_rep",
        )
