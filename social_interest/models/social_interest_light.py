import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL

from .selection import LIGHT_ACTION_TYPES

# Distinct pages / links listed on one day's card; the count goes on beyond it.
LIGHT_MAX_LINES = 30


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
