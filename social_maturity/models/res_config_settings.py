from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    smi_investment_threshold = fields.Float(
        string="High investment from",
        config_parameter="social_maturity.investment_threshold",
        default=50.0,
        help="An investment score (0-100) at or above this value counts as high.",
    )
    smi_innovation_threshold = fields.Float(
        string="High innovation from",
        config_parameter="social_maturity.innovation_threshold",
        default=50.0,
        help="An innovation score (0-100) at or above this value counts as high.",
    )
