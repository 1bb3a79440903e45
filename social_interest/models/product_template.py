from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    social_keywords = fields.Char(
        string="Social keywords",
        help="Comma-separated words that name this product in comments, reviews and forms "
        "(e.g. a nickname or a translation); the mail gateway links cards to the product when "
        "its name or one of these words appears.",
    )
