from odoo import api, fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    smi_survey = fields.Boolean(
        string="Maturity survey",
        compute="_compute_smi_survey",
        store=True,
        help="It has questions that feed a maturity axis: its answers become assessments, "
        "and Assess offers it.",
    )

    @api.depends("question_and_page_ids.smi_axis")
    def _compute_smi_survey(self):
        for survey in self:
            survey.smi_survey = any(
                axis in ("investment", "innovation")
                for axis in survey.question_ids.mapped("smi_axis")
            )
