from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    social_timesheet_project_id = fields.Many2one(
        "project.project",
        string="Timesheet project for social interest",
        domain="[('allow_timesheets', '=', True)]",
        help="Time spent on cards is recorded as timesheets of this project.",
    )

    @api.model
    def _social_set_default_timesheet_project(self):
        project = self.env.ref(
            "social_interest_timesheet.project_social_care", raise_if_not_found=False
        )
        if project:
            self.search([("social_timesheet_project_id", "=", False)]).write(
                {"social_timesheet_project_id": project.id}
            )
