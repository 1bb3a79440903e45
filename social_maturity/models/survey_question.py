from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    smi_axis = fields.Selection(
        [("investment", "Investment"), ("innovation", "Innovation"), ("none", "None")],
        string="Maturity axis",
        default="none",
        # required in the form only: survey's own code creates questions without this
        # column's default when our module is not loaded yet, which a NOT NULL would refuse
        help="Which axis of the Social Maturity Index this question feeds. An answer's "
        "points are its score.",
    )
