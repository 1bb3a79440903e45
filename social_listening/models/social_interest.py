from odoo import fields, models


class SocialInterest(models.Model):
    _inherit = "social.interest"

    mention_ids = fields.One2many("social.mention", "interest_id", string="Mentions")
