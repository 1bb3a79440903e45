from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    social_order_attribution_days = fields.Integer(
        related="company_id.social_order_attribution_days", readonly=False
    )
