"""The pool is seen: members are told when cards wait unassigned too long; the backlog
assignment tells each person once, not once per card."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestPoolReminder(SocialInterestCase):
    def _notices(self, partner, subject):
        return self.env["mail.message"].search(
            [("partner_ids", "in", partner.ids), ("subject", "=", subject)]
        )

    def test_waiting_cards_are_announced_once_per_period(self):
        self.team_a.social_pool_alert_hours = 2
        old = fields.Datetime.now() - timedelta(hours=3)
        self._card(interest_date=old)
        self._card(interest_date=old)
        self._card()  # just arrived: not waiting yet
        Interest = self.env["social.interest"]
        Interest._cron_remind_pool()
        notices = self._notices(self.rep_a.partner_id, "Cards wait in the pool")
        self.assertEqual(len(notices), 1)
        self.assertIn("2 card(s)", notices.body)
        self.assertIn(self.rep_a2.partner_id, notices.partner_ids)
        Interest._cron_remind_pool()  # within the period: no second notice
        self.assertEqual(len(self._notices(self.rep_a.partner_id, "Cards wait in the pool")), 1)

    def test_no_notice_when_the_pool_is_taken_care_of(self):
        self.team_a.social_pool_alert_hours = 2
        self._card(interest_date=fields.Datetime.now() - timedelta(hours=3), user_id=self.rep_a.id)
        self.env["social.interest"]._cron_remind_pool()
        self.assertFalse(self._notices(self.rep_a.partner_id, "Cards wait in the pool"))

    def test_the_backlog_assignment_tells_each_person_once(self):
        self.team_a.social_assignment_strategy = "round_robin"
        cards = self.env["social.interest"]
        for _index in range(4):
            cards |= self._card()
        # as if they arrived while nobody was available
        cards.write({"user_id": False})
        assigned = self.env["social.interest"]._cron_assign_backlog()
        self.assertEqual(len(assigned), 4)
        for rep in (self.rep_a, self.rep_a2):
            notices = self._notices(rep.partner_id, "Social interest cards assigned to you")
            self.assertEqual(len(notices), 1, rep.name)
            self.assertIn("2 waiting card(s)", notices.body)
