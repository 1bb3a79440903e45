from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    smi_lead_id = fields.Many2one(
        "crm.lead", string="Lead assessed", index="btree_not_null", ondelete="set null"
    )
    smi_assessment_ids = fields.One2many(
        "social.maturity.assessment", "user_input_id", string="Maturity assessments"
    )

    def _mark_done(self):
        result = super()._mark_done()
        real_answers = self.filtered(lambda answer: not answer.test_entry)
        if real_answers:
            # sudo: respondents are often portal or public users who may not create
            # assessments; the assessment is computed by us from the answer's own lines only.
            self.env["social.maturity.assessment"].sudo()._create_from_user_inputs(real_answers)
        return result
