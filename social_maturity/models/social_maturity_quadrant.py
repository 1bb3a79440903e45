from odoo import fields, models

from ..lib.scoring import CONSERVATIVE, CONTENDER, OBSERVER, SOCIAL_FIRST

QUADRANT_SELECTION = [
    (OBSERVER, "Observer"),
    (CONSERVATIVE, "Conservative"),
    (CONTENDER, "Contender"),
    (SOCIAL_FIRST, "#SocialFirst"),
]


class SocialMaturityQuadrant(models.Model):
    """One category of the index, with the advice given to companies that land in it."""

    _name = "social.maturity.quadrant"
    _description = "Social Maturity Quadrant"
    _order = "sequence, id"

    code = fields.Selection(QUADRANT_SELECTION, required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    summary = fields.Char(translate=True, help="Investment and innovation, in short.")
    recommendation = fields.Text(translate=True)
    color = fields.Integer()

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each category of the index exists once."),
    ]
