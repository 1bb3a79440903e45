from babel import Locale, UnknownLocaleError

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.osv import expression
from odoo.tools import html2plaintext

from ..lib import sensitive
from ..lib.engagement import SEGMENT_SELECTION
from ..lib.selection import OPEN_STATES

# What the card's form shows of the person, whatever their history: the newest of each
# kind, so that opening the card of someone with 500 cards costs what it costs with 5.
THREAD_CARDS = 20  # the person's other cards in the conversation
THREAD_MESSAGES = 60  # e-mails and replies on those cards
SIDE_CARDS = 8  # previous cards beside the conversation
SIDE_LEADS = 5
SIDE_ACTIVITIES = 5
SIDE_IDENTITIES = 12
PICTURES = 12
TEXT_MAX = 3000  # characters of one entry (a long e-mail is cut)


class SocialInterestConversation(models.AbstractModel):
    """The card as a conversation: the person's words, then everything around them.

    The thread (the person's other cards across platforms, the e-mails of this
    conversation, our replies and who sent them) is read by the form in one call,
    :meth:`get_conversation`, as plain text; the customer beside it (identities,
    engagement, opportunities, activities, previous cards, language) are fields of the
    form. Each part reads a bounded number of rows, newest first. Internal notes stay in
    the chatter."""

    _name = "social.interest.conversation"
    _description = "Conversation of a social interest card"

    person_identity_ids = fields.Many2many(
        "social.identity",
        compute="_compute_person",
        # the compute keeps active records only: without this, reading the field would
        # load the records to filter on `active` (and the form's read of them would then
        # check the card rules in Python, over every card of the person)
        context={"active_test": False},
        string="On every platform",
        help="The person's accounts on every platform (their contact's identities).",
    )
    person_card_ids = fields.Many2many(
        "social.interest",
        compute="_compute_person",
        context={"active_test": False},
        string="Previous cards",
        help="The person's latest other cards, with their outcome.",
    )
    person_card_count = fields.Integer(
        compute="_compute_person", string="Other cards of the person"
    )
    person_lead_ids = fields.Many2many(
        "crm.lead",
        compute="_compute_person",
        context={"active_test": False},
        string="Open opportunities",
        help="Open opportunities of the person (or of their company) and of this card.",
    )
    person_activity_ids = fields.Many2many(
        "mail.activity",
        compute="_compute_person",
        context={"active_test": False},
        string="Next activities",
        help="Planned activities on this card, the person's previous cards and their "
        "opportunities.",
    )
    person_segment = fields.Selection(
        SEGMENT_SELECTION,
        compute="_compute_person_segment",
        string="Engagement",
        groups="sales_team.group_sale_salesman",
        help="The contact's engagement segment (see the contact).",
    )
    lang_name = fields.Char(compute="_compute_lang_name", string="Writes in")

    # ------------------------------------------------------------------ computes

    @api.depends("partner_id", "identity_id", "lead_id")
    @api.depends_context("uid")
    def _compute_person(self):
        Card = self.env["social.interest"]
        for card in self:
            domain = card._conversation_person_domain()
            if domain:
                domain += [("id", "!=", card._origin.id or 0), ("is_light", "=", False)]
                card.person_card_ids = Card.search(
                    domain, order="interest_date desc, id desc", limit=SIDE_CARDS
                )
                card.person_card_count = Card.search_count(domain)
            else:
                card.person_card_ids = Card
                card.person_card_count = 0
            card.person_identity_ids = card._conversation_identities()
            card.person_lead_ids = card._conversation_leads()
            card.person_activity_ids = card._conversation_activities()

    @api.depends("partner_id")
    def _compute_person_segment(self):
        for card in self:
            card.person_segment = card.partner_id.engagement_segment

    @api.depends("lang")
    @api.depends_context("lang")
    def _compute_lang_name(self):
        user_lang = (self.env.lang or "en_US").split("_")[0]
        for card in self:
            card.lang_name = _language_name(card.lang, user_lang)

    # ------------------------------------------------------------------ the thread

    def get_conversation(self):
        """The card's thread, oldest first, as plain text for its form.

        ``{"entries": [...], "hidden": n, "pictures": [...]}``: the person's other cards
        (the newest ``THREAD_CARDS`` the user may read; ``hidden`` counts the older ones),
        the e-mails of this conversation and our replies (who sent them, by which channel);
        never an internal note. The person's words are masked where they hold sensitive
        data, as on the board. ``pictures`` are the card's own images (attachment ids)."""
        self.ensure_one()
        # the read rules checked in SQL: check_access() would evaluate the card rules in
        # Python, over every card of the person (the rule of clicks and visits)
        if not self.search_count([("id", "=", self.id)], limit=1):
            raise AccessError(self.env._("You cannot read this card."))
        domain = self._conversation_person_domain()
        Card = self.env["social.interest"]
        cards = self
        hidden = 0
        if domain:
            others = [*domain, ("id", "!=", self.id), ("is_light", "=", False)]
            cards |= Card.search(others, order="interest_date desc, id desc", limit=THREAD_CARDS)
            hidden = max(Card.search_count(others) - THREAD_CARDS, 0)
        messages = self._conversation_messages(cards)
        entries = [card._conversation_card_entry(card == self) for card in cards]
        entries += [self._conversation_message_entry(message) for message in messages]
        replied_by_mail = set(
            messages.filtered(lambda m: m.message_type == "comment").mapped("res_id")
        )
        entries += [
            card._conversation_reply_entry()
            for card in cards
            if card.reply_date and card.id not in replied_by_mail
        ]
        entries.sort(key=lambda entry: (entry["date"], entry["key"]))
        return {"entries": entries, "hidden": hidden, "pictures": self._conversation_pictures()}

    def action_view_person_cards(self):
        """Every card of the card's person, newest first (the form shows the latest)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        action.update(
            {
                "name": self.env._(
                    "Cards of %(who)s", who=self.partner_id.name or self.author_name or ""
                ),
                "domain": self._conversation_person_domain() or [("id", "=", self.id)],
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
            }
        )
        return action

    # ------------------------------------------------------------------ helpers

    def _conversation_person_domain(self):
        """Cards of the same person: same contact, or same account when there is none."""
        self.ensure_one()
        partner, identity = self.partner_id._origin, self.identity_id._origin
        if partner and identity:
            return ["|", ("partner_id", "=", partner.id), ("identity_id", "=", identity.id)]
        if partner:
            return [("partner_id", "=", partner.id)]
        if identity:
            return [("identity_id", "=", identity.id)]
        return []

    def _conversation_identities(self):
        partner, identity = self.partner_id._origin, self.identity_id._origin
        if not partner:
            return identity
        return identity | self.env["social.identity"].search(
            [("partner_id", "=", partner.id)], order="followers desc, id", limit=SIDE_IDENTITIES
        )

    def _conversation_leads(self):
        partner = self.partner_id._origin.commercial_partner_id
        domain = [("type", "=", "opportunity"), ("probability", "<", 100)]
        if partner:
            who = [("partner_id", "child_of", partner.id)]
            if self.lead_id:
                who = ["|", ("id", "=", self.lead_id._origin.id), *who]
        elif self.lead_id:
            who = [("id", "=", self.lead_id._origin.id)]
        else:
            return self.env["crm.lead"]
        return self.env["crm.lead"].search(
            domain + who, order="date_deadline asc, id desc", limit=SIDE_LEADS
        )

    def _conversation_activities(self):
        # the open cards as a subquery: reading them here would leave them in the cache,
        # and the form's read of the previous cards would then check the card rules in
        # Python, over every card of the person
        open_cards = [("id", "=", self._origin.id)]
        person = self._conversation_person_domain()
        if person:
            open_cards = expression.OR([open_cards, [*person, ("state", "in", OPEN_STATES)]])
        domain = expression.OR(
            [
                [
                    ("res_model", "=", "social.interest"),
                    ("res_id", "in", self.env["social.interest"]._search(open_cards)),
                ],
                [("res_model", "=", "crm.lead"), ("res_id", "in", self.person_lead_ids.ids)],
            ]
        )
        return self.env["mail.activity"].search(
            domain, order="date_deadline asc, id asc", limit=SIDE_ACTIVITIES
        )

    def _conversation_messages(self, cards):
        """E-mails and replies on ``cards`` (not the notification a card was made from,
        never an internal note), the newest ``THREAD_MESSAGES``."""
        messages = self.env["mail.message"].search(
            [
                ("model", "=", "social.interest"),
                ("res_id", "in", cards.ids),
                ("message_type", "in", ("email", "comment")),
                ("subtype_id.internal", "=", False),
                ("is_internal", "=", False),
            ],
            order="date desc, id desc",
            limit=THREAD_MESSAGES,
        )
        origins = set(cards.mapped("message_id")) - {False}
        return messages.filtered(lambda m: not (m.message_id and m.message_id in origins))

    def _conversation_card_entry(self, current):
        actions = dict(self._fields["action_type"]._description_selection(self.env))
        platforms = dict(self._fields["platform"]._description_selection(self.env))
        states = dict(self._fields["state"]._description_selection(self.env))
        return {
            "key": f"card-{self.id}",
            "kind": "card",
            "current": current,
            "card_id": self.id,
            "date": fields.Datetime.to_string(self.interest_date),
            "direction": "in",
            "author": self.author_name or self.author_handle or "",
            "platform": self.platform,
            "channel": platforms.get(self.platform, ""),
            "action": actions.get(self.action_type, ""),
            "state": self.state,
            "state_label": states.get(self.state, ""),
            "rating": self.rating or 0,
            "text": _clip(sensitive.mask_sensitive(self.body or "")),
            "pictures": [],
        }

    def _conversation_message_entry(self, message):
        incoming = message.message_type == "email"
        text = html2plaintext(message.body or "")
        images = message.attachment_ids.filtered(lambda a: (a.mimetype or "").startswith("image/"))
        return {
            "key": f"message-{message.id}",
            "kind": "message",
            "current": message.res_id == self.id,
            "card_id": message.res_id,
            "date": fields.Datetime.to_string(message.date),
            "direction": "in" if incoming else "out",
            "author": message.author_id.name or message.email_from or "",
            "platform": "email",
            "channel": self.env._("E-mail"),
            "action": "",
            "state": "",
            "state_label": "",
            "rating": 0,
            "text": _clip(sensitive.mask_sensitive(text) if incoming else text),
            "pictures": images.ids[:PICTURES],
        }

    def _conversation_reply_entry(self):
        """A reply known from the card alone (on the platform, or in a chat)."""
        platforms = dict(self._fields["platform"]._description_selection(self.env))
        return {
            "key": f"reply-{self.id}",
            "kind": "reply",
            "current": False,
            "card_id": self.id,
            "date": fields.Datetime.to_string(self.reply_date),
            "direction": "out",
            "author": self.reply_user_id.name or "",
            "platform": self.platform,
            "channel": platforms.get(self.platform, ""),
            "action": "",
            "state": "",
            "state_label": "",
            "rating": 0,
            "text": "",
            "pictures": [],
        }

    def _conversation_pictures(self):
        """The card's own images: attached to it, not to one of our messages."""
        images = self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("mimetype", "=like", "image/%"),
            ],
            order="id",
            limit=PICTURES,
        )
        if not images:
            return []
        ours = self.env["mail.message"].search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "!=", "email"),
                ("attachment_ids", "in", images.ids),
            ]
        )
        return (images - ours.attachment_ids).ids


def _clip(text):
    text = (text or "").strip()
    return text if len(text) <= TEXT_MAX else text[:TEXT_MAX] + "…"


def _language_name(code, user_lang):
    """``ja`` → "Japanese" in the user's language (the code itself when unknown)."""
    if not code:
        return False
    try:
        locale = Locale.parse(code.replace("-", "_"))
        return locale.get_display_name(user_lang) or code
    except (UnknownLocaleError, ValueError, TypeError):
        return code
