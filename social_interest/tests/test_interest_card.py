import base64

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import SocialInterestCase

# A 1x1 PNG: the screenshot of an answer, as a rep would attach it.
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestInterestCard(SocialInterestCase):
    def test_new_card_without_responsible_is_new(self):
        card = self._card()
        self.assertEqual(card.state, "new")
        self.assertEqual(card.color, 2)
        self.assertIn("Jane Roe", card.name)

    def test_assigning_a_responsible_moves_the_card_to_assigned(self):
        card = self._card()
        card.user_id = self.rep_a
        self.assertEqual(card.state, "assigned")

    def test_ticking_processed_dates_it_and_unticking_clears_it(self):
        card = self._card(user_id=self.rep_a.id)
        card.processed = True
        self.assertEqual(card.state, "processed")
        self.assertTrue(card.processed_date)
        card.action_reset()
        self.assertFalse(card.processed_date)
        self.assertEqual(card.state, "assigned")

    def test_ignored_card_stays_ignored_until_processed_or_reopened(self):
        card = self._card()
        card.action_ignore()
        card.user_id = self.rep_a
        self.assertEqual(card.state, "ignored")
        card.action_reset()
        self.assertEqual(card.state, "assigned")

    def test_reply_to_a_public_comment_opens_the_post_and_records_the_reply(self):
        card = self._card().with_user(self.rep_a)
        action = card.action_reply()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["url"], card.source_url)
        self.assertEqual(card.state, "replied")
        self.assertEqual(card.reply_user_id, self.rep_a)
        self.assertTrue(card.first_response_date)
        self.assertEqual(card.user_id, self.rep_a, "who replies to a pool card owns it")
        self.assertIn("Reply started", card.message_ids[0].body)

    def test_reply_to_a_form_opens_the_composer_to_the_author(self):
        card = self._card(
            source_id=self.source_web.id,
            platform="website",
            action_type="form",
            author_name="Robert King",
            author_email="Robert King <ROBERT.king@example.com>",
            source_url=False,
        )
        action = card.action_reply()
        self.assertEqual(action["res_model"], "mail.compose.message")
        partner = self.env["res.partner"].browse(action["context"]["default_partner_ids"])
        self.assertEqual(partner.email_normalized, "robert.king@example.com")
        self.assertEqual(card.partner_id, partner)
        # the existing partner is reused on a second card: no duplicate contact
        card2 = self._card(
            source_id=self.source_web.id,
            platform="website",
            action_type="form",
            author_email="robert.king@example.com",
            source_url=False,
        )
        action2 = card2.action_reply()
        self.assertEqual(action2["context"]["default_partner_ids"], partner.ids)

    def test_sending_the_reply_email_marks_the_card_replied_and_processed(self):
        card = self._card(
            platform="website",
            action_type="form",
            author_email="robert.king@example.com",
            source_url=False,
            user_id=self.rep_a.id,
        ).with_user(self.rep_a)
        ctx = card.action_reply()["context"]
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.rep_a)
            .with_context(**ctx)
            .create({"body": "<p>Here is your quote.</p>"})
        )
        composer._action_send_mail()
        self.assertEqual(card.state, "processed")
        self.assertTrue(card.processed)
        self.assertEqual(card.reply_user_id, self.rep_a)

    def test_an_internal_note_is_not_a_reply(self):
        card = self._card(author_email="jane@example.com", action_type="message")
        card._reply_partner(create=True)
        card.message_post(body="Checking stock first", subtype_xmlid="mail.mt_note")
        self.assertFalse(card.reply_date)
        self.assertFalse(card.processed)

    def test_screenshot_posted_by_the_responsible_marks_the_card_processed(self):
        card = self._card(user_id=self.rep_a.id).with_user(self.rep_a)
        card.message_post(
            body="Answered on Facebook",
            attachments=[("answer.png", PNG_1PX)],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertTrue(card.processed)
        self.assertEqual(card.state, "processed")

    def test_screenshot_posted_by_someone_else_does_not_process_the_card(self):
        card = self._card(user_id=self.rep_a.id)
        card.with_user(self.lead_all).message_post(
            body="FYI",
            attachments=[("answer.png", PNG_1PX)],
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertFalse(card.processed)

    def test_card_without_link_nor_email_cannot_be_replied(self):
        card = self._card(source_url=False)
        self.assertEqual(card.reply_mode, "none")
        with self.assertRaises(UserError):
            card.action_reply()

    def test_only_http_links_are_linked(self):
        card = self._card(
            source_url="javascript:alert(document.cookie)",
            author_url="data:text/html,<script>alert(1)</script>",
        )
        self.assertFalse(card.source_link)
        self.assertFalse(card.author_link)
        self.assertEqual(card.reply_mode, "none")
        card.source_url = " https://example.com/p/1 "
        self.assertEqual(card.source_link, "https://example.com/p/1")

    def test_markup_in_author_and_body_is_stored_as_text(self):
        card = self._card(
            author_name="<img src=x onerror=alert(1)>", body="<script>alert(1)</script>"
        )
        self.assertEqual(card.body, "<script>alert(1)</script>")
        card.with_user(self.rep_a).action_reply()
        html = card.message_ids[0].body
        self.assertNotIn("<script", html)

    def test_overdue_is_searchable(self):
        late = self._card(deadline="2020-01-01 00:00:00")
        done = self._card(deadline="2020-01-01 00:00:00", processed=True)
        later = self._card(deadline="2999-01-01 00:00:00")
        overdue = self.env["social.interest"].search([("is_overdue", "=", True)])
        self.assertIn(late, overdue)
        self.assertNotIn(done, overdue)
        self.assertNotIn(later, overdue)
        self.assertTrue(late.is_overdue)
        not_overdue = self.env["social.interest"].search([("is_overdue", "=", False)])
        self.assertIn(later, not_overdue)
        self.assertNotIn(late, not_overdue)

    def test_external_id_is_unique_per_source(self):
        self._card(external_id="fb-1")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self._card(external_id="fb-1")
        # the same platform id on another source is another item
        self._card(external_id="fb-1", source_id=self.source_web.id)

    def test_kanban_shows_every_state_column_even_when_empty(self):
        groups = self.env["social.interest"].web_read_group([("id", "=", 0)], ["state"], ["state"])[
            "groups"
        ]
        self.assertEqual(
            [g["state"] for g in groups],
            ["new", "assigned", "replied", "processed", "converted", "ignored"],
        )

    def test_source_reuses_utm_records(self):
        fb = self.env["utm.source"].search([("name", "=ilike", "Facebook")])
        source = self.env["social.interest.source"].create(
            {"name": "Another page", "platform": "facebook"}
        )
        self.assertEqual(source.utm_source_id.name.lower(), "facebook")
        self.assertEqual(
            len(self.env["utm.source"].search([("name", "=ilike", "Facebook")])), max(len(fb), 1)
        )
        self.assertEqual(self.source_fb.interest_count, 0)
        self._card()
        self.source_fb.invalidate_recordset(["interest_count"])
        self.assertEqual(self.source_fb.interest_count, 1)
