from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.quantity import asks_to_buy, order_references, quantity

SIDE_ORDERS = 5  # the person's latest orders beside the conversation
SIDE_PRODUCTS = 5  # the products they bought most
# what a confirmed order is; a quotation is shown but counts in no figure
CONFIRMED = [("state", "=", "sale")]


class SocialInterest(models.Model):
    """What the customer is worth, beside the conversation: the person's (and their
    company's) orders, invoices due, lifetime revenue and products bought; and the
    quotation a card asking for a price becomes.

    Every figure is read with the user's rights on orders and invoices (a salesman who
    sees his own documents sees his own orders only), in a number of queries that does not
    grow with the person's orders."""

    _inherit = "social.interest"

    sale_order_ids = fields.One2many(
        "sale.order", "interest_id", string="Quotations", help="Quotations made from this card."
    )
    sale_order_count = fields.Integer(
        compute="_compute_sale_order_count", string="Quotations from this card"
    )
    person_order_ids = fields.Many2many(
        "sale.order",
        compute="_compute_person_orders",
        string="Orders",
        help="The person's and their company's latest orders (one this card names first).",
    )
    person_order_count = fields.Integer(compute="_compute_person_orders", string="Orders count")
    person_revenue = fields.Monetary(
        compute="_compute_person_orders",
        string="Lifetime revenue",
        currency_field="person_currency_id",
        help="Total of the confirmed orders (taxes included) you may read.",
    )
    person_last_order_date = fields.Datetime(
        compute="_compute_person_orders", string="Last purchase"
    )
    person_invoice_due = fields.Monetary(
        compute="_compute_person_orders",
        string="Invoices due",
        currency_field="person_currency_id",
        help="What the open customer invoices you may read still await.",
    )
    person_product_ids = fields.Many2many(
        "product.product", compute="_compute_person_orders", string="Products bought"
    )
    person_currency_id = fields.Many2one(related="company_id.currency_id")
    asks_to_buy = fields.Boolean(
        compute="_compute_asks_to_buy",
        help="The person's words ask a price, a quotation or to buy: the card's main "
        "action is a quotation.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("sale_order_ids")
    def _compute_sale_order_count(self):
        for card in self:
            card.sale_order_count = len(card.sale_order_ids)

    @api.depends("body")
    def _compute_asks_to_buy(self):
        for card in self:
            card.asks_to_buy = asks_to_buy(card.body)

    @api.depends("partner_id", "identity_id", "body")
    @api.depends_context("uid")
    def _compute_person_orders(self):
        may_read = self.env["sale.order"].has_access("read")
        for card in self:
            partners = card._customer_partners() if may_read else self.env["res.partner"]
            values = card._customer_figures(partners) if partners else {}
            card.person_order_ids = values.get("orders", False)
            card.person_order_count = values.get("count", 0)
            card.person_revenue = values.get("revenue", 0.0)
            card.person_last_order_date = values.get("last", False)
            card.person_invoice_due = values.get("due", 0.0)
            card.person_product_ids = values.get("products", False)

    # ------------------------------------------------------------------ actions

    def action_create_quotation(self):
        """The card becomes a quotation: for its contact (found or made as when it
        becomes a lead), its product and the quantity its words ask for, credited to its
        channel; the card is Converted and the quotation opens."""
        self.ensure_one()
        self.check_access("write")
        partner = self._quotation_partner()
        order = self.env["sale.order"].create(self._prepare_quotation_values(partner))
        self.is_converted = True
        self.message_post(
            body=self.env._("Quotation %(order)s made from this card.", order=order.name),
            subtype_xmlid="mail.mt_note",
        )
        return order.get_formview_action()

    def action_view_quotations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action.update(
            {
                "domain": [("interest_id", "=", self.id)],
                "context": {"create": False},
                "views": [(False, "list"), (False, "form")],
                "view_mode": "list,form",
            }
        )
        return action

    def action_reply_with_quotation(self):
        """Answer the person with their quotation's link (its portal page, with its access
        token), where they spoke: the e-mail composer, the channel's composer where
        listening answers, else the text to paste under the post."""
        self.ensure_one()
        self.check_access("write")
        order = self.sale_order_ids.sorted("id", reverse=True)[:1]
        if not order:
            raise UserError(self.env._("Make a quotation from this card first."))
        text = self._quotation_reply_text(order)
        return self._reply_with_text(text, self.env._("Answer with the quotation"))

    # ------------------------------------------------------------------ helpers

    def _natural_state(self):
        """A card a rep turned into a quotation is Converted, as one turned into an
        opportunity is."""
        state = super()._natural_state()
        if state in ("new", "assigned", "replied") and self.is_converted and self.sale_order_ids:
            return "converted"
        return state

    def _customer_partners(self):
        """The person's contacts: the card's, and their accounts' on every platform."""
        self.ensure_one()
        partners = self.partner_id._origin | self.identity_id._origin.partner_id
        return partners | self.person_identity_ids.partner_id

    def _customer_domain(self, partners):
        """The orders' (and invoices') partners: ``partners``, their companies and every
        contact of those, expanded once (each ``child_of`` would search the tree again)."""
        people = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._search([("id", "child_of", partners.commercial_partner_id.ids)])
        )
        return [("partner_id", "in", list(people))]

    def _customer_figures(self, partners):
        """Orders and invoices of ``partners`` and their companies, as the user sees them:
        a constant number of queries whatever the number of orders."""
        Order = self.env["sale.order"]
        who = self._customer_domain(partners)
        named = Order.browse()
        references = order_references(self.body or "")
        if references:
            named = Order.search([*who, ("name", "in", references)], limit=1)
        latest = Order.search(
            [*who, ("id", "not in", named.ids)], order="date_order desc, id desc",
            limit=SIDE_ORDERS - len(named),
        )  # fmt: skip
        [(count,)] = Order._read_group(who, aggregates=["__count"])
        revenue, last = self._customer_revenue(who)
        orders, products = named | latest, self._customer_products(who)
        # the products of the orders shown and those bought, read together: one query
        # whether they are the same few (one order) or not (many)
        (orders.order_line.product_id | products).mapped("type")
        return {
            "orders": orders,
            "count": count,
            "revenue": revenue,
            "last": last,
            "due": self._customer_invoice_due(who),
            "products": products,
        }

    def _customer_revenue(self, who):
        """(lifetime revenue in the company's currency, last confirmed order's date)."""
        rows = self.env["sale.order"]._read_group(
            [*who, *CONFIRMED], ["currency_id"], ["amount_total:sum", "date_order:max"]
        )
        company = self.company_id or self.env.company
        today = fields.Date.context_today(self)
        revenue = sum(
            currency._convert(total, company.currency_id, company, today)
            for currency, total, _last in rows
        )
        return revenue, max((last for _c, _t, last in rows), default=False)

    def _customer_invoice_due(self, who):
        Move = self.env["account.move"]
        if not Move.has_access("read"):
            return 0.0
        [(due,)] = Move._read_group(
            [
                *who,
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ],
            aggregates=["amount_residual_signed:sum"],
        )
        return due or 0.0

    def _customer_products(self, who):
        rows = self.env["sale.order.line"]._read_group(
            [
                ("order_id", "any", [*who, *CONFIRMED]),
                ("display_type", "=", False),
                ("product_id", "!=", False),
            ],
            ["product_id"],
            ["product_uom_qty:sum"],
            order="product_uom_qty:sum desc",
            limit=SIDE_PRODUCTS,
        )
        return self.env["product.product"].union(*(row[0] for row in rows))

    def _quotation_partner(self):
        """The contact of the quotation: the card's, its account's, else one found or made
        from the author's e-mail address (as answering by e-mail does): never a namesake."""
        partner = self.partner_id or self.identity_id.partner_id or self._reply_partner(create=True)
        if not partner:
            raise UserError(
                self.env._(
                    "The author of this card has no contact and no e-mail address: link the "
                    "card to a contact (Customer) first."
                )
            )
        if not self.partner_id:
            self.partner_id = partner
        return partner

    def _prepare_quotation_values(self, partner):
        """Values of the quotation made from this card: its contact, product, quantity and
        channel (UTM source, medium; its opportunity's campaign)."""
        self.ensure_one()
        source = self.source_id
        values = {
            "partner_id": partner.id,
            "interest_id": self.id,
            "origin": self.env._("Social interest: %(card)s", card=self.name),
            "source_id": source.utm_source_id.id,
            "medium_id": source.utm_medium_id.id,
            "campaign_id": self.lead_id.campaign_id.id,
            "team_id": (self.team_id or source.team_id).id,
            "user_id": (self.user_id or self.env.user).id,
            "company_id": (self.company_id or self.env.company).id,
        }
        product = self.product_tmpl_id.product_variant_id
        if product:
            template = self.product_tmpl_id
            terms = [template.name, *(template.social_keywords or "").split(",")]
            values["order_line"] = [
                fields.Command.create(
                    {
                        "product_id": product.id,
                        "product_uom_qty": quantity(self.body or "", terms) or 1,
                    }
                )
            ]
        return values

    def _quotation_reply_text(self, order):
        """The answer carrying the quotation's link, in the language of the card."""
        url = order.get_base_url() + order.get_portal_url()
        card = self.with_context(lang=self._reply_lang())
        return card.env._(
            "Hello %(name)s, thank you for your interest. Here is your quotation %(order)s: "
            "%(url)s",
            name=self._answer_first_name(),
            order=order.name,
            url=url,
        )
