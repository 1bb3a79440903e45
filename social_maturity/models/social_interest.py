from odoo import fields, models


class SocialInterest(models.Model):
    """The card's customer column shows the maturity quadrant of the person's company."""

    _inherit = "social.interest"

    smi_quadrant = fields.Selection(
        related="partner_id.smi_quadrant", string="Company's social maturity"
    )
