from odoo import api, fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    social_mention_ids = fields.One2many("social.mention", "partner_id", string="Mentions")

    @api.depends(
        "identity_ids",
        "interest_ids.interest_date",
        "interest_ids.action_type",
        "interest_ids.active",
        "social_mention_ids.posted_at",
        "social_mention_ids.state",
    )
    def _compute_engagement(self):
        return super()._compute_engagement()

    def _engagement_extra_voices(self, ids, since):
        """The contact's public posts heard by listening count as its voice, as its cards
        do (a mention made into a card counts once: as its card)."""
        extra = super()._engagement_extra_voices(ids, since)
        self.env["social.mention"].flush_model(["partner_id", "posted_at", "state"])
        # dates and counts only, whoever triggers the refresh (as the cards' query)
        self.env.cr.execute(
            SQL(
                """SELECT partner_id, MAX(posted_at),
                          COUNT(*) FILTER (WHERE posted_at >= %(since)s)
                     FROM social_mention
                    WHERE partner_id = ANY(%(ids)s) AND state = 'new'
                 GROUP BY partner_id""",
                ids=ids,
                since=since,
            )
        )
        for pid, last, count in self.env.cr.fetchall():
            before_last, before_count = extra.get(pid, (False, 0))
            dates = [d for d in (before_last, last) if d]
            extra[pid] = (max(dates) if dates else False, before_count + count)
        return extra
