from odoo import fields, models


class LinkTracker(models.Model):
    _inherit = "link.tracker"

    social_interest_id = fields.Many2one(
        "social.interest",
        string="Social interest card",
        index="btree_not_null",
        ondelete="set null",
        help="The card whose reply carried this link: its clicks are the card's author's.",
    )
