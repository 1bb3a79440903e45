from odoo import api, fields, models

# Clicks looked at per scheduled run (the runner calls again while more remain).
CLICK_CRON_BATCH = 2000
LAST_CLICK_PARAM = "social_interest_link_tracker.last_click_id"


class LinkTracker(models.Model):
    _inherit = "link.tracker"

    social_interest_id = fields.Many2one(
        "social.interest",
        string="Social interest card",
        index="btree_not_null",
        ondelete="set null",
        help="The card whose reply carried this link: its clicks are the card's author's.",
    )


class LinkTrackerClick(models.Model):
    _inherit = "link.tracker.click"

    @api.model
    def _cron_social_record_clicks(self):
        """Scheduled action: the clicks since the last run whose clicker is known become
        clicks on each person's card of the day.

        Read from the clicks Odoo already records rather than in the redirect route: a
        click costs nothing more, and one run is one batch in one transaction — its
        high-water mark moves with the cards it counted, so nothing counts twice."""
        source = self.env.ref(
            "social_interest_link_tracker.source_link_clicks", raise_if_not_found=False
        )
        # sudo: a system parameter holding a row id, read and written by the scheduler
        params = self.env["ir.config_parameter"].sudo()
        last_id = int(params.get_param(LAST_CLICK_PARAM, 0) or 0)
        clicks = self.sudo().search([("id", ">", last_id)], order="id", limit=CLICK_CRON_BATCH)
        if source and source.active:
            Interest = self.env["social.interest"]
            for click in clicks:
                partner = click._social_clicker()
                if partner:
                    link = click.link_id
                    Interest._social_record_hit(
                        source, partner, "click", click.create_date, link.url, link.title
                    )
        if clicks:
            params.set_param(LAST_CLICK_PARAM, clicks[-1].id)
        remaining = self.sudo().search_count([("id", ">", clicks[-1:].id or last_id)])
        self.env["ir.cron"]._notify_progress(done=len(clicks), remaining=remaining)
        return len(clicks)

    def _social_clicker(self):
        """The contact who clicked, when the link went to one known person: the tracked
        link of an e-mail reply (the mass mailing bridge adds mailing recipients)."""
        self.ensure_one()
        # sudo: read by the scheduler to know whose click it is
        card = self.link_id.sudo().social_interest_id
        if card and not card.is_public:
            return card.partner_id
        return self.env["res.partner"]
