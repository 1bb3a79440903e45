from odoo import fields, models


class SocialInterestAnswerTag(models.Model):
    """A topic of the knowledge base (delivery, sizes, returns): the answers' own tags,
    apart from the opportunities' (``crm.tag``), whose list the reps pick from on leads."""

    _name = "social.interest.answer.tag"
    _description = "Knowledge base topic"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer()

    _sql_constraints = [
        ("name_uniq", "unique (name)", "A topic of this name already exists."),
    ]
