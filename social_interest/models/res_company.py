from collections import Counter
from datetime import timedelta
from statistics import median

from odoo import api, fields, models
from odoo.exceptions import AccessError


def _share(part, whole):
    """``part`` as a percentage of ``whole``, to one decimal (0 of nothing)."""
    return round(100.0 * part / whole, 1) if whole else 0.0


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
        self._check_social_digest_access()
        days = max(self.social_digest_days or 7, 1)
        date_to = date_to or fields.Datetime.now()
        date_from = date_to - timedelta(days=days)
        now_cards = self._social_digest_cards(date_from, date_to)
        before_cards = self._social_digest_cards(date_from - timedelta(days=days), date_from)
        cost = self._social_digest_cost(date_from, date_to)
        return {
            "date_from": fields.Date.to_date(date_from),
            "date_to": fields.Date.to_date(date_to - timedelta(seconds=1)),
            "days": days,
            "volume": len(now_cards),
            "volume_before": len(before_cards),
            "by_platform": self._social_digest_by_platform(now_cards, before_cards),
            **self._social_digest_response_values(now_cards),
            **self._social_digest_lead_values(now_cards, cost),
            "currency": self.currency_id,
            "negative_rate": self._social_digest_negative_rate(now_cards),
            "negative_rate_before": self._social_digest_negative_rate(before_cards),
            "sections": self._social_digest_sections(date_from, date_to),
            "analysis_url": f"{self.get_base_url()}/odoo/action-"
            "social_interest.action_social_interest_analysis",
        }

    def _check_social_digest_access(self):
        """Only the superuser and the company's sales managers compute its digest."""
        user = self.env.user
        if not self.env.su and not (
            user.has_group("sales_team.group_sale_manager") and self in user.company_ids
        ):
            raise AccessError(
                self.env._(
                    "Only the sales managers of %(company)s read its digest.", company=self.name
                )
            )

    def _social_digest_cards(self, date_from, date_to):
        """The company's cards of the period the digest counts (no spam, no light card)."""
        # sudo: the digest sums up every card of the company for its managers (checked by
        # _check_social_digest_access); no card, text or name reaches the e-mail, only counts
        return (
            self.env["social.interest"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("state", "!=", "ignored"),
                    ("is_light", "=", False),
                    ("interest_date", ">=", date_from),
                    ("interest_date", "<", date_to),
                ]
            )
        )

    def _social_digest_by_platform(self, now_cards, before_cards):
        """Cards per platform in the period and the one before, the busiest first."""
        platforms = dict(now_cards._fields["platform"]._description_selection(self.env))
        now_counts = Counter(now_cards.mapped("platform"))
        before_counts = Counter(before_cards.mapped("platform"))
        return sorted(
            (
                {"label": platforms.get(code, code), "count": now_counts[code],
                 "before": before_counts[code]}
                for code in now_counts | before_counts
            ),
            key=lambda row: (-row["count"], row["label"]),
        )  # fmt: skip

    def _social_digest_response_values(self, cards):
        """How the cards were worked: processed, answered, how fast, how often on time."""
        answered = cards.filtered("first_response_date")
        on_time = answered.filtered(lambda c: c.deadline and c.first_response_date <= c.deadline)
        return {
            "processed_rate": _share(len(cards.filtered("processed")), len(cards)),
            "answered": len(answered),
            "median_response_hours": round(median(answered.mapped("response_hours")), 1)
            if answered
            else 0.0,
            "on_time_rate": _share(len(on_time), len(answered.filtered("deadline"))),
        }

    def _social_digest_lead_values(self, cards, cost):
        """The leads the cards are the first touch of, those won, and what a lead cost."""
        # sudo: the leads of those cards, counted and summed for the managers (no names)
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .search([("first_touch_interest_id", "in", cards.ids)])
        )
        won = leads.filtered(lambda lead: lead.active and lead.probability >= 100)
        return {
            "leads": len(leads),
            "won": len(won),
            "won_revenue": sum(won.mapped("expected_revenue")),
            "cost": cost,
            "cost_per_lead": round(cost / len(leads), 2) if leads else 0.0,
        }

    def _social_digest_negative_rate(self, cards):
        """The percentage of negative cards among those with a sentiment."""
        return _share(
            len(cards.filtered(lambda c: c.sentiment == "negative")),
            len(cards.filtered("sentiment")),
        )

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
