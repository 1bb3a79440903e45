from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    social_timesheet_project_id = fields.Many2one(
        related="company_id.social_timesheet_project_id", readonly=False
    )
