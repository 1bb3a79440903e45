from odoo import fields, models


class SocialInterestSourceCost(models.Model):
    """What a source cost per month from a month on: the analysis takes each month's cost
    from here, so a new cost changes the months to come, not the past."""

    _name = "social.interest.source.cost"
    _description = "Social Interest Source Monthly Cost"
    _order = "source_id, date_from desc"

    source_id = fields.Many2one(
        "social.interest.source", required=True, index=True, ondelete="cascade"
    )
    date_from = fields.Date(string="From", required=True, help="First month of this cost.")
    monthly_cost = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="source_id.currency_id")
    company_id = fields.Many2one(related="source_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("source_month_uniq", "unique(source_id, date_from)", "One cost per source and month."),
    ]
