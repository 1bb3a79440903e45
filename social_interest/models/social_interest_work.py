from odoo import fields, models


class SocialInterestWork(models.Model):
    """Time a rep spent on a card, per card, rep and day: the time-per-channel figures.

    Written by the card's form (how long it stayed open and visible); where Odoo's
    timesheets are installed, the timesheet bridge records the same time as timesheet
    lines instead."""

    _name = "social.interest.work"
    _description = "Time on a social interest card"
    _order = "date desc, id desc"

    interest_id = fields.Many2one(
        "social.interest", string="Card", required=True, index=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Rep", required=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    duration = fields.Float(string="Hours", aggregator="sum", digits=(16, 4))
    source_id = fields.Many2one(related="interest_id.source_id", store=True)
    platform = fields.Selection(related="interest_id.platform", store=True, string="Channel")
    action_type = fields.Selection(related="interest_id.action_type", store=True)
    team_id = fields.Many2one(related="interest_id.team_id", store=True)
    company_id = fields.Many2one(related="interest_id.company_id", store=True)

    _sql_constraints = [
        (
            "card_user_date_uniq",
            "unique(interest_id, user_id, date)",
            "One line per card, rep and day.",
        ),
    ]
