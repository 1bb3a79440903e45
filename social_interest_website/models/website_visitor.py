from odoo import api, models

LAST_TRACK_PARAM = "social_interest_website.last_track_id"


class WebsiteTrack(models.Model):
    _inherit = "website.track"

    @api.model
    def _cron_social_record_visits(self):
        """Scheduled action: the page views of visitors linked to a contact since the last
        run become visits on each contact's card of the day."""
        source = self.env.ref(
            "social_interest_website.source_website_visits", raise_if_not_found=False
        )

        def read_hit(track):
            page = track.page_id.name or None
            visitor = track.visitor_id
            return (
                visitor.partner_id, track.visit_datetime, track.url or "", page,
                visitor.website_id.company_id,
            )  # fmt: skip

        return self.env["social.interest"]._social_record_new_rows(
            self,
            LAST_TRACK_PARAM,
            [("visitor_id.partner_id", "!=", False)],
            source,
            "visit",
            read_hit,
        )
