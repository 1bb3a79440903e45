from datetime import datetime

import pytz
from freezegun import freeze_time

from odoo.tests import tagged

from .care_common import SocialCareCase

# The team's calendar: Monday to Friday, 9:00-17:00 in Tokyo (UTC+9), target 4 hours.


@tagged("post_install", "-at_install")
class TestDeadlines(SocialCareCase):
    def _deadline_for(self, interest_date, **vals):
        return self._card(interest_date=interest_date, **vals).deadline

    def test_deadline_within_the_day(self):
        # Wednesday 10:00 Tokyo -> 14:00 Tokyo
        self.assertEqual(self._deadline_for(self.utc(2025, 3, 5, 1, 0)), self.utc(2025, 3, 5, 5, 0))

    def test_deadline_carries_over_the_weekend(self):
        # Friday 16:00 Tokyo: one hour on Friday, three on Monday -> Monday 12:00 Tokyo
        self.assertEqual(
            self._deadline_for(self.utc(2025, 3, 7, 7, 0)), self.utc(2025, 3, 10, 3, 0)
        )

    def test_weekend_arrival_counts_from_monday_morning(self):
        # Saturday afternoon -> Monday 9:00 + 4 h = 13:00 Tokyo
        self.assertEqual(
            self._deadline_for(self.utc(2025, 3, 8, 5, 0)), self.utc(2025, 3, 10, 4, 0)
        )

    def test_deadline_skips_a_public_holiday_of_the_calendar(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday Monday",
                "calendar_id": self.calendar.id,
                # Monday 10 March, whole day in Tokyo
                "date_from": "2025-03-09 15:00:00",
                "date_to": "2025-03-10 15:00:00",
            }
        )
        # Friday 16:00 Tokyo: one hour on Friday, Monday off, three on Tuesday -> 12:00
        self.assertEqual(
            self._deadline_for(self.utc(2025, 3, 7, 7, 0)), self.utc(2025, 3, 11, 3, 0)
        )

    def test_a_holiday_added_later_moves_the_next_deadline(self):
        # working time is kept between cards; a new or moved leave must be seen at once
        friday = self.utc(2025, 3, 7, 7, 0)
        self.assertEqual(self._deadline_for(friday), self.utc(2025, 3, 10, 3, 0))
        holiday = self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday Tuesday",
                "calendar_id": self.calendar.id,
                "date_from": "2025-03-10 15:00:00",
                "date_to": "2025-03-11 15:00:00",
            }
        )
        # Tuesday off does not matter to a deadline on Monday
        self.assertEqual(self._deadline_for(friday), self.utc(2025, 3, 10, 3, 0))
        # moved to Monday in the same transaction: same write date, other working time
        holiday.write({"date_from": "2025-03-09 15:00:00", "date_to": "2025-03-10 15:00:00"})
        self.assertEqual(self._deadline_for(friday), self.utc(2025, 3, 11, 3, 0))
        holiday.unlink()
        self.assertEqual(self._deadline_for(friday), self.utc(2025, 3, 10, 3, 0))

    def test_changed_office_hours_move_the_next_deadline(self):
        wednesday = self.utc(2025, 3, 5, 1, 0)  # 10:00 Tokyo
        self.assertEqual(self._deadline_for(wednesday), self.utc(2025, 3, 5, 5, 0))
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "2").hour_from = 11
        # the day now starts at 11:00 Tokyo -> 15:00
        self.assertEqual(self._deadline_for(wednesday), self.utc(2025, 3, 5, 6, 0))

    def test_a_long_target_spans_weeks(self):
        self.source_fb.response_target_hours = 48  # six working days
        # Monday 9:00 Tokyo + 48 h -> Monday of next week at 17:00 Tokyo
        self.assertEqual(
            self._deadline_for(self.utc(2025, 3, 3, 0, 0)), self.utc(2025, 3, 10, 8, 0)
        )

    def test_source_target_overrides_the_team(self):
        self.source_fb.response_target_hours = 1
        self.assertEqual(self._deadline_for(self.utc(2025, 3, 5, 1, 0)), self.utc(2025, 3, 5, 2, 0))

    def test_no_target_means_no_deadline(self):
        self.team_a.social_response_hours = 0
        self.assertFalse(self._deadline_for(self.utc(2025, 3, 5, 1, 0)))

    def test_team_without_calendar_uses_the_company_calendar(self):
        company_calendar = self.env.company.resource_calendar_id
        self.team_b.social_response_hours = 6
        start = self.utc(2025, 3, 7, 14, 0)
        expected = company_calendar.plan_hours(6, pytz.utc.localize(start), compute_leaves=True)
        deadline = self._deadline_for(start, team_id=self.team_b.id, source_id=False)
        self.assertEqual(deadline, expected.astimezone(pytz.utc).replace(tzinfo=None))

    def test_changing_team_recomputes_the_deadline(self):
        card = self._card(interest_date=self.utc(2025, 3, 7, 7, 0), source_id=False)
        self.team_b.social_response_hours = 1
        card.team_id = self.team_b
        self.assertNotEqual(card.deadline, self.utc(2025, 3, 10, 3, 0))

    def test_an_explicit_deadline_is_kept(self):
        deadline = self.utc(2030, 1, 1, 0, 0)
        self.assertEqual(self._card(deadline=deadline).deadline, deadline)


@tagged("post_install", "-at_install")
class TestOverdueAndEscalation(SocialCareCase):
    def setUp(self):
        super().setUp()
        # Wednesday 10:00 Tokyo, due at 14:00 Tokyo (05:00 UTC)
        self.card = self._card(interest_date=self.utc(2025, 3, 5, 1, 0), user_id=self.rep_a.id)

    def _escalate(self):
        return self.env["social.interest"]._cron_escalate_overdue()

    def test_open_card_past_its_deadline_is_overdue(self):
        with freeze_time("2025-03-05 04:59:00"):
            self.card.invalidate_recordset(["is_overdue"])
            self.assertFalse(self.card.is_overdue)
        with freeze_time("2025-03-05 05:01:00"):
            self.card.invalidate_recordset(["is_overdue"])
            self.assertTrue(self.card.is_overdue)
            overdue = self.env["social.interest"].search([("is_overdue", "=", True)])
            self.assertIn(self.card, overdue)

    def test_answered_card_is_not_overdue(self):
        self.card.processed = True
        with freeze_time("2025-03-06 00:00:00"):
            self.card.invalidate_recordset(["is_overdue"])
            self.assertFalse(self.card.is_overdue)
            self.assertNotIn(self.card, self._escalate())

    def test_overdue_card_escalates_once_to_the_team_leader(self):
        with freeze_time("2025-03-05 06:00:00"):
            self.assertIn(self.card, self._escalate())
            activity = self.card.activity_ids
            self.assertEqual(activity.user_id, self.manager, "the team leader gets an activity")
            note = self.card.message_ids[0]
            self.assertIn("Overdue", note.body)
            self.assertIn(self.manager.partner_id, note.partner_ids)
            self.assertEqual(self.card.escalation_date, datetime(2025, 3, 5, 6, 0))
        with freeze_time("2025-03-05 07:00:00"):
            self.assertNotIn(self.card, self._escalate())
            self.assertEqual(len(self.card.activity_ids), 1, "escalated once only")

    def test_card_not_yet_due_is_not_escalated(self):
        with freeze_time("2025-03-05 04:00:00"):
            self.assertNotIn(self.card, self._escalate())
            self.assertFalse(self.card.escalation_date)

    def test_escalation_without_leader_still_notes_the_card(self):
        self.team_a.user_id = False
        with freeze_time("2025-03-06 00:00:00"):
            self._escalate()
        self.assertFalse(self.card.activity_ids)
        self.assertTrue(self.card.escalation_date)
        self.assertIn("Overdue", self.card.message_ids[0].body)

    def test_first_response_is_recorded_in_hours(self):
        with freeze_time("2025-03-05 03:30:00"):
            self.card.with_user(self.rep_a).action_reply()
        self.assertEqual(self.card.first_response_date, datetime(2025, 3, 5, 3, 30))
        self.assertAlmostEqual(self.card.response_hours, 2.5)


@tagged("post_install", "-at_install")
class TestOutOfHoursAcknowledgement(SocialCareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("social_interest.mail_template_ack_en")
        cls.source_web.auto_ack_template_id = cls.template
        cls.sender = cls.env.ref("social_interest.ir_cron_send_acknowledgements")
        # the acknowledgement stays queued so that the test can read it (Odoo's own test
        # runner would otherwise send and delete it at once)
        cls.env = cls.env(context=dict(cls.env.context, mail_notify_force_send=False))

    def _send_acknowledgements(self):
        return self.env["social.interest"]._cron_send_acknowledgements()

    def _ack_of(self, card):
        return card.message_ids.filtered(lambda m: m.subject == "We received your message")

    def _form_card(self, **vals):
        defaults = {
            "source_id": self.source_web.id,
            "platform": "website",
            "action_type": "form",
            "author_name": "Night Owl",
            "author_email": "night.owl@example.com",
            "source_url": False,
        }
        defaults.update(vals)
        return self._card(arrival=True, **defaults)

    def test_night_arrival_is_acknowledged_and_followed_up_next_morning(self):
        with freeze_time("2025-03-05 13:00:00"):  # 22:00 in Tokyo
            card = self._form_card(user_id=self.rep_a.id)
            # due on arrival, sent by the scheduled action it wakes up
            self.assertEqual(card.ack_due_date, datetime(2025, 3, 5, 13, 0))
            self.assertFalse(self._ack_of(card))
            self.assertTrue(
                self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", self.sender.id)])
            )
        with freeze_time("2025-03-05 13:00:05"):
            self.assertIn(card, self._send_acknowledgements())
        self.assertEqual(card.ack_sent_date, datetime(2025, 3, 5, 13, 0, 5))
        ack = self._ack_of(card)
        self.assertEqual(len(ack), 1)
        self.assertEqual(ack.partner_ids.email_normalized, "night.owl@example.com")
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", ack.id)])
        self.assertTrue(mails)
        for mail in mails:
            self.assertIn("Auto-Submitted", mail.headers or "", "no loop with auto-responders")
        activity = card.activity_ids
        self.assertEqual(activity.user_id, self.rep_a)
        self.assertEqual(str(activity.date_deadline), "2025-03-06")
        self.assertIn("09:00", activity.summary)
        self.assertEqual(card.state, "assigned", "an acknowledgement is not an answer")
        self.assertFalse(card.first_response_date)
        # sent once
        self.assertNotIn(card, self._send_acknowledgements())
        self.assertEqual(len(self._ack_of(card)), 1)

    def test_a_public_post_at_night_gets_a_next_morning_follow_up(self):
        with freeze_time("2025-03-05 13:00:00"):  # 22:00 in Tokyo
            # as the mail gateway and listening make it (an arrival from outside)
            card = self._card(
                arrival=True,
                user_id=self.rep_a.id,
                source_id=self.source_web.id,
                platform="facebook",
                action_type="comment",
                author_name="Night Commenter",
            )
        self.assertTrue(card.is_public)
        self.assertFalse(card.ack_due_date, "no e-mail to a public commenter")
        activity = card.activity_ids
        self.assertEqual(activity.user_id, self.rep_a)
        self.assertEqual(str(activity.date_deadline), "2025-03-06")
        self.assertIn("09:00", activity.summary)
        self.assertIn("public post", activity.summary)

    def test_a_public_post_in_working_hours_gets_no_follow_up(self):
        with freeze_time("2025-03-05 02:00:00"):  # 11:00 in Tokyo
            card = self._card(
                arrival=True, user_id=self.rep_a.id, platform="facebook", action_type="comment"
            )
        self.assertFalse(card.activity_ids)

    def test_one_acknowledgement_per_address_and_night(self):
        with freeze_time("2025-03-05 13:00:00"):
            first = self._form_card()
            self._send_acknowledgements()
        with freeze_time("2025-03-05 15:00:00"):
            # the same address again, or forged in its name: no second e-mail tonight
            second = self._form_card(author_name="Night Owl again")
            self._send_acknowledgements()
        self.assertTrue(first.ack_sent_date)
        self.assertFalse(second.ack_due_date or second.ack_sent_date)
        self.assertFalse(self._ack_of(second))
        with freeze_time("2025-03-06 13:00:00"):  # the next night
            third = self._form_card(author_name="Night Owl, next night")
            self._send_acknowledgements()
        self.assertTrue(third.ack_sent_date)

    def test_no_acknowledgement_to_an_unverified_sender(self):
        with freeze_time("2025-03-05 13:00:00"):
            card = self._form_card(sender_check="unverified")
        self.assertFalse(card.ack_due_date)

    def test_a_card_answered_before_the_sending_gets_no_acknowledgement(self):
        with freeze_time("2025-03-05 13:00:00"):
            card = self._form_card(user_id=self.rep_a.id)
            card.action_mark_processed()
            self._send_acknowledgements()
        self.assertFalse(self._ack_of(card))
        self.assertFalse(card.ack_sent_date)
        self.assertFalse(card.ack_due_date, "nothing left to send")

    def test_a_broken_template_is_written_on_the_card_and_loses_nothing(self):
        broken = self.template.copy({"subject": "{{ object.no_such_field.name }}"})
        self.source_web.auto_ack_template_id = broken
        with freeze_time("2025-03-05 13:00:00"):
            card = self._form_card()
            other = self._form_card(author_email="second@example.com", author_name="Second")
            self.env.flush_all()
            self._send_acknowledgements()
        for each in card | other:
            self.assertFalse(each.ack_sent_date)
            self.assertFalse(each.ack_due_date, "not tried again")
            self.assertIn("could not be sent", each.message_ids[:1].body)
            self.assertEqual(each.state, "new")

    def test_pool_card_follow_up_goes_to_the_team_leader(self):
        with freeze_time("2025-03-08 03:00:00"):  # Saturday
            card = self._form_card()
            self._send_acknowledgements()
        self.assertEqual(card.activity_ids.user_id, self.manager)
        self.assertEqual(str(card.activity_ids.date_deadline), "2025-03-10")

    def test_no_acknowledgement_during_working_hours(self):
        with freeze_time("2025-03-05 03:00:00"):  # 12:00 in Tokyo
            card = self._form_card()
            self._send_acknowledgements()
        self.assertFalse(card.ack_due_date)
        self.assertFalse(card.ack_sent_date)
        self.assertFalse(card.activity_ids)

    def test_no_acknowledgement_without_an_email_address(self):
        with freeze_time("2025-03-05 13:00:00"):
            card = self._form_card(author_email=False)
        self.assertFalse(card.ack_due_date)

    def test_no_acknowledgement_when_the_source_has_no_template(self):
        with freeze_time("2025-03-05 13:00:00"):
            card = self._card(author_email="someone@example.com")
        self.assertFalse(card.ack_due_date)

    def test_author_markup_is_escaped_in_the_acknowledgement(self):
        with freeze_time("2025-03-05 13:00:00"):
            card = self._form_card(author_name="<script>alert(1)</script>")
            self._send_acknowledgements()
        ack = self._ack_of(card)
        self.assertTrue(ack)
        self.assertNotIn("<script>", str(ack.body))
        self.assertIn("&lt;script&gt;", str(ack.body))
