from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.interest_data import InterestData
from ..lib.selection import LIGHT_ACTION_TYPES

# Distinct pages / links listed on one day's card; the count goes on beyond it.
LIGHT_MAX_LINES = 30
# Rows (clicks, page views) read per scheduled run; the runner calls again while more remain.
LIGHT_CRON_BATCH = 2000


class SocialInterestLight(models.AbstractModel):
    """Light interest: clicks on tracked links and website visits of known people.

    A click or a page view is a signal, not a request: one card per person, kind and day
    (``hit_count`` counts them, the text lists the pages), never assigned, without a
    deadline, kept off the board. The bridges (link tracker, mass mailing, website) call
    ``_social_record_new_rows`` from their scheduled actions; new cards are made by the
    card's one road in, :meth:`social.interest._ingest`."""

    _name = "social.interest.light"
    _description = "Clicks and visits on a social interest card"

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
    def _social_record_hits(self, hits):
        """Count clicks or visits ``(source, partner, kind, when, url, label[, company])``
        on the cards of each person, kind and (UTC) day: grouped first, then one read, one
        batch of new cards and one update per card already there. Returns the cards.

        A new card belongs to the company of its contact, else to ``company`` (the
        website's, the replied card's), else to its source's. The company's own people
        (partners of internal users) make no card: their clicks and visits are work.

        Idempotent under concurrency: the card's unique key (source, external id) lets one
        transaction create it; a concurrent one finds it and counts on it, the row being
        locked while its count and list change."""
        staff = self._social_staff_partner_ids({hit[1].id for hit in hits})
        groups = {}
        for source, partner, action_type, when, url, label, *company in hits:
            assert action_type in LIGHT_ACTION_TYPES, action_type
            if partner.id in staff:
                continue
            day = fields.Datetime.to_datetime(when).date()
            key = (source.id, f"{action_type}:{partner.id}:{day.isoformat()}")
            group = groups.setdefault(
                key,
                {"source": source, "partner": partner, "kind": action_type, "when": when,
                 "url": url, "lines": [], "count": 0, "company": company[0] if company else None},
            )  # fmt: skip
            group["count"] += 1
            line = f"{label} — {url}" if label and label != url else url
            if line and line not in group["lines"]:
                group["lines"].append(line)
        if not groups:
            return self.browse()
        # sudo: clicks and visits are recorded on behalf of the visitor by the scheduler;
        # only counts, URLs and page titles are written
        Interest = self.env["social.interest"].sudo().with_context(tracking_disable=True)
        found = {
            (card.source_id.id, card.external_id): card
            for card in Interest.with_context(active_test=False).search(
                [
                    ("source_id", "in", list({key[0] for key in groups})),
                    ("external_id", "in", [key[1] for key in groups]),
                ]
            )
        }
        new_keys = [key for key in groups if key not in found]
        if new_keys:
            # the one road in; a card another transaction made meanwhile comes back found,
            # and this run's hits are counted on it below
            arrivals = Interest._ingest(
                [self._social_hit_item(key[1], groups[key]) for key in new_keys],
                values=[self._social_hit_values(groups[key]) for key in new_keys],
            )
            for key, arrival in zip(new_keys, arrivals, strict=True):
                found[key] = arrival.card
                if arrival.created:
                    groups.pop(key)
        self._social_add_hits({found[key].id: group for key, group in groups.items()})
        return self.env["social.interest"].browse([card.id for card in found.values()])

    @api.model
    def _social_staff_partner_ids(self, partner_ids):
        """Those of ``partner_ids`` that are the partners of internal users."""
        # sudo: the scheduler tells the company's own people from its contacts
        users = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", list(partner_ids)), ("share", "=", False)])
        )
        return set(users.partner_id.ids)

    @api.model
    def _social_hit_item(self, external_id, group):
        """The person's clicks or visits of one day, as an item of the one road in."""
        source, partner = group["source"], group["partner"]
        return InterestData(
            platform=source.platform or "website",
            action_type=group["kind"],
            external_id=external_id,
            interest_date=group["when"],
            author_name=partner.name or "",
            author_email=partner.email or "",
            body="\n".join(group["lines"][:LIGHT_MAX_LINES]),
            source_url=group["url"] or "",
        )

    @api.model
    def _social_hit_values(self, group):
        """What the bridge knows of the card: its source, the contact (no identity to
        resolve: the person is known), the company, the count."""
        source, partner = group["source"], group["partner"]
        company = partner.company_id or group["company"] or source.company_id or self.env.company
        return {
            "source_id": source.id,
            "partner_id": partner.id,
            "identity_id": False,
            "company_id": company.id,
            "is_public": False,
            "hit_count": group["count"],
        }

    @api.model
    def _social_record_new_rows(self, rows, param, domain, source, kind, read_hit):
        """Scheduled runs of the bridges: the rows of ``rows``' model (clicks, page views
        Odoo already records) added since the last run, counted as ``kind`` hits on
        ``source`` (none while the source is missing or archived: the rows are passed).

        ``read_hit(row)`` gives ``(partner, when, url, label[, company])``, or None when
        nobody known acted. One run is one batch in one transaction: the high-water mark (system
        parameter ``param``) moves with the cards it counted, so a failed run counts
        nothing twice. Reading the rows afterwards keeps a click or a page view as cheap
        as Odoo made it.
        """
        # sudo: the scheduler reads the rows and a system parameter holding a row id
        params = self.env["ir.config_parameter"].sudo()
        Rows = rows.sudo()
        last_id = int(params.get_param(param, 0) or 0)
        batch = Rows.search([("id", ">", last_id), *domain], order="id", limit=LIGHT_CRON_BATCH)
        if source and source.active:
            self._social_record_hits(
                [(source, hit[0], kind, *hit[1:]) for hit in map(read_hit, batch) if hit]
            )
        if batch:
            last_id = batch[-1].id
            params.set_param(param, last_id)
        remaining = Rows.search_count([("id", ">", last_id), *domain])
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return len(batch)

    @api.model
    def _social_add_hits(self, groups_by_card):
        """Add each group's count and new lines to its card (``{card id: group}``): the
        cards are locked and read in one query and written in one."""
        if not groups_by_card:
            return
        ids = sorted(groups_by_card)
        self.env.cr.execute(
            SQL(
                "SELECT id, body FROM social_interest WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                ids,
            )
        )
        bodies = dict(self.env.cr.fetchall())
        counts, texts = [], []
        for card_id in ids:
            group = groups_by_card[card_id]
            lines = (bodies.get(card_id) or "").splitlines()
            for line in group["lines"]:
                if line not in lines and len(lines) < LIGHT_MAX_LINES:
                    lines.append(line)
            counts.append(group["count"])
            texts.append("\n".join(lines) or None)
        self.env.cr.execute(
            SQL(
                """UPDATE social_interest card
                      SET hit_count = COALESCE(card.hit_count, 0) + hit.count, body = hit.body
                     FROM unnest(%s::int[], %s::int[], %s::text[]) AS hit(id, count, body)
                    WHERE card.id = hit.id""",
                ids,
                counts,
                texts,
            )
        )
        self.browse(ids).invalidate_recordset(["hit_count", "body"])
