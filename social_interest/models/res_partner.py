from odoo import api, fields, models
from odoo.tools import SQL

from ..lib.engagement import (
    SEGMENT_SELECTION,
    VOICE_ACTION_TYPES,
    EngagementThresholds,
    engagement_segment,
)

ENGAGEMENT_WINDOW_PARAM = "social_interest.engagement_window_days"
ENGAGEMENT_ACTIVE_PARAM = "social_interest.engagement_active_min"
# Partners re-rated per cron batch (the cron runner calls again while work remains).
ENGAGEMENT_CRON_BATCH = 1000


class ResPartner(models.Model):
    """The contact as the single customer record across channels: identities and cards."""

    _inherit = "res.partner"

    identity_ids = fields.One2many("social.identity", "partner_id", string="Social identities")
    identity_count = fields.Integer(
        compute="_compute_identity_count", groups="sales_team.group_sale_salesman"
    )
    interest_ids = fields.One2many("social.interest", "partner_id", string="Social interest")
    interest_count = fields.Integer(
        compute="_compute_interest_count",
        string="Social interest count",
        groups="sales_team.group_sale_salesman",
        help="Cards of this contact and of its contacts.",
    )
    last_interest_date = fields.Datetime(
        compute="_compute_engagement",
        store=True,
        groups="sales_team.group_sale_salesman",
        help="When this contact last liked, commented, reviewed, asked or wrote to us.",
    )
    engagement_segment = fields.Selection(
        SEGMENT_SELECTION,
        compute="_compute_engagement",
        store=True,
        index=True,
        groups="sales_team.group_sale_salesman",
        help="Active: speaks to us often in the last days of the engagement window (90 by "
        "default); occasional: speaks now and then; silent: known on social media but only "
        "watches (likes, follows) or was not heard of in the window.",
    )

    # ------------------------------------------------------------------ computes

    def _compute_identity_count(self):
        counts = dict(
            self.env["social.identity"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.identity_count = counts.get(partner, 0)

    @api.depends_context("uid")
    def _compute_interest_count(self):
        # Like Odoo's opportunity count: a company counts the cards of its contacts too.
        self.interest_count = 0
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        data = self.env["social.interest"]._read_group(
            [("partner_id", "in", all_partners.ids)], ["partner_id"], ["__count"]
        )
        self_ids = set(self._ids)
        for partner, count in data:
            while partner:
                if partner.id in self_ids:
                    partner.interest_count += count
                partner = partner.parent_id

    @api.depends(
        "identity_ids",
        "interest_ids.interest_date",
        "interest_ids.action_type",
        "interest_ids.active",
    )
    def _compute_engagement(self):
        values = self._engagement_values()
        for partner in self:
            partner.last_interest_date, partner.engagement_segment = values.get(
                partner.id, (False, False)
            )

    # ------------------------------------------------------------------ actions

    def action_view_social_interest(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        action.update(
            {
                "name": self.env._("Social interest of %(name)s", name=self.display_name),
                "domain": [("partner_id", "child_of", self.id)],
                "context": {"default_partner_id": self.id},
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
            }
        )
        return action

    def action_view_social_identities(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_identity"
        )
        action.update(
            {
                "domain": [("partner_id", "=", self.id)],
                "context": {"default_partner_id": self.id, "default_name": self.name},
            }
        )
        return action

    # ------------------------------------------------------------------ helpers

    def _social_of_company(self, company_id):
        """This contact, when a card of ``company_id`` may link to it (it is shared, or of
        that company); else none: another company's people are never linked."""
        return self.filtered(
            lambda partner: not company_id or partner.company_id.id in (False, company_id)
        )

    @api.model
    def _engagement_thresholds(self):
        # sudo: two numeric settings, read only; system parameters need admin rights otherwise
        params = self.env["ir.config_parameter"].sudo()
        return EngagementThresholds.from_params(
            params.get_param(ENGAGEMENT_WINDOW_PARAM),
            params.get_param(ENGAGEMENT_ACTIVE_PARAM),
        )

    def _engagement_values(self):
        """{partner id: (last interest date, segment)} in one query.

        Every card that arrives re-rates its contact, so this is on the mail gateway's path:
        one statement instead of three grouped reads.
        """
        ids = [pid for pid in self._ids if pid]
        if not ids:
            return {}
        thresholds = self._engagement_thresholds()
        since = fields.Datetime.now() - thresholds.window
        self.env["social.interest"].flush_model(
            ["partner_id", "interest_date", "action_type", "active"]
        )
        self.env["social.identity"].flush_model(["partner_id", "active"])
        # The segment is a property of the contact, computed from all of its (active) cards
        # and identities whoever triggers the refresh, as a sudo() read would: only dates and
        # counts are read, nothing is returned to the user.
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id,
                       card.last_date,
                       COALESCE(card.voices, 0),
                       card.partner_id IS NOT NULL OR EXISTS (
                           SELECT 1 FROM social_identity identity
                            WHERE identity.partner_id = p.id AND identity.active
                       )
                  FROM unnest(%(ids)s) AS p(id)
             LEFT JOIN (
                       SELECT partner_id,
                              MAX(interest_date) AS last_date,
                              COUNT(*) FILTER (
                                  WHERE interest_date >= %(since)s
                                    AND action_type IN %(voices)s
                              ) AS voices
                         FROM social_interest
                        WHERE partner_id = ANY(%(ids)s) AND active
                     GROUP BY partner_id
                       ) card ON card.partner_id = p.id
                """,
                ids=ids,
                since=since,
                voices=tuple(VOICE_ACTION_TYPES),
            )
        )
        rows = self.env.cr.fetchall()
        extra = self._engagement_extra_voices(ids, since)
        values = {}
        for pid, last_date, voices, known in rows:
            extra_last, extra_voices = extra.get(pid, (False, 0))
            dates = [d for d in (last_date, extra_last) if d]
            values[pid] = (
                max(dates) if dates else False,
                engagement_segment(voices + extra_voices, known or pid in extra, thresholds),
            )
        return values

    def _engagement_extra_voices(self, ids, since):
        """{partner id: (last date, voices since ``since``)} heard elsewhere than on cards
        (the listening addon adds the contact's mentions)."""
        return {}

    @api.model
    def _cron_refresh_engagement(self):
        """Time moves segments: re-rate the contacts whose segment went stale.

        Cards re-rate their contact as they arrive; this daily job only lets time pass (an
        active contact who went quiet becomes occasional, then silent). Idempotent, in short
        batches, one per transaction, through the cron runner's progress protocol.
        """
        candidates = self.with_context(active_test=False).search(
            [("engagement_segment", "in", ("active", "occasional"))]
        )
        values = candidates._engagement_values()
        stale = candidates.filtered(
            lambda partner: values[partner.id][1] != partner.engagement_segment
        )
        batch = stale[:ENGAGEMENT_CRON_BATCH]
        for fname in ("engagement_segment", "last_interest_date"):
            self.env.add_to_compute(self._fields[fname], batch)
        batch._recompute_recordset(["engagement_segment", "last_interest_date"])
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(stale) - len(batch))
        return len(batch)
