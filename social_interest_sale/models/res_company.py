from odoo import fields, models
from odoo.tools.misc import format_amount

ATTRIBUTION_DAYS_DEFAULT = 30


class ResCompany(models.Model):
    _inherit = "res.company"

    social_order_attribution_days = fields.Integer(
        string="Order attribution window (days)",
        default=ATTRIBUTION_DAYS_DEFAULT,
        help="An order confirmed or created within this many days after one of its "
        "person's cards is credited to the channel of their first card (0: no limit).",
    )

    def _social_digest_sections(self, date_from, date_to):
        """The digest's customers section: who of the people who interacted buys, and
        what the period's orders brought (counts and sums only)."""
        sections = super()._social_digest_sections(date_from, date_to)
        if not (date_from and date_to):
            return sections
        figures = self._social_roi_figures(date_from, date_to)
        money = lambda amount: format_amount(self.env, amount, self.currency_id)  # noqa: E731
        lines = [
            self.env._(
                "People who interacted: %(people)s, of whom known customers: %(customers)s",
                people=figures["people"],
                customers=figures["customers"],
            ),
            self.env._(
                "Their orders in the period: %(orders)s (%(revenue)s)",
                orders=figures["customer_orders"],
                revenue=money(figures["customer_revenue"]),
            ),
            self.env._(
                "Revenue attributed to social interaction: %(revenue)s (%(orders)s orders)",
                revenue=money(figures["attributed_revenue"]),
                orders=figures["attributed_orders"],
            ),
        ]
        if figures["cost"]:
            lines.append(
                self.env._(
                    "Attributed revenue per unit of cost: %(ratio)s",
                    ratio=round(figures["attributed_revenue"] / figures["cost"], 2),
                )
            )
        sections.append({"title": self.env._("Customers and revenue"), "lines": lines})
        return sections

    def _social_roi_figures(self, date_from, date_to):
        """The period's ROI figures of the company (see the ROI analysis), for its digest:
        only the digest's own callers reach here (it checked its access first)."""
        self.ensure_one()
        # sudo: the digest's figures are the company's (checked by the digest), summed over
        # every card and order; no name or text leaves this method
        Card = self.env["social.interest"].sudo()
        Order = self.env["sale.order"].sudo()
        cards = Card.search(
            [
                ("company_id", "=", self.id),
                ("state", "!=", "ignored"),
                ("is_light", "=", False),
                ("interest_date", ">=", date_from),
                ("interest_date", "<", date_to),
            ]
        )
        people = (cards.partner_id | cards.identity_id.partner_id).commercial_partner_id
        # an account with no contact is a person too (as in the ROI analysis)
        strangers = cards.filtered(lambda c: not c.partner_id and not c.identity_id.partner_id)
        confirmed = [("state", "=", "sale"), ("company_id", "=", self.id)]
        customers = Order._read_group(
            [*confirmed, ("partner_id", "child_of", people.ids)], ["partner_id"]
        )
        customers = self.env["res.partner"].union(*(row[0] for row in customers))
        customers = customers.commercial_partner_id
        period = [("date_order", ">=", date_from), ("date_order", "<", date_to)]
        theirs = Order.search([*confirmed, *period, ("partner_id", "child_of", customers.ids)])
        attributed = Order.search([*confirmed, *period, ("first_touch_platform", "!=", False)])
        return {
            "people": len(people) + len(strangers.identity_id),
            "customers": len(customers),
            "customer_orders": len(theirs),
            "customer_revenue": theirs._social_revenue(),
            "attributed_orders": len(attributed),
            "attributed_revenue": attributed._social_revenue(),
            "cost": self._social_digest_cost(date_from, date_to),
        }
