from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression


class SocialInterestAttachLead(models.TransientModel):
    """Attach one or more cards to an existing lead or opportunity."""

    _name = "social.interest.attach.lead"
    _description = "Attach social interest to a lead"

    interest_ids = fields.Many2many(
        "social.interest", string="Cards", required=True, default=lambda self: self._default_cards()
    )
    partner_id = fields.Many2one(
        "res.partner", compute="_compute_partner_id", string="Contact of the cards"
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead",
        required=True,
        domain="[('company_id', 'in', [company_id, False])]",
        compute="_compute_lead_id",
        store=True,
        readonly=False,
    )
    company_id = fields.Many2one("res.company", compute="_compute_partner_id")
    fill_lead = fields.Boolean(
        string="Complete the lead",
        default=True,
        help="Set the lead's empty contact, UTM source and medium from the cards.",
    )

    @api.model
    def _default_cards(self):
        if self.env.context.get("active_model") != "social.interest":
            return self.env["social.interest"]
        return self.env["social.interest"].browse(self.env.context.get("active_ids", [])).exists()

    @api.depends("interest_ids")
    def _compute_partner_id(self):
        for wizard in self:
            cards = wizard.interest_ids
            partners = cards.partner_id | cards.identity_id.partner_id
            wizard.partner_id = partners if len(partners) == 1 else False
            wizard.company_id = cards[:1].company_id

    @api.depends("interest_ids")
    def _compute_lead_id(self):
        """Propose the person's most recent open lead."""
        for wizard in self:
            wizard.lead_id = wizard._find_person_lead()

    def _find_person_lead(self):
        self.ensure_one()
        cards = self.interest_ids
        partners = cards.partner_id | cards.identity_id.partner_id
        emails = [e for e in (c._reply_email() for c in cards) if e]
        if not partners and not emails:
            return self.env["crm.lead"]
        person = expression.OR(
            [
                [("partner_id", "in", partners.ids)] if partners else [],
                [("email_normalized", "in", emails)] if emails else [],
            ]
        )
        # open = not lost (archived) and not won
        return self.env["crm.lead"].search(
            expression.AND([person, [("probability", "<", 100)]]),
            order="create_date desc, id desc",
            limit=1,
        )

    def action_attach(self):
        self.ensure_one()
        cards, lead = self.interest_ids, self.lead_id
        elsewhere = cards.filtered(lambda card: card.lead_id and card.lead_id != lead)
        if elsewhere:
            raise UserError(
                self.env._(
                    "These cards already belong to another lead: %(cards)s",
                    cards=", ".join(elsewhere.mapped("name")),
                )
            )
        cards.write({"lead_id": lead.id, "is_converted": True})
        if self.fill_lead:
            lead.write(self._lead_completion_values())
        lead.message_post(
            body=self.env._(
                "Social interest attached: %(cards)s", cards="; ".join(cards.mapped("name"))
            ),
            subtype_xmlid="mail.mt_note",
        )
        if len(cards) == 1:
            return lead.get_formview_action()
        return {"type": "ir.actions.act_window_close"}

    def _lead_completion_values(self):
        """The lead's empty contact and UTM fields, filled from the earliest card."""
        lead = self.lead_id
        first = self.interest_ids.sorted(lambda c: (c.interest_date, c.id))[:1]
        vals = {}
        if not lead.partner_id and self.partner_id:
            vals["partner_id"] = self.partner_id.id
        if not lead.source_id and first.source_id.utm_source_id:
            vals["source_id"] = first.source_id.utm_source_id.id
        if not lead.medium_id and first.source_id.utm_medium_id:
            vals["medium_id"] = first.source_id.utm_medium_id.id
        return vals
