from collections import Counter
from datetime import timedelta
from statistics import median

from odoo import api, fields, models
from odoo.exceptions import AccessError


class ResCompany(models.Model):
    _inherit = "res.company"

    social_digest_user_ids = fields.Many2many(
        "res.users",
        "res_company_social_digest_user_rel",
        "company_id",
        "user_id",
        string="Executive digest to",
        help="Managers who receive the social interest digest (weekly by default: the "
        "scheduled action 'Social interest: executive digest' sets the rhythm).",
    )
    social_digest_days = fields.Integer(
        string="Digest period (days)",
        default=7,
        help="The days each digest covers, compared with the same number of days before.",
    )

    @api.model
    def _cron_social_digest(self):
        """Scheduled action: send each company's digest to its chosen managers."""
        # sudo: the scheduled action renders each company's digest for the recipients its
        # administrator chose (see _social_digest_values)
        template = self.env.ref("social_interest.mail_template_social_digest").sudo()
        for company in self.search([("social_digest_user_ids", "!=", False)]):
            partners = company.social_digest_user_ids.filtered("active").partner_id
            if partners:
                template.with_context(lang=partners[:1].lang).send_mail(
                    company.id,
                    email_values={"recipient_ids": [(6, 0, partners.ids)]},
                )

    def _social_digest_values(self, date_to=None):
        """The figures of the digest over the last ``social_digest_days`` (and the days
        before, for the trend): a dict the mail template renders.

        The figures are the company's, whoever renders them: the same numbers for every
        recipient, as a board's summary is, rather than each manager's view of them. So
        only the scheduled action (as superuser, for the recipients chosen in the settings)
        and the sales managers of the company compute them; anyone else rendering the
        template (from the composer, its preview) is refused."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not (
            user.has_group("sales_team.group_sale_manager") and self in user.company_ids
        ):
            raise AccessError(
                self.env._(
                    "Only the sales managers of %(company)s read its digest.", company=self.name
                )
            )
        days = max(self.social_digest_days or 7, 1)
        date_to = date_to or fields.Datetime.now()
        date_from = date_to - timedelta(days=days)
        before = date_from - timedelta(days=days)
        # sudo: the digest sums up every card of the company for its managers (checked
        # above); no card, text or name reaches the e-mail, only counts
        Interest = self.env["social.interest"].sudo()
        base = [("company_id", "=", self.id), ("state", "!=", "ignored"), ("is_light", "=", False)]
        now_cards = Interest.search([*base, ("interest_date", ">=", date_from),
                                     ("interest_date", "<", date_to)])  # fmt: skip
        before_cards = Interest.search([*base, ("interest_date", ">=", before),
                                        ("interest_date", "<", date_from)])  # fmt: skip
        platforms = dict(Interest._fields["platform"]._description_selection(self.env))
        now_counts = Counter(now_cards.mapped("platform"))
        before_counts = Counter(before_cards.mapped("platform"))
        by_platform = sorted(
            (
                {"label": platforms.get(code, code), "count": now_counts[code],
                 "before": before_counts[code]}
                for code in now_counts | before_counts
            ),
            key=lambda row: (-row["count"], row["label"]),
        )  # fmt: skip
        answered = now_cards.filtered("first_response_date")
        on_time = answered.filtered(lambda c: c.deadline and c.first_response_date <= c.deadline)
        with_deadline = answered.filtered("deadline")
        # sudo: the leads of those cards, counted and summed for the managers (no names)
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("first_touch_interest_id", "in", now_cards.ids)])
        )
        won = leads.filtered(lambda lead: lead.active and lead.probability >= 100)
        cost = self._social_digest_cost(date_from, date_to)

        def share(part, whole):
            return round(100.0 * part / whole, 1) if whole else 0.0

        negative_now = share(len(now_cards.filtered(lambda c: c.sentiment == "negative")),
                             len(now_cards.filtered("sentiment")))  # fmt: skip
        negative_before = share(
            len(before_cards.filtered(lambda c: c.sentiment == "negative")),
            len(before_cards.filtered("sentiment")),
        )
        return {
            "date_from": fields.Date.to_date(date_from),
            "date_to": fields.Date.to_date(date_to - timedelta(seconds=1)),
            "days": days,
            "volume": len(now_cards),
            "volume_before": len(before_cards),
            "by_platform": by_platform,
            "processed_rate": share(len(now_cards.filtered("processed")), len(now_cards)),
            "answered": len(answered),
            "median_response_hours": round(median(answered.mapped("response_hours")), 1)
            if answered
            else 0.0,
            "on_time_rate": share(len(on_time), len(with_deadline)),
            "leads": len(leads),
            "won": len(won),
            "won_revenue": sum(won.mapped("expected_revenue")),
            "cost": cost,
            "cost_per_lead": round(cost / len(leads), 2) if leads else 0.0,
            "currency": self.currency_id,
            "negative_rate": negative_now,
            "negative_rate_before": negative_before,
            "sections": self._social_digest_sections(date_from, date_to),
            "analysis_url": f"{self.get_base_url()}/odoo/action-"
            "social_interest.action_social_interest_analysis",
        }

    def _social_digest_cost(self, date_from, date_to):
        """The paid sources' cost over the period: each day counts its month's cost in
        force (the source's cost history), divided by the month's days."""
        # sudo: the cost history of the company's sources, summed for its managers
        rows = (
            self.env["social.interest.source.cost"]
            .sudo()
            .search([("source_id.company_id", "in", (self.id, False))], order="date_from desc")
        )
        total = 0.0
        day = fields.Date.to_date(date_from)
        end = fields.Date.to_date(date_to)
        while day < end:
            month = day.replace(day=1)
            month_days = ((month + timedelta(days=32)).replace(day=1) - month).days
            in_force = {}
            for row in rows:
                if row.date_from <= month and row.source_id not in in_force:
                    in_force[row.source_id] = row.monthly_cost
            total += sum(in_force.values()) / month_days
            day += timedelta(days=1)
        return round(total, 2)

    def _social_digest_sections(self, date_from, date_to):
        """More sections of the digest, from the addons that know them: a list of
        ``{"title": str, "lines": [str]}`` (plain text)."""
        return []
