from odoo import api, fields, models
from odoo.exceptions import ValidationError

# the question types whose suggested answers carry points (an answer's points are its score)
SCORED_TYPES = ("simple_choice", "multiple_choice")


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    smi_axis = fields.Selection(
        [("investment", "Investment"), ("innovation", "Innovation"), ("none", "None")],
        string="Maturity axis",
        default="none",
        # required in the form only: survey's own code creates questions without this
        # column's default when our module is not loaded yet, which a NOT NULL would refuse
        help="Which axis of the Social Maturity Index this question feeds. An answer's "
        "points are its score: only single and multiple choice questions have points.",
    )

    @api.constrains("smi_axis", "question_type")
    def _check_smi_axis_scored(self):
        for question in self:
            if question.smi_axis in ("investment", "innovation") and (
                question.question_type not in SCORED_TYPES
            ):
                raise ValidationError(
                    self.env._(
                        "“%(question)s” feeds the %(axis)s axis, but its answers have no "
                        "points: only single and multiple choice questions can feed a "
                        "maturity axis.",
                        question=question.title,
                        axis=dict(question._fields["smi_axis"]._description_selection(self.env))[
                            question.smi_axis
                        ],
                    )
                )
