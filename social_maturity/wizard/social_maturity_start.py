from odoo import fields, models


class SocialMaturityStart(models.TransientModel):
    """Pick the maturity survey to assess a contact with, when there are several."""

    _name = "social.maturity.start"
    _description = "Start a Social Maturity Assessment"

    survey_id = fields.Many2one(
        "survey.survey",
        string="Survey",
        required=True,
        domain="[('smi_survey', '=', True), ('active', '=', True)]",
    )
    partner_id = fields.Many2one("res.partner", string="Contact")
    email = fields.Char()
    lead_id = fields.Many2one("crm.lead", string="Lead")

    def action_start(self):
        self.ensure_one()
        return self.env["social.maturity.assessment"]._action_start_for(
            partner=self.partner_id, email=self.email, lead=self.lead_id, survey=self.survey_id
        )
