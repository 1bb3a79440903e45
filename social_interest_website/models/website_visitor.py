from odoo import fields, models


class WebsiteVisitor(models.Model):
    _inherit = "website.visitor"

    def _handle_webpage_dispatch(self, website_page):
        """A tracked page seen by a visitor linked to a contact counts on that contact's
        visit card of the day."""
        super()._handle_webpage_dispatch(website_page)
        visitor = self._get_visitor_from_request()
        if visitor and visitor.partner_id:
            # the page's own name, never text from the request
            label = website_page.name if website_page else None
            visitor._social_record_visit(visitor.website_track_ids[:1].url, label)

    def _add_tracking(self, domain, website_track_values):
        """Other tracked views (a product, an event...): the same."""
        super()._add_tracking(domain, website_track_values)
        if self.partner_id:
            self._social_record_visit(website_track_values.get("url"), None)

    def _social_record_visit(self, url, label):
        self.ensure_one()
        source = self.env.ref(
            "social_interest_website.source_website_visits", raise_if_not_found=False
        )
        if source and source.active:
            self.env["social.interest"]._social_record_hit(
                source, self.partner_id, "visit", fields.Datetime.now(), url or "", label
            )
