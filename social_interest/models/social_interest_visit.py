from odoo import fields, models


class SocialInterestVisit(models.Model):
    """When a rep's form last showed a card: the server's clock of the time on cards.

    The form reports the seconds it stayed visible; a visit counts no more than the time
    since the server saw the form open, and once. Only the code reads and writes these
    lines (as superuser): a rep has no access to them."""

    _name = "social.interest.visit"
    _description = "Card form open"

    interest_id = fields.Many2one(
        "social.interest", string="Card", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Rep", required=True, ondelete="cascade")
    opened_at = fields.Datetime(required=True, default=fields.Datetime.now)

    _sql_constraints = [
        ("card_user_uniq", "unique(interest_id, user_id)", "One open form per card and rep."),
    ]
