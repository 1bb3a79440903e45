from markupsafe import Markup

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LivechatCase


@tagged("post_install", "-at_install")
class TestLivechatConversationIsACard(LivechatCase):
    """A visitor's conversation makes one chat card; the operator's answer replies it."""

    def test_a_guests_first_words_make_one_chat_card(self):
        channel = self._start_chat()
        self.assertFalse(self._cards(channel), "an opened chat with no words is no card")
        self._say(channel, "Do you ship the blue kettle to Osaka?")
        card = self._cards(channel)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.platform, "chat")
        self.assertEqual(card.action_type, "message")
        self.assertEqual(card.body, "Do you ship the blue kettle to Osaka?")
        self.assertEqual(card.team_id, self.team)
        self.assertEqual(card.state, "new")
        self.assertFalse(card.is_public, "a chat is private")
        self.assertFalse(card.partner_id, "an anonymous visitor is no contact")
        self.assertTrue(card.author_name)
        self.assertTrue(card.deadline, "the source's response target gives a deadline")

    def test_a_logged_in_customer_is_the_cards_contact(self):
        channel = self._start_chat("chat_customer")
        self._say(channel, "Where is my order?")
        card = self._cards(channel)
        self.assertEqual(card.partner_id, self.customer.partner_id)
        self.assertEqual(card.author_email, "chatting.customer@example.com")
        self.assertEqual(card.author_name, "Chatting Customer")

    def test_the_visitors_next_words_complete_the_same_card(self):
        channel = self._start_chat()
        self._say(channel, "Hello")
        self._say(channel, "I need a quote for 40 kettles")
        card = self._cards(channel)
        self.assertEqual(len(card), 1, "one card per conversation")
        self.assertEqual(card.body, "Hello\nI need a quote for 40 kettles")

    def test_another_conversation_is_another_card(self):
        first = self._start_chat()
        self._say(first, "Hello")
        second = self._start_chat()
        self._say(second, "Hello")
        self.assertNotEqual(self._cards(first), self._cards(second))
        self.assertEqual(len(self._cards(first) | self._cards(second)), 2)
        # two anonymous visitors of the same name are not one person
        self.assertFalse((self._cards(first) | self._cards(second)).identity_id)

    def test_the_operators_answer_replies_the_card(self):
        channel = self._start_chat()
        self._say(channel, "Is the kettle in stock?")
        self._operator_answers(channel, "Yes, 12 left.")
        card = self._cards(channel)
        self.assertEqual(card.state, "replied")
        self.assertEqual(card.reply_user_id, self.operator)
        self.assertEqual(card.user_id, self.operator, "the card goes to whoever answered")
        self.assertTrue(card.first_response_date)
        self.assertEqual(card.reply_date, card.first_response_date)
        self.assertFalse(card.processed, "the source does not say a reply processes it")

    def test_the_operators_answer_processes_the_card_when_the_source_says_so(self):
        self.source.reply_marks_processed = True
        channel = self._start_chat()
        self._say(channel, "Is the kettle in stock?")
        self._operator_answers(channel, "Yes, 12 left.")
        card = self._cards(channel)
        self.assertTrue(card.processed)
        self.assertEqual(card.state, "processed")
        self.assertEqual(card.reply_user_id, self.operator)

    def test_only_the_first_answer_is_the_first_response(self):
        channel = self._start_chat()
        self._say(channel, "Is the kettle in stock?")
        self._operator_answers(channel, "Let me check.")
        card = self._cards(channel)
        first = card.first_response_date
        self._operator_answers(channel, "Yes, 12 left.")
        self.assertEqual(card.first_response_date, first)
        self.assertEqual(card.body, "Is the kettle in stock?", "answers are not the visitor's")

    def test_an_operator_speaking_first_makes_no_card(self):
        channel = self._start_chat()
        self._operator_answers(channel, "Hello, how can I help?")
        self.assertFalse(self._cards(channel))

    def test_a_visitors_markup_stays_text(self):
        channel = self._start_chat()
        words = '<b>bold</b> <script>alert("x")</script> <a href="javascript:alert(1)">me</a>'
        self._say(channel, words)
        card = self._cards(channel)
        self.assertEqual(card.body, words)
        self.assertNotIsInstance(card.body, Markup)
        # shown in the card's chatter and form as text: the lead's description escapes it
        description = card._prepare_lead_values()["description"]
        self.assertNotIn("<script>", description)
        self.assertIn("&lt;script&gt;", description)

    def test_an_archived_source_makes_no_card(self):
        self.source.active = False
        channel = self._start_chat()
        self._say(channel, "Hello")
        self.assertFalse(
            self.env["social.interest"].search([("external_id", "=", str(channel.id))])
        )


@tagged("post_install", "-at_install")
class TestLivechatOutOfHours(LivechatCase):
    """A chat outside the team's working hours: the source's acknowledgement for a visitor
    known by e-mail, and a follow-up for the next working hour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.social_calendar_id = cls._calendar(cls._not_today(), 9.0, 17.0)

    def test_a_known_visitor_out_of_hours_is_due_the_acknowledgement(self):
        channel = self._start_chat("chat_customer")
        self._say(channel, "Anyone there?")
        card = self._cards(channel)
        self.assertTrue(card.ack_due_date, "the acknowledgement is due on arrival")
        self.env["social.interest"]._cron_send_acknowledgements()
        self.assertTrue(card.ack_sent_date)
        acknowledgement = card.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("social_interest.mt_acknowledgement")
        )
        self.assertEqual(acknowledgement.partner_ids, self.customer.partner_id)
        follow_up = card.activity_ids
        self.assertEqual(len(follow_up), 1)
        self.assertEqual(follow_up.user_id, self.leader, "the team leader follows up")
        self.assertIn(follow_up.date_deadline.weekday(), self._not_today())

    def test_an_e_mail_left_to_the_chatbot_makes_the_acknowledgement_due(self):
        # out of hours, no operator: the chatbot asks the visitor for an address
        self.env["bus.presence"].search([("user_id", "=", self.operator.id)]).unlink()
        script = self.env["chatbot.script"].create(
            {
                "title": "Night desk",
                "script_step_ids": [
                    (0, 0, {"step_type": "question_email", "message": "Your e-mail?"})
                ],
            }
        )
        self.env["im_livechat.channel.rule"].create(
            {"channel_id": self.livechat.id, "chatbot_script_id": script.id}
        )
        channel = self._start_chat(chatbot=script)
        self.assertFalse(self._cards(channel), "the chatbot's own words make no card")
        self._say(channel, "Hello, do you deliver on Sundays?")
        card = self._cards(channel)
        self.assertFalse(card.author_email)
        self.assertFalse(card.ack_due_date, "no address yet: nothing to send")
        self._say(channel, "night.visitor@example.com")
        self.assertEqual(card.author_email, "night.visitor@example.com")
        self.assertTrue(card.ack_due_date)
        self.env["social.interest"]._cron_send_acknowledgements()
        self.assertTrue(card.ack_sent_date)
        self.assertEqual(card.activity_ids.user_id, self.leader)

    def test_an_answer_before_the_morning_cancels_the_acknowledgement(self):
        channel = self._start_chat("chat_customer")
        self._say(channel, "Anyone there?")
        self._operator_answers(channel, "Yes, I am here.")
        card = self._cards(channel)
        self.env["social.interest"]._cron_send_acknowledgements()
        self.assertFalse(card.ack_sent_date, "an answered chat gets no acknowledgement")

    def test_in_working_hours_nothing_is_due(self):
        self.team.social_calendar_id = self._calendar(range(7))
        channel = self._start_chat("chat_customer")
        self._say(channel, "Anyone there?")
        self.assertFalse(self._cards(channel).ack_due_date)


@tagged("post_install", "-at_install")
class TestLivechatCardAccess(LivechatCase):
    """The visitor, and anyone outside the chat's team, cannot read the card."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env, login="chat_other_rep", name="Other Team Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.env["crm.team"].create({"name": "Other team", "member_ids": cls.other_rep.ids})

    def _card_of_a_chat(self):
        channel = self._start_chat("chat_customer")
        self._say(channel, "My card number is 4111 1111 1111 1111")
        return self._cards(channel)

    def test_the_visitor_cannot_read_their_card(self):
        card = self._card_of_a_chat()
        with self.assertRaises(AccessError):
            card.with_user(self.customer).read(["body"])

    def test_the_public_user_cannot_read_the_card(self):
        card = self._card_of_a_chat()
        with self.assertRaises(AccessError):
            card.with_user(self.env.ref("base.public_user")).read(["body"])

    def test_a_salesman_of_another_team_does_not_see_the_card(self):
        card = self._card_of_a_chat()
        Interest = self.env["social.interest"].with_user(self.other_rep)
        self.assertFalse(Interest.search([("id", "=", card.id)]))
        with self.assertRaises(AccessError):
            card.with_user(self.other_rep).read(["body"])

    def test_the_operator_answering_needs_no_sales_rights(self):
        card = self._card_of_a_chat()
        with self.assertRaises(AccessError):
            card.with_user(self.operator).read(["body"])
        channel = self.env["discuss.channel"].browse(int(card.external_id))
        self._operator_answers(channel, "Please never post card numbers here.")
        self.assertEqual(card.reply_user_id, self.operator)

    def test_a_visitor_cannot_write_the_reply_fields_over_rpc(self):
        card = self._card_of_a_chat()
        with self.assertRaises(AccessError):
            card.with_user(self.customer).write({"first_response_date": "2026-01-01"})
