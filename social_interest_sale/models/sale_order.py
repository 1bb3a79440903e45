from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

DELIVERY_SELECTION = [
    ("none", "Nothing to deliver"),
    ("pending", "Not delivered"),
    ("partial", "Partially delivered"),
    ("full", "Delivered"),
]


class SaleOrder(models.Model):
    """Social interest on the order: the card a quotation was made from, and the first
    touch the order is attributed to.

    An order of a person (their contact or their company's) confirmed or created within
    the company's attribution window after one of their cards is credited to the earliest
    of those cards, as a lead is (``first_touch_*``), whatever made the order: a quotation
    from a card, a salesman, the website shop."""

    _inherit = "sale.order"

    interest_id = fields.Many2one(
        "social.interest",
        string="Social interest card",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The card this quotation was made from.",
    )
    first_touch_interest_id = fields.Many2one(
        "social.interest",
        string="First touch card",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The person's earliest card within the attribution window before the order "
        "(see Settings): the order's revenue is credited to its channel.",
    )
    first_touch_platform = fields.Selection(
        related="first_touch_interest_id.platform",
        store=True,
        index=True,
        string="First touch",
    )
    first_touch_source_id = fields.Many2one(
        related="first_touch_interest_id.source_id", store=True, string="First touch source"
    )
    first_touch_date = fields.Datetime(
        related="first_touch_interest_id.interest_date", store=True, string="First touch date"
    )
    social_delivery_state = fields.Selection(
        DELIVERY_SELECTION,
        compute="_compute_social_delivery_state",
        string="Delivery",
        help="Delivered quantities of the order's goods (services left out).",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("order_line.qty_delivered", "order_line.product_uom_qty")
    def _compute_social_delivery_state(self):
        for order in self:
            lines = order.order_line.filtered(
                lambda line: not line.display_type and line.product_id.type == "consu"
            )
            ordered = sum(lines.mapped("product_uom_qty"))
            delivered = sum(lines.mapped("qty_delivered"))
            if not lines or order.state != "sale":
                order.social_delivery_state = "none"
            elif delivered <= 0:
                order.social_delivery_state = "pending"
            elif delivered < ordered:
                order.social_delivery_state = "partial"
            else:
                order.social_delivery_state = "full"

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders._social_attribute()
        return orders

    def action_confirm(self):
        result = super().action_confirm()
        # the confirmation date is the order's date now: a card since the quotation counts
        self._social_attribute()
        return result

    # ------------------------------------------------------------------ actions

    def action_open_interest(self):
        """Open the card the quotation was made from."""
        self.ensure_one()
        return self.interest_id.action_open_card()

    # ------------------------------------------------------------------ attribution

    def _social_attribute(self):
        """Credit each order not credited yet to its person's first card in the window."""
        orders = self.filtered(
            lambda o: not o.first_touch_interest_id and o.partner_id and o.state != "cancel"
        )
        if not orders:
            return
        firsts = orders._social_first_cards()
        for order in orders:
            card = firsts.get(order)
            if card:
                # sudo: the card's id is stored on an order the user just made or confirmed;
                # first_touch_* are the code's (readonly in the form)
                order.sudo().first_touch_interest_id = card

    def _social_first_cards(self):
        """{order: its first touch card} for the orders of ``self`` that have one."""
        # sudo: which card came first is a fact about the person, not about what the
        # user (a salesman, the shop's public user) may read; only its id is kept on the
        # order, and the card stays behind its own rules when opened
        Card = self.env["social.interest"].sudo()
        commercial = self.partner_id.commercial_partner_id
        windows = {order: order._social_attribution_window() for order in self}
        oldest = min(order.date_order - days for order, days in windows.items())
        cards = Card.search(
            [
                ("state", "!=", "ignored"),
                ("is_light", "=", False),
                ("interest_date", ">=", oldest),
                ("interest_date", "<=", max(self.mapped("date_order"))),
                "|",
                ("partner_id", "child_of", commercial.ids),
                ("identity_id.partner_id", "child_of", commercial.ids),
            ],
            order="interest_date, id",
        )
        by_person = defaultdict(list)
        for card in cards:
            person = (card.partner_id or card.identity_id.partner_id).commercial_partner_id
            by_person[person.id].append(card)
        firsts = {}
        for order, days in windows.items():
            for card in by_person[order.partner_id.commercial_partner_id.id]:
                if card.company_id and card.company_id != order.company_id:
                    continue
                if order.date_order - days <= card.interest_date <= order.date_order:
                    firsts[order] = card
                    break
        return firsts

    def _social_attribution_window(self):
        days = self.company_id.social_order_attribution_days
        return timedelta(days=days if days > 0 else 36500)

    def _social_revenue(self):
        """The orders' untaxed amount in their company's currency."""
        return sum(
            order.amount_untaxed / order.currency_rate if order.currency_rate else 0.0
            for order in self
        )
