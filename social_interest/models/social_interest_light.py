import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from .selection import LIGHT_ACTION_TYPES

# Distinct pages / links listed on one day's card; the count goes on beyond it.
LIGHT_MAX_LINES = 30
# Rows (clicks, page views) read per scheduled run; the runner calls again while more remain.
LIGHT_CRON_BATCH = 2000


class SocialInterest(models.Model):
    """Light interest: clicks on tracked links and website visits of known people.

    A click or a page view is a signal, not a request: one card per person, kind and day
    (``hit_count`` counts them, the text lists the pages), never assigned, without a
    deadline, kept off the board. The bridges (link tracker, mass mailing, website) call
    ``_social_record_hit``."""

    _inherit = "social.interest"

    hit_count = fields.Integer(
        string="Clicks / pages",
        readonly=True,
        help="Clicks on tracked links or pages visited by this person on the card's day.",
    )
    is_light = fields.Boolean(
        string="Click or visit",
        compute="_compute_is_light",
        store=True,
        help="A click or a visit: shown on the contact, needs no answer.",
    )

    @api.depends("action_type")
    def _compute_is_light(self):
        for card in self:
            card.is_light = card.action_type in LIGHT_ACTION_TYPES

    @api.model
    def _social_record_hit(self, source, partner, action_type, when, url, label=None):
        """Count one click or visit of ``partner`` on the card of that person, kind and
        (UTC) day, creating it on the first one; returns the card.

        Idempotent under concurrency: the card's unique key (source, external id) lets one
        transaction create it; a concurrent one finds it and counts on it, the row being
        locked while its count and list change."""
        assert action_type in LIGHT_ACTION_TYPES, action_type
        day = fields.Datetime.to_datetime(when).date()
        external_id = f"{action_type}:{partner.id}:{day.isoformat()}"
        line = f"{label} — {url}" if label and label != url else url
        # sudo: a click or a visit is recorded on behalf of the visitor (public user, cron
        # or the tracking route); only counts, a URL and a title are written
        Interest = self.sudo().with_context(mail_create_nolog=True, tracking_disable=True)
        card = Interest._social_find_hit(source, external_id)
        if not card:
            try:
                with self.env.cr.savepoint():
                    card = Interest.create(
                        {
                            "source_id": source.id,
                            "external_id": external_id,
                            "platform": source.platform or "website",
                            "action_type": action_type,
                            "interest_date": when,
                            "partner_id": partner.id,
                            "author_name": partner.name,
                            "author_email": partner.email or False,
                            "company_id": source.company_id.id or self.env.company.id,
                            "is_public": False,
                            "hit_count": 1,
                            "body": line or False,
                            "source_url": url or False,
                        }
                    )
                return card
            except psycopg2.IntegrityError:
                card = Interest._social_find_hit(source, external_id)
        card._social_add_hit(line)
        return card

    @api.model
    def _social_record_new_rows(self, rows, param, domain, read_hit):
        """Scheduled runs of the bridges: the rows of ``rows``' model (clicks, page views
        Odoo already records) added since the last run, turned into hits.

        ``read_hit(row)`` gives ``(source, partner, kind, when, url, label)`` or None. One
        run is one batch in one transaction: the high-water mark (system parameter
        ``param``) moves with the cards it counted, so a failed run counts nothing twice.
        Reading the rows afterwards keeps a click or a page view as cheap as Odoo made it.
        """
        # sudo: the scheduler reads the rows and a system parameter holding a row id
        params = self.env["ir.config_parameter"].sudo()
        Rows = rows.sudo()
        last_id = int(params.get_param(param, 0) or 0)
        batch = Rows.search([("id", ">", last_id), *domain], order="id", limit=LIGHT_CRON_BATCH)
        for row in batch:
            hit = read_hit(row)
            if hit:
                self._social_record_hit(*hit)
        if batch:
            last_id = batch[-1].id
            params.set_param(param, last_id)
        remaining = Rows.search_count([("id", ">", last_id), *domain])
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return len(batch)

    def _social_find_hit(self, source, external_id):
        return self.with_context(active_test=False).search(
            [("source_id", "=", source.id), ("external_id", "=", external_id)], limit=1
        )

    def _social_add_hit(self, line):
        self.ensure_one()
        self.env.cr.execute(
            SQL("SELECT body FROM social_interest WHERE id = %s FOR UPDATE", self.id)
        )
        [body] = self.env.cr.fetchone()
        lines = (body or "").splitlines()
        if line and line not in lines and len(lines) < LIGHT_MAX_LINES:
            lines.append(line)
        self.env.cr.execute(
            SQL(
                "UPDATE social_interest SET hit_count = COALESCE(hit_count, 0) + 1, body = %s "
                "WHERE id = %s",
                "\n".join(lines) or None,
                self.id,
            )
        )
        self.invalidate_recordset(["hit_count", "body"])
