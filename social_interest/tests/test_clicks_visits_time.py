from ast import literal_eval
from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import SocialInterestCase


class TestLightInterest(SocialInterestCase):
    """Clicks and visits of known people: one card per person, kind and day."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.visits = cls.env["social.interest.source"].create(
            {"name": "Website visits", "platform": "website"}
        )
        cls.jane = cls.env["res.partner"].create(
            {"name": "Jane Visitor", "email": "jane.visitor@example.com"}
        )
        cls.Interest = cls.env["social.interest"]

    def _hit(self, when, url, label=None, kind="visit", partner=None):
        return self.Interest._social_record_hits(
            [(self.visits, partner or self.jane, kind, when, url, label)]
        )

    def test_hits_of_one_day_make_one_card_listing_each_page_once(self):
        day = datetime(2026, 11, 3, 9, 0)
        first = self._hit(day, "https://shop.example.com/p/blue-kettle", "Blue kettle")
        again = self._hit(day + timedelta(hours=2), "https://shop.example.com/p/blue-kettle")
        other = self._hit(day + timedelta(hours=3), "https://shop.example.com/contact")
        self.assertEqual(first, again)
        self.assertEqual(first, other)
        self.assertEqual(first.hit_count, 3)
        self.assertEqual(
            first.body.splitlines(),
            [
                "Blue kettle — https://shop.example.com/p/blue-kettle",
                "https://shop.example.com/p/blue-kettle",
                "https://shop.example.com/contact",
            ],
        )
        self.assertEqual(first.partner_id, self.jane)
        self.assertTrue(first.is_light)

    def test_a_new_day_or_kind_makes_a_new_card(self):
        day = datetime(2026, 11, 3, 9, 0)
        visit = self._hit(day, "https://shop.example.com/")
        next_day = self._hit(day + timedelta(days=1), "https://shop.example.com/")
        click = self._hit(day, "https://shop.example.com/", kind="click")
        self.assertEqual(len(visit | next_day | click), 3)

    def test_light_cards_need_no_answer(self):
        card = self._hit(datetime(2026, 11, 3, 9, 0), "https://shop.example.com/")
        self.assertFalse(card.user_id)
        self.assertFalse(card.deadline)
        self.assertFalse(card.is_public)
        board = self.env.ref("social_interest.action_social_interest")
        self.assertNotIn(card, self.Interest.search(literal_eval(board.domain)))
        light = self.env.ref("social_interest.action_social_interest_light")
        self.assertIn(card, self.Interest.search(literal_eval(light.domain)))

    def test_a_visit_keeps_the_contact_known_and_dated_but_silent(self):
        when = fields.Datetime.now() - timedelta(hours=1)
        self._hit(when, "https://shop.example.com/")
        self.jane.invalidate_recordset()
        self.assertEqual(self.jane.engagement_segment, "silent")
        self.assertEqual(self.jane.last_interest_date.date(), when.date())
        self.assertEqual(self.jane.interest_count, 1)

    def test_the_page_list_is_capped_but_the_count_goes_on(self):
        day = datetime(2026, 11, 3, 9, 0)
        for index in range(40):
            card = self._hit(day, f"https://shop.example.com/p/{index}")
        self.assertEqual(card.hit_count, 40)
        self.assertEqual(len(card.body.splitlines()), 30)

    def test_hostile_titles_stay_text(self):
        card = self._hit(
            datetime(2026, 11, 3, 9, 0), "https://shop.example.com/", "<script>x()</script>"
        )
        self.assertIn("<script>", card.body)  # plain text field, escaped when shown


class TestTimeOnCards(SocialInterestCase):
    """Time per rep and channel: first open, time on the form, open to reply."""

    @staticmethod
    def _visit(card, user, seconds):
        """``user`` opens ``card``'s form and leaves it ``seconds`` later, early in a UTC
        day (a visit of hours in the evening would end on the next day: another line)."""
        early = datetime.combine(fields.Date.today(), time(1, 0))
        with freeze_time(early) as clock:
            card.with_user(user).action_social_form_opened()
            clock.tick(timedelta(seconds=seconds))
            return card.with_user(user).action_social_form_time(seconds)

    def test_the_first_opening_is_kept(self):
        card = self._card()
        card.with_user(self.rep_a).action_social_form_opened()
        opened = card.first_open_date
        self.assertTrue(opened)
        card.with_user(self.rep_a2).action_social_form_opened()
        self.assertEqual(card.first_open_date, opened)

    def test_form_time_adds_up_per_rep_card_and_day_with_a_cap_per_visit(self):
        card = self._card()
        self._visit(card, self.rep_a, 90)
        self._visit(card, self.rep_a, 30)
        self._visit(card, self.rep_a, 5 * 3600)  # a form left open: 30 minutes at most
        self._visit(card, self.rep_a2, 360)
        lines = card.work_ids
        self.assertEqual(len(lines), 2)
        mine = lines.filtered(lambda line: line.user_id == self.rep_a)
        self.assertAlmostEqual(mine.duration, (120 + 1800) / 3600.0, places=4)
        self.assertAlmostEqual(card.work_hours, (120 + 1800 + 360) / 3600.0, places=4)
        self.assertEqual(mine.platform, "facebook")

    def test_nonsense_durations_are_ignored(self):
        card = self._card()
        self.assertFalse(card.with_user(self.rep_a).action_social_form_time("soon"))
        self.assertFalse(card.with_user(self.rep_a).action_social_form_time(0.2))
        self.assertFalse(card.work_ids)

    def test_a_rep_of_another_team_cannot_log_time_on_a_card_he_cannot_see(self):
        card = self._card()
        with self.assertRaises(AccessError):
            card.with_user(self.rep_b).action_social_form_time(60)

    def test_reps_read_their_own_time_managers_everyone(self):
        card = self._card()
        self._visit(card, self.rep_a, 60)
        self._visit(card, self.rep_a2, 60)
        Work = self.env["social.interest.work"]
        self.assertEqual(Work.with_user(self.rep_a).search([]).user_id, self.rep_a)
        self.assertEqual(
            len(Work.with_user(self.manager).search([("interest_id", "=", card.id)])), 2
        )

    def test_open_to_reply_and_time_reach_the_analysis(self):
        card = self._card(user_id=self.rep_a.id)
        opened = fields.Datetime.now() - timedelta(hours=3)
        card.sudo().write({"first_open_date": opened})
        self._visit(card, self.rep_a, 1800)
        card.sudo().write({"first_response_date": opened + timedelta(hours=2)})
        self.assertAlmostEqual(card.handling_hours, 2.0, places=3)
        Report = self.env["social.interest.report"]
        Report._refresh()
        [row] = Report._read_group(
            [("source_id", "=", self.source_fb.id)],
            [],
            ["volume:sum", "work_hours:sum", "work_hours_per_interest:avg", "handling_hours:avg"],
        )
        volume, work, per_card, handling = row
        self.assertEqual(volume, 1)
        self.assertAlmostEqual(work, 0.5, places=3)
        self.assertAlmostEqual(per_card, 0.5, places=3)
        self.assertAlmostEqual(handling, 2.0, places=3)

    def test_clicks_and_visits_stay_out_of_the_analysis(self):
        self._card()
        visits = self.env["social.interest.source"].create(
            {"name": "Visits", "platform": "website"}
        )
        partner = self.env["res.partner"].create({"name": "Visitor"})
        self.env["social.interest"]._social_record_hits(
            [(visits, partner, "visit", fields.Datetime.now(), "https://shop.example.com/", None)]
        )
        Report = self.env["social.interest.report"]
        Report._refresh()
        self.assertFalse(Report.search([("source_id", "=", visits.id)]))


@tagged("post_install", "-at_install")
class TestTimeTour(HttpCase):
    def test_the_form_counts_the_time_a_rep_spends_on_a_card(self):
        card = self.env["social.interest"].create(
            {
                "platform": "facebook",
                "action_type": "comment",
                "author_name": "Timed Author",
                "body": "How long will you look at me?",
            }
        )
        self.start_tour("/odoo/social-interest", "social_interest_time_tour", login="admin")
        self.assertTrue(card.first_open_date)
        # on the card's own time lines, or on timesheets where the timesheet bridge is
        card.invalidate_recordset(["work_hours"])
        self.assertGreaterEqual(card.work_hours * 3600, 1.0)
        self.assertLess(card.work_hours * 3600, 60.0)
