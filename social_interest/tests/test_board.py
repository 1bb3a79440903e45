"""A card dragged on the board (a write of its state, over RPC too) makes that column's real
transition, or is refused with the reason: its fields always say what its state says."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestBoardTransitions(SocialInterestCase):
    def _drag(self, card, state, user=None):
        card.with_user(user or self.rep_a).write({"state": state})

    def test_dragged_to_processed_it_is_processed(self):
        card = self._card(user_id=self.rep_a.id)
        self._drag(card, "processed")
        self.assertTrue(card.processed)
        self.assertTrue(card.processed_date)
        self.assertEqual(card.state, "processed")

    def test_dragged_to_replied_the_reply_is_recorded(self):
        card = self._card(user_id=self.rep_a.id)
        self._drag(card, "replied")
        self.assertEqual(card.state, "replied")
        self.assertEqual(card.reply_user_id, self.rep_a)
        self.assertTrue(card.reply_date)
        self.assertTrue(card.first_response_date, "it counts in the response times")
        self.assertIn("Marked as replied from the board", card.message_ids[0].body)

    def test_dragged_to_converted_it_needs_its_opportunity(self):
        card = self._card(user_id=self.rep_a.id)
        with self.assertRaisesRegex(UserError, "Create opportunity"):
            self._drag(card, "converted")
        self.assertEqual(card.state, "assigned")
        card.lead_id = self.env["crm.lead"].create({"name": "Sofa for Jane"})
        self._drag(card, "converted")
        self.assertTrue(card.is_converted)
        self.assertEqual(card.state, "converted")

    def test_taken_from_the_pool_and_given_back(self):
        card = self._card()
        self._drag(card, "assigned")
        self.assertEqual(card.user_id, self.rep_a, "whoever drags it takes it")
        self.assertTrue(card.assign_date)
        self._drag(card, "new")
        self.assertFalse(card.user_id)
        self.assertEqual(card.state, "new")

    def test_what_happened_cannot_be_undone_by_a_drag(self):
        card = self._card(user_id=self.rep_a.id)
        self._drag(card, "replied")
        with self.assertRaisesRegex(UserError, "already Replied"):
            self._drag(card, "new")
        self._drag(card, "processed")
        with self.assertRaisesRegex(UserError, "Reopen"):
            self._drag(card, "assigned")
        self.assertEqual(card.state, "processed")

    def test_ignored_and_back(self):
        card = self._card(user_id=self.rep_a.id)
        self._drag(card, "ignored")
        self.assertEqual(card.state, "ignored")
        self._drag(card, "assigned")
        self.assertEqual(card.state, "assigned")


@tagged("post_install", "-at_install")
class TestBoardBars(SocialInterestCase):
    def test_column_bars_count_on_time_due_soon_and_overdue(self):
        now = fields.Datetime.now()
        Interest = self.env["social.interest"]
        late = self._card()
        soon = self._card()
        later = self._card()
        done = self._card(processed=True)
        # sudo: deadlines are set by the service level; the test places them by hand
        late.sudo().deadline = now - timedelta(hours=1)
        soon.sudo().deadline = now + timedelta(minutes=30)
        later.sudo().deadline = now + timedelta(days=2)
        done.sudo().deadline = now - timedelta(days=1)
        cards = late | soon | later | done
        self.assertEqual(cards.mapped("service_status"), ["overdue", "due_soon", "on_time", False])
        bars = Interest.read_progress_bar(
            [("id", "in", cards.ids)],
            "state",
            {"field": "service_status", "colors": {"on_time": 1, "due_soon": 1, "overdue": 1}},
        )
        self.assertEqual(bars["new"], {"on_time": 1, "due_soon": 1, "overdue": 1})
        self.assertNotIn("processed", {k for k, v in bars.items() if any(v.values())})

    def test_bulk_take_and_process_from_the_list(self):
        cards = self._card() | self._card()
        taken = self.env.ref("social_interest.action_social_interest_bulk_take")
        taken.with_user(self.rep_a).with_context(
            active_model="social.interest", active_ids=cards.ids
        ).run()
        self.assertEqual(cards.user_id, self.rep_a)
        processed = self.env.ref("social_interest.action_social_interest_bulk_processed")
        processed.with_user(self.rep_a).with_context(
            active_model="social.interest", active_ids=cards.ids
        ).run()
        self.assertEqual(set(cards.mapped("state")), {"processed"})
