from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .care_common import SocialCareCase


@tagged("post_install", "-at_install")
class TestSensitiveCards(SocialCareCase):
    def test_public_comment_with_a_card_number_is_flagged_and_masked(self):
        card = self._card(body="Refund to my card 4111 1111 1111 1111 please")
        self.assertTrue(card.has_sensitive_data)
        self.assertEqual(card.sensitive_kinds, "card")
        self.assertEqual(card.body_masked, "Refund to my card •••• •••• •••• 1111 please")
        self.assertIn("4111 1111 1111 1111", card.body, "the original text is kept")

    def test_private_message_is_masked_but_not_flagged(self):
        card = self._card(action_type="message", body="My IBAN is DE89370400440532013000")
        self.assertFalse(card.is_public)
        self.assertFalse(card.has_sensitive_data)
        self.assertEqual(card.sensitive_kinds, "iban")
        self.assertNotIn("370400440532", card.body_masked)

    def test_editing_the_text_updates_the_flag(self):
        card = self._card(body="Hello")
        self.assertFalse(card.has_sensitive_data)
        card.body = "マイナンバー 1234 5678 9018"
        self.assertTrue(card.has_sensitive_data)
        self.assertEqual(card.sensitive_kinds, "my_number")
        card.body = "Thanks!"
        self.assertFalse(card.has_sensitive_data)

    def test_sensitive_filter_finds_flagged_cards(self):
        flagged = self._card(body="call me +81 90-1234-5678")
        self._card(body="nice chair")
        found = self.env["social.interest"].search(
            [("has_sensitive_data", "=", True), ("team_id", "=", self.team_a.id)]
        )
        self.assertEqual(found, flagged)

    def test_move_to_private_opens_the_composer_with_the_private_template(self):
        card = self._card(
            body="My SSN is 123-45-6789", author_email="pat@example.com", lang="en_US"
        )
        action = card.action_move_private()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(
            action["context"]["default_template_id"],
            self.env.ref("social_interest.mail_template_private_channel_en").id,
        )

    def test_move_to_private_without_email_prepares_a_public_invitation_in_japanese(self):
        card = self._card(body="番号は 1234 5678 9018 です", lang="ja_JP")
        action = card.action_move_private()
        self.assertEqual(action["res_model"], "social.interest.canned.reply")
        wizard = (
            self.env["social.interest.canned.reply"].with_context(**action["context"]).create({})
        )
        self.assertEqual(
            wizard.template_id, self.env.ref("social_interest.mail_template_private_channel_ja")
        )
        self.assertIn("ダイレクトメッセージ", wizard.reply_text)
        self.assertNotIn("1234 5678 9018", wizard.reply_text)


@tagged("post_install", "-at_install")
class TestCannedReplies(SocialCareCase):
    def test_canned_replies_ship_in_english_and_japanese(self):
        templates = self.env["mail.template"].search([("model", "=", "social.interest")])
        names = templates.mapped("name")
        self.assertTrue(any(name.endswith("(EN)") for name in names))
        self.assertTrue(any(name.endswith("(JA)") for name in names))
        self.assertGreaterEqual(len(templates), 8)

    def test_canned_reply_renders_plain_text_with_escaped_author(self):
        card = self._card(author_name="<b>Jane</b>").with_user(self.rep_a)
        card.action_claim()
        wizard = Form(
            self.env["social.interest.canned.reply"]
            .with_user(self.rep_a)
            .with_context(default_interest_id=card.id)
        )
        wizard.template_id = self.env.ref("social_interest.mail_template_thanks_en")
        self.assertIn("Hello <b>Jane</b>,", wizard.reply_text, "plain text, shown as text")
        self.assertIn("Rep A", wizard.reply_text)

    def test_canned_reply_on_a_public_comment_opens_the_post_and_records_the_reply(self):
        card = self._card()
        card.with_user(self.rep_a).action_claim()
        wizard = (
            self.env["social.interest.canned.reply"]
            .with_user(self.rep_a)
            .create(
                {
                    "interest_id": card.id,
                    "template_id": self.env.ref("social_interest.mail_template_sorry_ja").id,
                }
            )
        )
        action = wizard.action_open_post()
        self.assertEqual(action["url"], card.source_url)
        self.assertEqual(card.state, "replied")
        self.assertIn("申し訳ございません", card.message_ids[0].body)

    def test_canned_reply_by_email_opens_the_composer_with_the_template(self):
        card = self._card(
            platform="website", action_type="form", author_email="ann@example.com", source_url=False
        )
        template = self.env.ref("social_interest.mail_template_thanks_ja")
        wizard = self.env["social.interest.canned.reply"].create(
            {"interest_id": card.id, "template_id": template.id}
        )
        action = wizard.action_send_by_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["context"]["default_template_id"], template.id)

    def test_canned_reply_sent_from_the_composer_marks_the_card_replied(self):
        card = self._card(
            platform="website", action_type="form", author_email="ann@example.com", source_url=False
        )
        card.with_user(self.rep_a).action_claim()
        action = card.with_user(self.rep_a)._action_reply_by_email()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.rep_a).with_context(**action["context"])
        )
        composer.template_id = self.env.ref("social_interest.mail_template_thanks_en")
        composer.save().action_send_mail()
        self.assertEqual(card.state, "processed")
        self.assertEqual(card.reply_user_id, self.rep_a)
        self.assertIn("Thank you for your interest", card.message_ids[0].body)

    def test_moving_to_private_keeps_the_card_open_until_answered_there(self):
        card = self._card(
            body="My card number is 4111 1111 1111 1111",
            author_email="pat@example.com",
            lang="en_US",
        )
        card.with_user(self.rep_a).action_claim()
        action = card.with_user(self.rep_a).action_move_private()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.rep_a).with_context(**action["context"])
        )
        composer.save().action_send_mail()
        self.assertFalse(card.processed, "the private conversation has only started")
        self.assertEqual(card.state, "replied")
        self.assertTrue(card.first_response_date, "the invitation is a first response")
        self.assertIn("Moved to a private conversation", card.message_ids[0].body)
        # the answer given in private processes it
        action = card.with_user(self.rep_a)._action_reply_by_email()
        composer = Form(
            self.env["mail.compose.message"].with_user(self.rep_a).with_context(**action["context"])
        )
        composer.template_id = self.env.ref("social_interest.mail_template_thanks_en")
        composer.save().action_send_mail()
        self.assertTrue(card.processed)

    def test_style_guide_of_the_team_is_on_the_card(self):
        self.team_a.social_style_guide = "Sign with your first name."
        self.assertEqual(self._card().style_guide, "Sign with your first name.")


@tagged("post_install", "-at_install")
class TestEscalateToAnotherTeam(SocialCareCase):
    def _escalate(self, card, user, **vals):
        wizard = (
            self.env["social.interest.escalate"]
            .with_user(user)
            .with_context(default_interest_ids=card.ids)
            .create({"team_id": self.team_b.id, "note": "Needs after-sales", **vals})
        )
        return wizard.action_escalate()

    def test_rep_hands_a_card_to_another_teams_pool(self):
        self.team_b.user_id = self.lead_all
        card = self._card(user_id=self.rep_a.id)
        action = self._escalate(card, self.rep_a)
        self.assertEqual(card.team_id, self.team_b)
        self.assertFalse(card.user_id)
        self.assertEqual(card.state, "new")
        note = card.message_ids.filtered(lambda m: "Escalated to" in (m.body or ""))
        self.assertIn("Needs after-sales", note.body)
        self.assertIn(self.lead_all.partner_id, note.partner_ids)
        self.assertIn(self.lead_all.partner_id, card.message_partner_ids)
        self.assertEqual(action["res_model"], "social.interest", "back to the board")
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a).read(["body"])
        self.assertTrue(card.with_user(self.rep_b).read(["body"]))

    def test_escalation_to_a_named_member(self):
        card = self._card(user_id=self.rep_a.id)
        self._escalate(card, self.rep_a, user_id=self.rep_b.id)
        self.assertEqual(card.user_id, self.rep_b)

    def test_escalation_to_an_automatic_team_assigns_on_the_spot(self):
        self.team_b.social_assignment_strategy = "balanced"
        card = self._card(user_id=self.rep_a.id)
        self._escalate(card, self.rep_a)
        self.assertEqual(card.user_id, self.rep_b)

    def test_escalation_to_the_same_team_is_refused(self):
        card = self._card(user_id=self.rep_a.id)
        with self.assertRaises(UserError):
            self.env["social.interest.escalate"].create(
                {"interest_ids": card.ids, "team_id": self.team_a.id, "note": "x"}
            ).action_escalate()
