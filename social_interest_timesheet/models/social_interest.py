from odoo import api, fields, models


class SocialInterest(models.Model):
    """Time on cards as Odoo timesheets: the form's time becomes the rep's timesheet line
    of the card's day on the company's social care project; reps log more by hand."""

    _inherit = "social.interest"

    timesheet_ids = fields.One2many(
        "account.analytic.line", "social_interest_id", string="Timesheets"
    )
    social_timesheet_project_id = fields.Many2one(related="company_id.social_timesheet_project_id")

    @api.depends("work_ids.duration", "timesheet_ids.unit_amount")
    def _compute_work_hours(self):
        result = super()._compute_work_hours()
        # sudo: the card's total of everyone's timesheets on it, whoever looks; no line is
        # returned
        data = dict(
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("social_interest_id", "in", self.ids), ("project_id", "!=", False)],
                ["social_interest_id"],
                ["unit_amount:sum"],
            )
        )
        for card in self:
            card.work_hours += data.get(card, 0.0)
        return result

    @api.model
    def _social_day_hours(self, user):
        """The forms' time of ``user`` today and their timesheet lines of cards today."""
        hours = super()._social_day_hours(user)
        # sudo: the user's own timesheet lines of cards today, summed; no line is returned
        [[timesheets]] = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [
                    ("social_interest_id", "!=", False),
                    ("user_id", "=", user.id),
                    ("date", "=", fields.Date.context_today(self)),
                ],
                [],
                ["unit_amount:sum"],
            )
        )
        return hours + (timesheets or 0.0)

    def _social_log_work(self, user, hours):
        """The rep's timesheet line of the day for this card, when the rep is an employee
        of the card's company and a project is set; the plain time line otherwise."""
        self.ensure_one()
        project = self.company_id.social_timesheet_project_id
        # sudo: which employee the rep is, to file their own time; a rep need not read
        # employees
        employee = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "=", user.id), ("company_id", "=", self.company_id.id)], limit=1)
        )
        if not (project and employee):
            return super()._social_log_work(user, hours)
        # sudo: the rep's own time on a card they can read, on the company's care project,
        # as the server measured it (since the form's opening, capped per visit and per
        # day: see action_social_form_time); a rep need not be a timesheet user for the
        # time to count
        self._social_add_day_hours(
            self.env["account.analytic.line"].sudo(),
            {"social_interest_id": self.id, "employee_id": employee.id, "project_id": project.id},
            "unit_amount",
            hours,
            extra={
                "name": self.env._("Social interest: %(card)s", card=self.name or ""),
                "user_id": user.id,
            },
        )
