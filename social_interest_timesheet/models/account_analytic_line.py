from odoo import fields, models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    social_interest_id = fields.Many2one(
        "social.interest", string="Social interest card", index="btree_not_null"
    )
    social_platform = fields.Selection(
        related="social_interest_id.platform", store=True, string="Social channel"
    )
