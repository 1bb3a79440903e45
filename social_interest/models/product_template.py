from odoo import api, fields, models, tools

from ..lib.products import ProductMatcher


class ProductTemplate(models.Model):
    _inherit = "product.template"

    social_keywords = fields.Char(
        string="Social keywords",
        help="Comma-separated words that name this product in comments, reviews and forms "
        "(e.g. a nickname or a translation); the mail gateway links cards to the product when "
        "its name or one of these words appears.",
    )

    @api.model
    def _social_product_matcher(self):
        """The saleable products compiled into one :class:`ProductMatcher`: what the mail
        gateway and listening match posts against.

        Kept in the registry cache under a key that changes whenever a product is added,
        edited or removed (last write, count), so no cache has to be cleared by hand; the
        matcher is never modified once built, so workers' threads share it safely.
        """
        # sudo: only the last change and the count, to know when the cached names are stale
        ((stamp, count),) = self.sudo()._read_group(
            [("sale_ok", "=", True)], aggregates=["write_date:max", "__count"]
        )
        return self._social_product_matcher_cached(self.env.lang or "en_US", stamp, count)

    @tools.ormcache("lang", "stamp", "count")
    def _social_product_matcher_cached(self, lang, stamp, count):
        # sudo: product names are matched against posts and e-mails, whoever reads them
        products = (
            self.sudo()
            .with_context(lang=lang)
            .search_read([("sale_ok", "=", True)], ["name", "social_keywords"], limit=5000)
        )
        return ProductMatcher((p["id"], p["name"], p["social_keywords"]) for p in products)
