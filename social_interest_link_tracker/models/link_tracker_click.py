from odoo import api, models

# the last click counted by the scheduled action (a row id)
LAST_CLICK_PARAM = "social_interest_link_tracker.last_click_id"


class LinkTrackerClick(models.Model):
    _inherit = "link.tracker.click"

    @api.model
    def _cron_social_record_clicks(self):
        """Scheduled action: the clicks since the last run whose clicker is known become
        clicks on each person's card of the day."""
        source = self.env.ref(
            "social_interest_link_tracker.source_link_clicks", raise_if_not_found=False
        )

        def read_hit(click):
            partner = click._social_clicker()
            link = click.link_id
            # sudo: the company of the card whose reply carried the link, read by the scheduler
            company = link.sudo().social_interest_id.company_id
            return (partner, click.create_date, link.url, link.title, company) if partner else None

        return self.env["social.interest"]._social_record_new_rows(
            self, LAST_CLICK_PARAM, [], source, "click", read_hit
        )

    def _social_clicker(self):
        """The contact who clicked, when the link went to one known person: the tracked
        link of an e-mail reply (the mass mailing bridge adds mailing recipients)."""
        self.ensure_one()
        # sudo: read by the scheduler to know whose click it is
        card = self.link_id.sudo().social_interest_id
        if card and not card.is_public:
            return card.partner_id
        return self.env["res.partner"]
