from datetime import datetime, time, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class TestTimeAsTimesheets(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.project = cls.env.ref("social_interest_timesheet.project_social_care")
        cls.rep = new_test_user(
            cls.env, login="ts_rep", name="Timesheet Rep", groups="sales_team.group_sale_salesman"
        )
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Timesheet Rep", "user_id": cls.rep.id}
        )
        cls.rep_no_employee = new_test_user(
            cls.env,
            login="ts_rep2",
            name="Not An Employee",
            groups="sales_team.group_sale_salesman",
        )
        cls.card = cls.env["social.interest"].create(
            {"platform": "instagram", "action_type": "comment", "author_name": "Timed"}
        )

    def _visit(self, user, seconds):
        """``user`` opens the card's form and leaves it ``seconds`` later, early in a UTC
        day (a visit just before midnight would end on the next day: another line)."""
        with freeze_time(datetime.combine(fields.Date.today(), time(1, 0))) as clock:
            self.card.with_user(user).action_social_form_opened()
            clock.tick(timedelta(seconds=seconds))
            return self.card.with_user(user).action_social_form_time(seconds)

    def test_the_company_has_the_care_project_by_default(self):
        self.assertEqual(self.env.company.social_timesheet_project_id, self.project)

    def test_form_time_of_an_employee_is_a_timesheet_line_of_the_day(self):
        self._visit(self.rep, 900)
        self._visit(self.rep, 900)
        line = self.card.timesheet_ids
        self.assertEqual(len(line), 1)
        self.assertEqual(line.project_id, self.project)
        self.assertEqual(line.employee_id, self.employee)
        self.assertAlmostEqual(line.unit_amount, 0.5, places=3)
        self.assertEqual(line.social_platform, "instagram")
        self.assertFalse(self.card.work_ids)
        self.assertAlmostEqual(self.card.work_hours, 0.5, places=3)

    def test_a_rep_who_is_no_employee_keeps_the_plain_time_line(self):
        self._visit(self.rep_no_employee, 600)
        self.assertFalse(self.card.timesheet_ids)
        self.assertEqual(self.card.work_ids.user_id, self.rep_no_employee)

    def test_time_logged_by_hand_counts_on_the_card_and_in_the_analysis(self):
        self.env["account.analytic.line"].create(
            {
                "name": "Called the customer back",
                "project_id": self.project.id,
                "employee_id": self.employee.id,
                "unit_amount": 1.25,
                "social_interest_id": self.card.id,
            }
        )
        self.assertAlmostEqual(self.card.work_hours, 1.25, places=3)
        Report = self.env["social.interest.report"]
        Report._refresh()
        [[hours]] = Report._read_group([("platform", "=", "instagram")], [], ["work_hours:sum"])
        self.assertGreaterEqual(hours, 1.25)

    def test_without_a_project_time_stays_on_the_card(self):
        self.env.company.social_timesheet_project_id = False
        self._visit(self.rep, 600)
        self.assertFalse(self.card.timesheet_ids)
        self.assertTrue(self.card.work_ids)

    def test_a_rep_s_day_on_cards_counts_the_timesheets_and_is_capped(self):
        self.env["account.analytic.line"].create(
            {
                "name": "A long day on cards",
                "project_id": self.project.id,
                "employee_id": self.employee.id,
                "user_id": self.rep.id,
                "unit_amount": 11.9,
                "social_interest_id": self.card.id,
            }
        )
        self._visit(self.rep, 1800)
        self.assertAlmostEqual(sum(self.card.timesheet_ids.mapped("unit_amount")), 12.0, places=3)

    def test_form_time_without_opening_the_form_makes_no_timesheet(self):
        self.card.with_user(self.rep).action_social_form_time(900)
        self.assertFalse(self.card.timesheet_ids)
