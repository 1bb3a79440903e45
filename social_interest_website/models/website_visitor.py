from odoo import api, models

# Page views turned into visit cards per scheduled run (the runner calls again while more
# remain).
VISIT_CRON_BATCH = 2000
LAST_TRACK_PARAM = "social_interest_website.last_track_id"


class WebsiteTrack(models.Model):
    _inherit = "website.track"

    @api.model
    def _cron_social_record_visits(self):
        """Scheduled action: the page views of visitors linked to a contact since the last
        run become visits on each contact's card of the day.

        Read from the tracks Odoo already records rather than on each page request: a
        page view costs nothing more, and one run is one batch in one transaction — its
        high-water mark moves with the cards it counted, so a failed run counts nothing
        twice."""
        source = self.env.ref(
            "social_interest_website.source_website_visits", raise_if_not_found=False
        )
        # sudo: a system parameter holding a row id, read and written by the scheduler
        params = self.env["ir.config_parameter"].sudo()
        last_id = int(params.get_param(LAST_TRACK_PARAM, 0) or 0)
        tracks = self.sudo().search(
            [("id", ">", last_id), ("visitor_id.partner_id", "!=", False)],
            order="id",
            limit=VISIT_CRON_BATCH,
        )
        if source and source.active:
            Interest = self.env["social.interest"]
            for track in tracks:
                Interest._social_record_hit(
                    source,
                    track.visitor_id.partner_id,
                    "visit",
                    track.visit_datetime,
                    track.url or "",
                    track.page_id.name or None,
                )
        if tracks:
            params.set_param(LAST_TRACK_PARAM, tracks[-1].id)
        remaining = self.sudo().search_count(
            [("id", ">", tracks[-1:].id or last_id), ("visitor_id.partner_id", "!=", False)]
        )
        self.env["ir.cron"]._notify_progress(done=len(tracks), remaining=remaining)
        return len(tracks)
