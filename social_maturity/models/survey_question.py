from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    smi_axis = fields.Selection(
        [("investment", "Investment"), ("innovation", "Innovation"), ("none", "None")],
        string="Maturity axis",
        default="none",
        required=True,
        help="Which axis of the Social Maturity Index this question feeds. An answer's "
        "points are its score.",
    )
