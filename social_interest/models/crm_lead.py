from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import email_normalize

# Days back a new lead looks for the person's earlier cards (system parameter, 0 = no limit).
ATTRIBUTION_WINDOW_PARAM = "social_interest.attribution_window_days"
ATTRIBUTION_WINDOW_DEFAULT = 365


class CrmLead(models.Model):
    """Social interest on the lead: its cards, the person's cards and the first touch.

    The first touch is the earliest card of the lead. A lead created later for the same
    person (same contact, e-mail or identity) picks up that person's earlier cards, so a
    person who commented on Facebook and then filled the web form stays credited to Facebook.
    """

    _inherit = "crm.lead"

    interest_ids = fields.One2many("social.interest", "lead_id", string="Social interest")
    interest_count = fields.Integer(
        compute="_compute_interest_count",
        string="Social interest count",
        help="Cards of this lead and of its contact.",
    )
    person_interest_ids = fields.Many2many(
        "social.interest",
        compute="_compute_person_interest_ids",
        string="Cards of the lead and its contact",
        # the compute already keeps active cards only: without this, reading the field
        # would load every card to filter on `active` (thousands of rows for a busy person)
        context={"active_test": False},
    )
    first_touch_interest_id = fields.Many2one(
        "social.interest",
        compute="_compute_first_touch",
        store=True,
        index="btree_not_null",
        string="First touch card",
    )
    first_touch_platform = fields.Selection(
        related="first_touch_interest_id.platform",
        store=True,
        index=True,
        string="First touch",
        help="Platform of the earliest social interest of this lead.",
    )
    first_touch_date = fields.Datetime(
        related="first_touch_interest_id.interest_date", store=True, string="First touch date"
    )
    first_touch_source_id = fields.Many2one(
        related="first_touch_interest_id.source_id", store=True, string="First touch source"
    )

    # ------------------------------------------------------------------ computes

    @api.depends("interest_ids.interest_date", "interest_ids.active")
    def _compute_first_touch(self):
        for lead in self:
            cards = lead.interest_ids
            first = cards and min(cards, key=lambda c: (c.interest_date, c._origin.id or 0))
            lead.first_touch_interest_id = first

    def _person_interest_domain(self):
        self.ensure_one()
        lead_id = self._origin.id
        partner = self.partner_id._origin
        if lead_id and partner:
            return ["|", ("lead_id", "=", lead_id), ("partner_id", "=", partner.id)]
        if lead_id:
            return [("lead_id", "=", lead_id)]
        if partner:
            return [("partner_id", "=", partner.id)]
        return [("id", "=", False)]

    @api.depends("partner_id", "interest_ids")
    @api.depends_context("uid")
    def _compute_person_interest_ids(self):
        # One query per lead whatever the number of cards: the form pages through the ids.
        Interest = self.env["social.interest"]
        for lead in self:
            lead.person_interest_ids = Interest.search(
                lead._person_interest_domain(), order="interest_date desc, id desc"
            )

    @api.depends("partner_id", "interest_ids")
    @api.depends_context("uid")
    def _compute_interest_count(self):
        Interest = self.env["social.interest"]
        for lead in self:
            lead.interest_count = Interest.search_count(lead._person_interest_domain())

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._link_earlier_interest()
        return leads

    def write(self, vals):
        result = super().write(vals)
        if {"partner_id", "email_from"} & set(vals):
            self._link_earlier_interest()
        return result

    # ------------------------------------------------------------------ actions

    def action_view_social_interest(self):
        """The cards of this lead and of its contact, newest first."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        action.update(
            {
                "name": self.env._("Social interest of %(lead)s", lead=self.name),
                "domain": self._person_interest_domain(),
                "context": {
                    "default_lead_id": self.id,
                    "default_partner_id": self.partner_id.id,
                    "default_team_id": self.team_id.id,
                },
                "view_mode": "list,kanban,form,pivot,graph",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
            }
        )
        return action

    # ------------------------------------------------------------------ attribution

    def _link_earlier_interest(self):
        """Attach the person's earlier cards that belong to no lead yet.

        The same person is the same contact (directly or through an identity) or the same
        normalised e-mail. Ignored (spam) cards never count as a touch, and only cards of
        the lead's company within the attribution window are considered.
        """
        leads = self.filtered(lambda lead: lead.partner_id or lead.email_normalized)
        if not leads:
            return
        # A person's lead picks up the cards its author may read: a salesman who types an
        # address on his lead does not pull other teams' cards (nor their first touch) to
        # it. The system (a website form's lead, an import, a scheduled action: sudo) links
        # every card of the person.
        readable = self.env["social.interest"].search(
            leads._earlier_interest_domain(), order="interest_date, id"
        )
        # sudo: writing the lead on cards the user may read but not write (a colleague's
        # card of the same person); only ``lead_id`` is written, nothing is returned
        Interest = self.env["social.interest"].sudo()
        cards = readable.sudo()
        if not cards:
            return
        by_partner, by_email = {}, {}
        for lead in leads:
            if lead.partner_id:
                by_partner.setdefault(lead.partner_id.id, lead)
            if lead.email_normalized:
                by_email.setdefault(lead.email_normalized, lead)
        by_lead = {}
        for card in cards:
            lead = self._lead_of_card_person(card, by_partner, by_email)
            if not lead or card.interest_date > lead.create_date:
                continue
            if lead.company_id and card.company_id != lead.company_id:
                continue
            by_lead[lead] = by_lead.get(lead, Interest) | card
        for lead, lead_cards in by_lead.items():
            lead_cards.write({"lead_id": lead.id})

    @api.model
    def _lead_of_card_person(self, card, lead_by_partner, lead_by_email):
        """The lead (from the given maps) of the card's person, or None."""
        partners = card.partner_id | card.identity_id.partner_id
        for partner in partners:
            if partner.id in lead_by_partner:
                return lead_by_partner[partner.id]
        emails = (
            card.author_email_normalized,
            card.partner_id.email_normalized,
            email_normalize(card.identity_id.email or ""),
            card.identity_id.partner_id.email_normalized,
        )
        for email in emails:
            if email and email in lead_by_email:
                return lead_by_email[email]
        return None

    def _earlier_interest_domain(self):
        partners = self.partner_id
        emails = list({e for e in self.mapped("email_normalized") if e})
        person = expression.OR(
            [
                [("partner_id", "in", partners.ids)],
                [("identity_id.partner_id", "in", partners.ids)],
                [("author_email_normalized", "in", emails)],
                [("partner_id.email_normalized", "in", emails)],
                [("identity_id.email", "in", emails)],
                [("identity_id.partner_id.email_normalized", "in", emails)],
            ]
        )
        domain = [
            ("lead_id", "=", False),
            ("state", "!=", "ignored"),
            ("interest_date", "<=", max(self.mapped("create_date")) or fields.Datetime.now()),
            *person,
        ]
        # sudo: one numeric setting, read only
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(ATTRIBUTION_WINDOW_PARAM, ATTRIBUTION_WINDOW_DEFAULT)
        )
        if days > 0:
            oldest = min(self.mapped("create_date")) or fields.Datetime.now()
            domain.append(("interest_date", ">=", oldest - timedelta(days=days)))
        return domain
