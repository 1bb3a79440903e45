from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestConversation(SocialInterestCase):
    """The card's form as a conversation: the thread (get_conversation) and the customer
    beside it, read as the rep who opens the card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hana = cls.env["res.partner"].create({"name": "Hana Mori", "email": "hana@example.jp"})
        cls.identity = cls.env["social.identity"].create(
            {"name": "Hana Mori", "platform": "instagram", "handle": "hana.designs",
             "partner_id": cls.hana.id, "followers": 800}
        )  # fmt: skip
        now = fields.Datetime.now()
        cls.earlier = cls._card(
            platform="instagram",
            author_name="Hana Mori",
            partner_id=cls.hana.id,
            identity_id=cls.identity.id,
            body="Love the <b>oak</b> table! Call me on +81 90-1234-5678",
            interest_date=now - timedelta(days=3),
            user_id=cls.rep_a.id,
        )
        cls.card = cls._card(
            platform="email",
            action_type="question",
            author_name="Hana Mori",
            author_email="hana@example.jp",
            partner_id=cls.hana.id,
            body="Do you deliver the oak table to Kyoto?",
            interest_date=now - timedelta(hours=2),
            user_id=cls.rep_a.id,
            lang="ja",
        )

    def _entries(self, card=None, user=None):
        card = (card or self.card).with_user(user or self.rep_a)
        return card.get_conversation()["entries"]

    def test_thread_shows_the_persons_cards_in_time_order(self):
        entries = self._entries()
        cards = [entry for entry in entries if entry["kind"] == "card"]
        self.assertEqual([e["card_id"] for e in cards], [self.earlier.id, self.card.id])
        self.assertEqual([e["current"] for e in cards], [False, True])
        self.assertEqual(cards[0]["channel"], "Instagram")
        dates = [entry["date"] for entry in entries]
        self.assertEqual(dates, sorted(dates))

    def test_replies_say_who_sent_them_and_notes_stay_in_the_chatter(self):
        self.earlier.with_user(self.rep_a).message_post(
            body="Thanks, Hana!",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.hana.ids,
        )
        self.card.with_user(self.rep_a).message_post(
            body="VIP customer", subtype_xmlid="mail.mt_note"
        )
        entries = self._entries()
        replies = [entry for entry in entries if entry["direction"] == "out"]
        self.assertEqual(len(replies), 1)
        self.assertEqual(replies[0]["author"], "Rep A")
        self.assertEqual(replies[0]["channel"], "E-mail")
        self.assertEqual(replies[0]["text"], "Thanks, Hana!")
        self.assertNotIn("VIP customer", str(entries))

    def test_a_reply_on_the_platform_is_in_the_thread(self):
        self.earlier.with_user(self.rep_a).action_reply()  # opens the post
        (reply,) = [entry for entry in self._entries() if entry["kind"] == "reply"]
        self.assertEqual(reply["author"], "Rep A")
        self.assertEqual(reply["channel"], "Instagram")

    def test_words_are_plain_text_and_sensitive_data_masked(self):
        (earlier,) = [e for e in self._entries() if e["card_id"] == self.earlier.id]
        self.assertIn("<b>oak</b>", earlier["text"])  # text, shown escaped by the form
        self.assertNotIn("1234-5678", earlier["text"])

    def test_a_rep_sees_no_card_of_another_team_in_the_thread(self):
        other = self._card(
            team_id=self.team_b.id,
            user_id=self.rep_b.id,
            partner_id=self.hana.id,
            body="Secret of team B",
        )
        ids = {entry["card_id"] for entry in self._entries()}
        self.assertNotIn(other.id, ids)
        card = self.card.with_user(self.rep_a)
        self.assertNotIn(other, card.person_card_ids)
        self.assertEqual(card.person_card_count, 1)
        with self.assertRaises(AccessError):
            other.with_user(self.rep_a).get_conversation()

    def test_the_customer_beside_the_conversation(self):
        lead = self.env["crm.lead"].create(
            {"name": "Oak tables for Hana", "type": "opportunity", "partner_id": self.hana.id,
             "user_id": self.rep_a.id}
        )  # fmt: skip
        lead.activity_schedule("mail.mail_activity_data_call", summary="Call Hana back",
                               user_id=self.rep_a.id)  # fmt: skip
        card = self.card.with_user(self.rep_a)
        self.assertEqual(card.person_identity_ids, self.identity)
        self.assertEqual(card.person_card_ids, self.earlier)
        self.assertEqual(card.person_lead_ids, lead)
        self.assertIn("Call Hana back", card.person_activity_ids.mapped("summary"))
        self.assertEqual(card.lang_name, "Japanese")
        self.assertEqual(card.person_segment, self.hana.engagement_segment)

    def test_opening_a_card_costs_the_same_whatever_the_persons_history(self):
        def answered_cards(count, offset):
            for day in range(offset, offset + count):
                self._card(
                    partner_id=self.hana.id,
                    user_id=self.rep_a.id,
                    body=f"Card {day}",
                    interest_date=fields.Datetime.now() - timedelta(days=10 + day),
                ).message_post(body=f"Answer {day}", message_type="comment",
                               subtype_xmlid="mail.mt_comment")  # fmt: skip
            self.env.flush_all()

        def cost():
            # the form's two requests (its read, the thread's call), each on a cold cache
            card = self.card.with_user(self.rep_a)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            card.read(["state", "person_card_ids", "person_identity_ids", "person_lead_ids",
                       "person_activity_ids", "person_card_count"])  # fmt: skip
            self.env.invalidate_all()
            card.get_conversation()
            return self.env.cr.sql_log_count - before

        answered_cards(4, 0)  # 5 earlier cards with the one of the set-up
        cost()  # caches of the registry (rules, views)
        few = cost()
        answered_cards(45, 4)  # 50
        self.assertEqual(cost(), few)
        self.assertEqual(self.card.with_user(self.rep_a).get_conversation()["hidden"], 30)
