import base64
import logging
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import (
    SQL,
    email_normalize,
    format_datetime,
    parse_contact_from_email,
    plaintext2html,
)
from odoo.tools.image import image_process

from ..lib import business_hours, sensitive
from ..lib.http import FetchError, fetch_image
from ..lib.products import match_product
from ..lib.urls import safe_http_url
from ..parsing import Notification, classify_message, parse_notification
from ..parsing.message import headers_of
from .crm_team import ASSIGNMENT_STRATEGY_SELECTION, AUTO_STRATEGIES
from .selection import (
    ACTION_TYPE_SELECTION,
    OPEN_STATES,
    PLATFORM_SELECTION,
    PRIVATE_ACTION_TYPES,
    STATE_COLOR,
    STATE_SELECTION,
)

_logger = logging.getLogger(__name__)

ORIGINAL_NAME = "original_email.eml"  # the name Odoo's fetchmail gives a kept original
# values of the parser that are not fields of the card
PARSER_ONLY_KEYS = ("product_name", "page", "title")


class SocialInterest(models.Model):
    """The interest card: one like, comment, review, question, DM or form of one person."""

    _name = "social.interest"
    _description = "Social Interest"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # The queue is worked by deadline, then arrival; influence never reorders it.
    _order = "deadline asc nulls last, interest_date asc, id asc"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name", store=True, readonly=False)
    # 1. where it happened
    source_url = fields.Char(string="Source URL", help="The post, comment, review or page.")
    source_link = fields.Char(compute="_compute_source_link", string="Open on the platform")
    source_id = fields.Many2one("social.interest.source", string="Source", index=True)
    # 2. when the person acted
    interest_date = fields.Datetime(
        string="Date", required=True, default=fields.Datetime.now, index=True
    )
    # 3. where
    platform = fields.Selection(PLATFORM_SELECTION, required=True, default="other", index=True)
    # 4. who
    author_name = fields.Char(string="Author", tracking=True)
    author_handle = fields.Char(string="Handle")
    author_url = fields.Char(string="Profile URL")
    author_link = fields.Char(compute="_compute_author_link", string="Profile link")
    author_email = fields.Char(string="Author e-mail")
    author_image = fields.Image(string="Photo", max_width=256, max_height=256)
    identity_id = fields.Many2one("social.identity", string="Identity", index=True)
    partner_id = fields.Many2one("res.partner", string="Contact", index=True, tracking=True)
    followers = fields.Integer(
        related="identity_id.followers",
        string="Author's followers",
        help="Shown for context; never reorders the queue.",
    )
    # 5. what
    action_type = fields.Selection(
        ACTION_TYPE_SELECTION, string="Action", required=True, default="comment", index=True
    )
    # 6. the person's own words, plain text
    body = fields.Text(string="Text")
    rating = fields.Integer(help="Stars given in a review (1 to 5), 0 when none.")
    # 7. interested in
    product_tmpl_id = fields.Many2one("product.template", string="Product", index=True)
    product_url = fields.Char(string="Product URL")
    # 8. whose
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    # 9. processed
    processed = fields.Boolean(tracking=True)
    processed_date = fields.Datetime(compute="_compute_processed_date", store=True)
    # 10. reply
    reply_mode = fields.Selection(
        [("email", "E-mail"), ("platform", "On the platform"), ("none", "Not possible")],
        compute="_compute_reply_mode",
    )
    reply_date = fields.Datetime(string="Replied on", readonly=True, copy=False)
    reply_user_id = fields.Many2one("res.users", string="Replied by", readonly=True, copy=False)
    # running the card
    state = fields.Selection(
        STATE_SELECTION,
        compute="_compute_state",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        group_expand="_group_expand_states",
    )
    color = fields.Integer(compute="_compute_color")
    deadline = fields.Datetime(
        index=True,
        tracking=True,
        compute="_compute_deadline",
        store=True,
        readonly=False,
        help="Answer before this moment: the response target in working hours of the team, "
        "counted from the interest date.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    first_response_date = fields.Datetime(readonly=True, copy=False)
    response_hours = fields.Float(compute="_compute_response_hours", store=True, aggregator="avg")
    sentiment = fields.Selection(
        [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")]
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity", index=True, tracking=True)
    is_converted = fields.Boolean(
        string="Converted by a rep",
        copy=False,
        help="Turned into (or attached to) an opportunity by a rep. A card that a later lead "
        "of the same person picked up by itself keeps its place in the queue.",
    )
    external_id = fields.Char(
        string="External ID", index=True, copy=False, help="The item's id on its platform."
    )
    message_id = fields.Char(
        string="Message-Id", index=True, copy=False, help="Message-Id of the notification."
    )
    lang = fields.Char(string="Language")
    is_public = fields.Boolean(
        string="Public", compute="_compute_is_public", store=True, readonly=False
    )
    has_sensitive_data = fields.Boolean(
        string="Sensitive data",
        compute="_compute_sensitive",
        store=True,
        readonly=False,
        help="Public text holding a card number, IBAN, national id, phone or e-mail address.",
    )
    active = fields.Boolean(default=True)
    # mail gateway (issue 4): what the notifications give beyond the card's ten fields
    author_phone = fields.Char(string="Author phone")
    author_image_url = fields.Char(
        string="Photo URL", help="Where the author's photo was found in the notification."
    )
    parse_rule_id = fields.Many2one(
        "social.interest.parse.rule",
        string="Parsing rule",
        readonly=True,
        copy=False,
        help="The rule that read the notification; empty when the fallback did.",
    )
    gateway_error = fields.Text(
        string="Reading problems",
        readonly=True,
        copy=False,
        help="What the mail gateway could not read in the notification (the original is "
        "attached to the card).",
    )

    # ------------------------------------------------------------------ assignment, service
    # level and replying well (issue 5: fields)
    assign_date = fields.Datetime(
        string="Assigned on",
        readonly=True,
        copy=False,
        index=True,
        help="When the current responsible got the card.",
    )
    assignment_strategy = fields.Selection(
        ASSIGNMENT_STRATEGY_SELECTION,
        compute="_compute_assignment_strategy",
        help="The source's strategy, else its team's.",
    )
    escalation_date = fields.Datetime(
        string="Escalated on",
        readonly=True,
        copy=False,
        help="When the overdue card was escalated to the team leader (once per card).",
    )
    ack_sent_date = fields.Datetime(
        string="Acknowledged on",
        readonly=True,
        copy=False,
        help="When the out-of-hours acknowledgement was sent to the author.",
    )
    sensitive_kinds = fields.Char(
        string="Sensitive data found",
        compute="_compute_sensitive",
        store=True,
    )
    body_masked = fields.Text(
        string="Text (masked)",
        compute="_compute_body_masked",
        help="The text with card numbers, IBANs, national ids, phones and e-mails masked.",
    )
    style_guide = fields.Text(related="team_id.social_style_guide", string="Reply style guide")

    _sql_constraints = [
        (
            "source_external_uniq",
            "unique(source_id, external_id)",
            "This item of this source already has a card.",
        ),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("author_name", "author_handle", "action_type", "platform")
    def _compute_name(self):
        actions = dict(self._fields["action_type"]._description_selection(self.env))
        platforms = dict(self._fields["platform"]._description_selection(self.env))
        for card in self:
            who = card.author_name or card.author_handle or self.env._("Someone")
            card.name = self.env._(
                "%(who)s: %(action)s on %(platform)s",
                who=who,
                action=actions.get(card.action_type, ""),
                platform=platforms.get(card.platform, ""),
            )

    @api.depends("source_url")
    def _compute_source_link(self):
        for card in self:
            card.source_link = safe_http_url(card.source_url)

    @api.depends("author_url")
    def _compute_author_link(self):
        for card in self:
            card.author_link = safe_http_url(card.author_url)

    @api.depends("processed")
    def _compute_processed_date(self):
        for card in self:
            if not card.processed:
                card.processed_date = False
            elif not card.processed_date:
                card.processed_date = fields.Datetime.now()

    @api.depends("action_type", "platform", "author_email", "partner_id.email", "source_url")
    def _compute_reply_mode(self):
        for card in self:
            private = card.action_type in PRIVATE_ACTION_TYPES or card.platform == "email"
            if private and card._reply_email():
                card.reply_mode = "email"
            elif card.source_link:
                card.reply_mode = "platform"
            elif card._reply_email():
                card.reply_mode = "email"
            else:
                card.reply_mode = "none"

    @api.depends("user_id", "reply_date", "processed", "lead_id", "is_converted")
    def _compute_state(self):
        for card in self:
            # "ignored" is only left by an explicit action (processing, reset)
            if card.state != "ignored" or card.processed:
                card.state = card._natural_state()

    @api.depends("state")
    def _compute_color(self):
        for card in self:
            card.color = STATE_COLOR.get(card.state, 0)

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for card in self:
            card.is_overdue = bool(
                card.deadline and card.deadline < now and card.state in OPEN_STATES
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue cards."))
        overdue = [
            ("deadline", "<", fields.Datetime.now()),
            ("state", "in", list(OPEN_STATES)),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.depends("first_response_date", "interest_date")
    def _compute_response_hours(self):
        for card in self:
            if card.first_response_date and card.interest_date:
                delta = card.first_response_date - card.interest_date
                card.response_hours = max(delta.total_seconds(), 0) / 3600.0
            else:
                card.response_hours = 0.0

    @api.depends("action_type", "platform")
    def _compute_is_public(self):
        for card in self:
            card.is_public = not (
                card.action_type in PRIVATE_ACTION_TYPES or card.platform in ("email", "chat")
            )

    def _group_expand_states(self, states, domain):
        """Every column of the board is shown, even an empty one."""
        return [key for key, _label in self._fields["state"].selection]

    # ------------------------------------------------------------------ actions

    def action_reply(self):
        """Answer the person where they spoke.

        A public post or comment opens its page in a new tab (and the card records that a
        reply was started); a message, form or e-mail with an address opens the composer.
        """
        self.ensure_one()
        if self.reply_mode == "email":
            return self._action_reply_by_email()
        if self.reply_mode == "platform":
            self._mark_replied(self.env._("Reply started on the platform."))
            return {"type": "ir.actions.act_url", "url": self.source_link, "target": "new"}
        raise UserError(
            self.env._("This card has neither a link to its post nor an e-mail address to answer.")
        )

    def action_mark_processed(self):
        self.write({"processed": True})

    def action_reset(self):
        """Reopen the card: it goes back to the state its fields give."""
        for card in self:
            card.processed = False
            card.state = card._natural_state()

    def action_ignore(self):
        self.write({"state": "ignored"})

    def action_assign_to_me(self):
        """Kept for callers of the first version: taking a card is ``action_claim``."""
        return self.action_claim()

    # ------------------------------------------------------------------ mail

    def _message_post_after_hook(self, message, msg_vals):
        """Reply evidence: a sent reply e-mail, or an image posted by the responsible."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type != "comment" or not self.env.user._is_internal():
            return result
        if self.env.context.get("social_interest_auto_ack"):
            return result  # an automatic acknowledgement is not a reply (issue 5)
        for card in self:
            if card.processed:
                continue
            author_partner = card._reply_partner(create=False)
            is_reply = (
                not message.is_internal
                and message.subtype_id == self.env.ref("mail.mt_comment")
                and author_partner
                and author_partner in message.partner_ids
            )
            is_responsible = not card.user_id or card.user_id == self.env.user
            has_image = any(
                (att.mimetype or "").startswith("image/") for att in message.attachment_ids
            )
            if is_reply:
                card._mark_replied(False)
                card.processed = True
            elif has_image and is_responsible:
                card.processed = True
        return result

    def _action_reply_by_email(self):
        partner = self._reply_partner(create=True)
        compose_form = self.env.ref("mail.email_compose_message_wizard_form")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(compose_form.id, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_partner_ids": partner.ids,
                "default_subject": self.env._("Re: %(name)s", name=self.name),
                "mark_so_as_sent": False,
            },
        }

    # ------------------------------------------------------------------ helpers

    def _natural_state(self):
        self.ensure_one()
        if self.processed:
            return "processed"
        if self.lead_id and self.is_converted:
            return "converted"
        if self.reply_date:
            return "replied"
        if self.user_id:
            return "assigned"
        return "new"

    def _reply_email(self):
        self.ensure_one()
        return email_normalize(self.author_email or "") or email_normalize(
            self.partner_id.email or ""
        )

    def _reply_partner(self, create=False):
        """The partner to write to: the card's contact, else one found (or made) by e-mail."""
        self.ensure_one()
        if self.partner_id:
            return self.partner_id
        email = self._reply_email()
        if not email:
            return self.env["res.partner"]
        partner = self.env["res.partner"].search([("email_normalized", "=", email)], limit=1)
        if not partner and create:
            partner = self.env["res.partner"].create(
                {"name": self.author_name or email, "email": email}
            )
        if partner and create:
            self.partner_id = partner
        return partner

    def _mark_replied(self, note):
        now = fields.Datetime.now()
        for card in self:
            vals = {"reply_date": now, "reply_user_id": self.env.user.id}
            if not card.first_response_date:
                vals["first_response_date"] = now
            if not card.user_id:
                vals["user_id"] = self.env.user.id
            card.write(vals)
            if note:
                card.message_post(body=note, subtype_xmlid="mail.mt_note")

    # ================================================================== crm: leads (issue 6)
    # Section owned by the lead & contact integration: "Create opportunity", "Attach to lead".

    author_email_normalized = fields.Char(
        compute="_compute_author_email_normalized",
        store=True,
        index="btree_not_null",
        string="Normalized author e-mail",
        help="Finds the person's cards when a lead arrives with the same address.",
    )

    @api.depends("author_email")
    def _compute_author_email_normalized(self):
        for card in self:
            card.author_email_normalized = email_normalize(card.author_email or "") or False

    def action_create_opportunity(self):
        """Create the opportunity of this card, prefilled from it, and open it.

        The new lead also picks up the person's earlier cards (see crm.lead), so the first
        touch stays with the channel where the person first showed interest.
        """
        self.ensure_one()
        if not self.lead_id:
            lead = self.env["crm.lead"].create(self._prepare_lead_values())
            self.lead_id = lead
        self.is_converted = True
        return self.lead_id.get_formview_action()

    def action_attach_to_lead(self):
        """Open the wizard that attaches the selected cards to an existing lead."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest_attach_lead"
        )
        action["context"] = {"active_model": self._name, "active_ids": self.ids}
        return action

    def action_open_card(self):
        """Open the card in its own form (from a lead's or a contact's list of cards)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _prepare_lead_values(self):
        """Values of the opportunity made from this card: the card's person, channel and text."""
        self.ensure_one()
        partner = self.partner_id or self.identity_id.partner_id or self._reply_partner()
        product = self.product_tmpl_id
        who = self.author_name or partner.name
        if product and who:
            name = self.env._("%(who)s: %(product)s", who=who, product=product.name)
        else:
            name = self.name
        source = self.source_id
        return {
            "name": name,
            "type": "opportunity",
            "partner_id": partner.id,
            "contact_name": False if partner else self.author_name,
            "email_from": partner.email if partner else self._reply_email() or False,
            "source_id": source.utm_source_id.id,
            "medium_id": source.utm_medium_id.id,
            "team_id": (self.team_id or source.team_id).id,
            "user_id": (self.user_id or self.env.user).id,
            "company_id": self.company_id.id,
            # plaintext2html escapes the person's words: they stay text in the lead's HTML
            "description": plaintext2html(self._lead_description()),
        }

    def _lead_description(self):
        self.ensure_one()
        lines = [self.body or ""]
        if self.product_tmpl_id:
            lines.append(self.env._("Product: %(name)s", name=self.product_tmpl_id.name))
        if self.product_url:
            lines.append(self.env._("Product page: %(url)s", url=self.product_url))
        if self.source_url:
            lines.append(self.env._("Seen at: %(url)s", url=self.source_url))
        return "\n\n".join(line for line in lines if line)

    def _lead_of_same_person(self, lead_by_partner, lead_by_email):
        """The lead (from the given maps) of this card's person, or None."""
        self.ensure_one()
        partners = self.partner_id | self.identity_id.partner_id
        for partner in partners:
            if partner.id in lead_by_partner:
                return lead_by_partner[partner.id]
        emails = (
            self.author_email_normalized,
            self.partner_id.email_normalized,
            email_normalize(self.identity_id.email or ""),
            self.identity_id.partner_id.email_normalized,
        )
        for email in emails:
            if email and email in lead_by_email:
                return lead_by_email[email]
        return None

    # ================================================================== end crm: leads

    # ================================================================== mail gateway (issue 4)
    # Every notification, form or customer e-mail that reaches the alias or a fetchmail
    # server pointed at this model arrives here (see models/mail_thread.py for the hook that
    # refuses bounces, auto-replies and our own mail before a card is made).

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Make the card(s) of one e-mail; return the card the e-mail is logged on.

        A notification about an item that already has a card returns that card (the e-mail is
        then logged on it); a digest makes one card per item. Whatever the parser cannot read
        still gives a card, with the problem written on it: the mail is never lost.
        """
        gateway = self._gateway_state(msg_dict)
        cards_values = self._gateway_cards_values(msg_dict, gateway)
        custom_values = dict(custom_values or {})
        first = self.browse()
        for index, values in enumerate(cards_values):
            values.update(custom_values)
            self._gateway_complete_values(values)
            card = self._gateway_find_existing(values, single=len(cards_values) == 1)
            known = bool(card)
            if not card:
                # the e-mail itself is logged on the card next: no "card created" note before
                card = self.with_context(mail_create_nolog=True).create(
                    self._gateway_create_values(values)
                )
                card._gateway_after_create(values)
            if index == 0:
                first = card  # the gateway logs the e-mail (and its original) on this one
            else:
                card._gateway_attach_original(gateway, known=known)
        return first

    def message_update(self, msg_dict, update_vals=None):
        """A reply in the thread of a card: logged by the gateway; a closed card reopens."""
        result = super().message_update(msg_dict, update_vals=update_vals)
        author = email_normalize(msg_dict.get("email_from") or "")
        for card in self:
            if card.state in ("processed", "ignored") and author and author == card._reply_email():
                card.action_reset()
        return result

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        # Platforms send every notification from one address: Odoo's "too many records from
        # one sender" guard would drop real interest after twenty of them. Loops are caught by
        # the gateway's auto-reply and own-address checks instead.
        return []

    @api.model
    def _gateway_prepare(self, message, msg_dict):
        """Read one incoming e-mail before routing: parse it and decide if it is refused.

        Called by the mail.thread hook for routes to this model; never raises.
        :return: dict with ``message_id``, ``result`` (ParseResult or None), ``refusal``
            (why no card must be made, or False), ``error`` and ``original`` (bytes).
        """
        gateway = {
            "message_id": msg_dict.get("message_id"),
            "result": None,
            "refusal": False,
            "error": "",
            "original": self.env.context.get("social_interest_raw") or _original_bytes(message),
        }
        try:
            headers = headers_of(message)
            notification = self._gateway_notification(msg_dict, headers)
            result = parse_notification(notification, self._gateway_rules())
            gateway["result"] = result
            refusal = classify_message(
                headers,
                notification.sender_email,
                notification.subject,
                own_addresses=self._gateway_own_addresses(notification.sender_email),
                machine_ok=result.rule is not None,
            )
            gateway["refusal"] = refusal or ("rule" if result.ignored else False)
        except Exception as error:  # an unreadable mail must still become a card
            _logger.warning(
                "Mail gateway could not read %s", msg_dict.get("message_id"), exc_info=True
            )
            gateway["error"] = f"{type(error).__name__}: {error}"
        return gateway

    @api.model
    def _gateway_state(self, msg_dict):
        gateway = self.env.context.get("social_interest_gateway")
        if gateway and gateway.get("message_id") == msg_dict.get("message_id"):
            return gateway
        return {
            "message_id": msg_dict.get("message_id"),
            "result": None,
            "refusal": False,
            "error": "",
            "original": None,
        }

    @api.model
    def _gateway_rules(self):
        return self.env["social.interest.parse.rule"]._gateway_rules()

    @api.model
    def _gateway_notification(self, msg_dict, headers=None):
        """The parser's view of Odoo's ``msg_dict``."""
        from_header = msg_dict.get("email_from") or msg_dict.get("from") or ""
        name, address = parse_contact_from_email(from_header)
        date = None
        if msg_dict.get("date"):
            try:
                date = fields.Datetime.to_datetime(msg_dict["date"])
            except ValueError:
                date = None
        return Notification(
            sender_email=(email_normalize(address or "") or address or "").lower(),
            sender_name=(name or "").strip().strip('"'),
            subject=msg_dict.get("subject") or "",
            date=date,
            html=str(msg_dict.get("body") or ""),
            message_id=msg_dict.get("message_id") or "",
            to=msg_dict.get("to") or "",
            headers=headers or {},
        )

    @api.model
    def _gateway_cards_values(self, msg_dict, gateway):
        """Values of each card of the e-mail; the fallback card when reading failed."""
        result = gateway.get("result")
        error = gateway.get("error") or ""
        if result is None and not error:
            try:
                notification = self._gateway_notification(msg_dict)
                result = parse_notification(notification, self._gateway_rules())
            except Exception as exc:  # never lose a mail on a parser bug
                _logger.warning(
                    "Mail gateway could not parse %s", msg_dict.get("message_id"), exc_info=True
                )
                error = f"{type(exc).__name__}: {exc}"
        cards = [dict(values) for values in (result.cards if result else [])]
        if not cards:
            cards = [self._gateway_unreadable_values(msg_dict)]
        errors = ([error] if error else []) + list(result.errors if result else [])
        for values in cards:
            values["parse_rule_id"] = result.rule.id if result and result.rule else False
            values["message_id"] = msg_dict.get("message_id") or False
            values["gateway_error"] = "\n".join(errors) or False
            if not values.get("interest_date"):
                values["interest_date"] = msg_dict.get("date") or fields.Datetime.now()
        return cards

    @api.model
    def _gateway_unreadable_values(self, msg_dict):
        name, address = parse_contact_from_email(msg_dict.get("email_from") or "")
        return {
            "platform": "email",
            "action_type": "question",
            "author_name": name or address,
            "author_email": email_normalize(address or "") or False,
            "body": msg_dict.get("subject") or "",
        }

    @api.model
    def _gateway_complete_values(self, values):
        """Source, team, product and language from what the parser found."""
        source = self.env["social.interest.source"].browse(values.get("source_id") or [])
        if not source and values.get("parse_rule_id"):
            source = (
                self.env["social.interest.parse.rule"].browse(values["parse_rule_id"]).source_id
            )
        if not source:
            source = self._gateway_find_source(values)
        if source:
            values["source_id"] = source.id
            values.setdefault("team_id", source.team_id.id)
            if source.company_id:
                values.setdefault("company_id", source.company_id.id)
            if values.get("platform") in (None, "other") or not values.get("platform"):
                values["platform"] = source.platform
        if not values.get("product_tmpl_id"):
            product = self._gateway_find_product(values)
            values["product_tmpl_id"] = product or source.product_tmpl_id.id or False

    @api.model
    def _gateway_find_source(self, values):
        """The source of the platform named by the e-mail (its page), else the only one."""
        platform = values.get("platform")
        sources = [s for s in self._gateway_source_candidates() if s[1] == platform]
        Source = self.env["social.interest.source"]
        if len(sources) <= 1:
            return Source.browse([s[0] for s in sources])
        page = (values.get("page") or "").casefold()
        haystack = " ".join(
            values.get(key) or "" for key in ("source_url", "body", "title")
        ).casefold()
        for source_id, _platform, name, _url in sources:
            if page and name.casefold() == page:
                return Source.browse(source_id)
        for source_id, _platform, _name, url in sources:
            url = (url or "").split("://")[-1].removeprefix("www.").rstrip("/").casefold()
            if url and url in haystack:
                return Source.browse(source_id)
        return Source

    @api.model
    def _gateway_find_product(self, values):
        texts = (values.get("body"), values.get("title"))
        urls = (values.get("source_url"), values.get("product_url"))
        if not values.get("product_name") and not any(texts) and not any(urls):
            return False
        return match_product(
            self._gateway_product_candidates(),
            product_name=values.get("product_name") or "",
            texts=[t for t in texts if t],
            urls=[u for u in urls if u],
        )

    @api.model
    def _gateway_product_candidates(self):
        """Saleable products as ``(id, name, keywords)``.

        Kept in the registry cache under a key that changes whenever a product is added,
        edited or removed (last write, count), so no cache has to be cleared by hand.
        """
        # sudo: only the last change and the count, to know when the cached names are stale
        ((stamp, count),) = (
            self.env["product.template"]
            .sudo()
            ._read_group([("sale_ok", "=", True)], aggregates=["write_date:max", "__count"])
        )
        return self._gateway_product_candidates_cached(self.env.lang or "en_US", stamp, count)

    @tools.ormcache("lang", "stamp", "count")
    def _gateway_product_candidates_cached(self, lang, stamp, count):
        # sudo: product names are matched against the e-mail, whoever runs the gateway
        products = (
            self.env["product.template"]
            .sudo()
            .with_context(lang=lang)
            .search_read([("sale_ok", "=", True)], ["name", "social_keywords"], limit=5000)
        )
        return tuple((p["id"], p["name"], p["social_keywords"]) for p in products)

    @api.model
    def _gateway_source_candidates(self):
        """Sources as ``(id, platform, name, url)``, cached like the products."""
        # sudo: the gateway matches e-mails to the sources of every company it serves
        ((stamp, count),) = (
            self.env["social.interest.source"]
            .sudo()
            ._read_group([], aggregates=["write_date:max", "__count"])
        )
        return self._gateway_source_candidates_cached(stamp, count)

    @tools.ormcache("stamp", "count")
    def _gateway_source_candidates_cached(self, stamp, count):
        sources = (
            self.env["social.interest.source"].sudo().search_read([], ["platform", "name", "url"])
        )
        return tuple((s["id"], s["platform"], s["name"], s["url"]) for s in sources)

    @api.model
    def _gateway_find_existing(self, values, single=True):
        """The card of the same platform item: external id, deep link (+ author), Message-Id.

        One query for the three keys; the most precise match wins. An external id counts on
        the same platform or the same source (it is unique per source).
        """
        platform = [("platform", "=", values.get("platform") or "other")]
        keys = []
        if values.get("external_id"):
            same_place = platform
            if values.get("source_id"):
                same_place = expression.OR([platform, [("source_id", "=", values["source_id"])]])
            keys.append(expression.AND([[("external_id", "=", values["external_id"])], same_place]))
        if values.get("source_url"):
            link = [*platform, ("source_url", "=", values["source_url"])]
            if values.get("author_handle"):
                link.append(("author_handle", "=", values["author_handle"]))
            elif values.get("author_name"):
                link.append(("author_name", "=", values["author_name"]))
            keys.append(link)
        if single and values.get("message_id"):
            keys.append([("message_id", "=", values["message_id"])])
        if not keys:
            return self.browse()
        cards = self.with_context(active_test=False).search(
            expression.OR(keys), order="id", limit=10
        )
        for key in keys:
            for card in cards:
                if card.filtered_domain(key):
                    return card
        return self.browse()

    @api.model
    def _gateway_create_values(self, values):
        identity = self.env["social.identity"]._match_for_ingestion(
            platform=values.get("platform") or "other",
            name=values.get("author_name") or "",
            handle=values.get("author_handle") or "",
            profile_url=values.get("author_url") or "",
            email=values.get("author_email") or "",
            phone=values.get("author_phone") or "",
        )
        # "" is not "none": an empty external id would collide in (source, external id)
        vals = {
            key: value if value != "" else False
            for key, value in values.items()
            if key in self._fields and key not in PARSER_ONLY_KEYS
        }
        if isinstance(vals.get("interest_date"), datetime):
            vals["interest_date"] = vals["interest_date"].replace(tzinfo=None)
        if identity:
            vals["identity_id"] = identity.id
            vals.setdefault("partner_id", identity.partner_id.id)
        elif values.get("author_email"):
            vals.setdefault(
                "partner_id",
                self.env["social.identity"]
                ._partner_for_ingestion(
                    values.get("author_name"), values["author_email"], values.get("author_phone")
                )
                .id,
            )
        for key in ("source_url", "author_url", "author_image_url"):
            if vals.get(key) and not safe_http_url(vals[key]):
                # kept as text for the record, but never a link (see _compute_*_link)
                vals[key] = vals[key][:2000]
        return vals

    def _gateway_after_create(self, values):
        """The author's photo, fetched within limits; a failure only leaves it empty."""
        self.ensure_one()
        if self.identity_id.image_128:
            self.author_image = self.identity_id.image_128
            return
        if not self.author_image_url:
            return
        image = self._gateway_fetch_photo(self.author_image_url)
        if image:
            self.author_image = image
            if self.identity_id:
                self.identity_id.image_128 = image

    @api.model
    def _gateway_fetch_photo(self, url):
        """Base64 photo at ``url`` or False; never raises, never waits long."""
        # sudo: one on/off setting, read only; system parameters need admin rights otherwise
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param("social_interest.photo_download", "1") in ("0", "False", "false"):
            return False
        try:
            data, _mimetype = fetch_image(
                url,
                max_bytes=int(params.get_param("social_interest.photo_max_bytes", 1048576)),
                timeout=float(params.get_param("social_interest.photo_timeout", 3)),
                allow_private=params.get_param("social_interest.photo_allow_private_hosts", "0")
                in ("1", "True", "true"),
            )
        except (FetchError, ValueError) as error:
            _logger.info("Photo %s not downloaded: %s", url, error)
            return False
        try:
            # decoded and resized here: a corrupt or hostile image is refused, not stored
            return base64.b64encode(image_process(data, size=(256, 256)))
        except Exception as error:  # an undecodable image is just no photo
            _logger.info("Photo %s is not a usable image: %s", url, error)
            return False

    def _gateway_attach_original(self, gateway, known=False):
        """Log a digest on one of its other cards, with a copy of the original e-mail."""
        self.ensure_one()
        attachments = self.env["ir.attachment"]
        if gateway.get("original"):
            attachments = attachments.create(
                {
                    "name": ORIGINAL_NAME,
                    "raw": gateway["original"],
                    "mimetype": "message/rfc822",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        if known:
            body = self.env._("Mentioned again in a digest e-mail.")
        else:
            body = self.env._("Found in a digest e-mail; its original is attached.")
        self.message_post(body=body, attachment_ids=attachments.ids, subtype_xmlid="mail.mt_note")

    @api.model
    def _gateway_own_addresses(self, sender):
        """Our addresses that ``sender`` may be: catchall / bounce / from, companies, aliases."""
        sender = (sender or "").lower()
        if not sender:
            return ()
        # sudo: only used to recognise our own addresses; nothing is shown to anyone
        own = set()
        alias_domains = self.env["mail.alias.domain"].sudo().search([])
        for domain in alias_domains:
            own.update((domain.bounce_email, domain.catchall_email, domain.default_from_email))
        own.update(self.env["res.company"].sudo().search([]).mapped("email"))
        own = {email_normalize(address) for address in own if address} - {False}
        our_domains = {address.rpartition("@")[2] for address in own}
        our_domains.update(name.lower() for name in alias_domains.mapped("name"))
        # sudo: only tells whether this one address is one of our aliases (looked up only
        # when it is on one of our domains: platforms' senders never are)
        if (
            sender not in own
            and sender.rpartition("@")[2] in our_domains
            and self.env["mail.alias"]
            .sudo()
            .search_count([("alias_full_name", "=", sender)], limit=1)
        ):
            return (*own, sender)
        return tuple(own)

    # ================================================================== end mail gateway

    # ======================================================================================
    # Assignment, service level and replying well (issue 5)
    # ======================================================================================

    @api.depends("source_id.assignment_strategy", "team_id.social_assignment_strategy")
    def _compute_assignment_strategy(self):
        for card in self:
            card.assignment_strategy = (
                card.source_id.assignment_strategy or card.team_id.social_assignment_strategy
            )

    @api.depends("interest_date", "source_id", "team_id")
    def _compute_deadline(self):
        """Response target (the source's, else the team's) in working hours of the team's
        calendar (else the company's), counted from the interest date. Leaves and public
        holidays of the calendar are skipped. A card already answered keeps its deadline."""
        groups = {}
        for card in self:
            if card.first_response_date and card.deadline:
                card.deadline = card.deadline  # answered: the promise made stays as it was
                continue
            hours = card.source_id.response_target_hours or card.team_id.social_response_hours
            if not hours or not card.interest_date:
                card.deadline = False
                continue
            calendar = (
                card.team_id._social_calendar()
                if card.team_id
                else card.company_id.resource_calendar_id or self.env.company.resource_calendar_id
            )
            groups.setdefault((calendar, hours), []).append(card)
        for (calendar, hours), cards in groups.items():
            deadlines = self._social_plan_deadlines(
                calendar, hours, [card.interest_date for card in cards]
            )
            for card, deadline in zip(cards, deadlines, strict=True):
                card.deadline = deadline

    @api.model
    def _social_plan_deadlines(self, calendar, hours, starts):
        """Deadlines (naive UTC) for ``starts`` on one calendar, with one fetch of its
        working time for the whole batch."""
        if not calendar:
            return [start + timedelta(hours=hours) for start in starts]
        Team = self.env["crm.team"]
        begin = min(starts)
        # enough calendar for the target even at 8 hours a day, 5 days a week, plus holidays
        window = timedelta(days=14 + int(hours / 8 * 7 / 5) * 2)
        intervals = Team._social_work_intervals(calendar, begin, max(starts) + window)
        deadlines = []
        for start in starts:
            aware = pytz.utc.localize(start)
            deadline = business_hours.plan_hours(intervals, aware, hours)
            if deadline is None:  # an unusually long target: let the calendar walk further
                deadline = calendar.plan_hours(hours, aware, compute_leaves=True)
            if not deadline:  # a calendar without any working time
                deadline = aware + timedelta(hours=hours)
            deadlines.append(deadline.astimezone(pytz.utc).replace(tzinfo=None))
        return deadlines

    @api.depends("body", "is_public")
    def _compute_sensitive(self):
        for card in self:
            kinds = sensitive.sensitive_kinds(card.body or "")
            card.sensitive_kinds = ", ".join(kinds) or False
            card.has_sensitive_data = bool(kinds) and card.is_public

    @api.depends("body")
    def _compute_body_masked(self):
        for card in self:
            card.body_masked = sensitive.mask_sensitive(card.body or "") or False

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        cards._social_on_arrival()
        return cards

    def write(self, vals):
        if "user_id" in vals:
            vals = dict(vals, assign_date=fields.Datetime.now() if vals["user_id"] else False)
        return super().write(vals)

    # ------------------------------------------------------------------ actions

    def action_claim(self):
        """Take it: the card becomes the current user's, unless someone was faster.

        The rows are locked first (``SELECT ... FOR UPDATE``) so that concurrent clicks in
        separate transactions are serialised: the first one owns the card; PostgreSQL makes
        the others fail with a serialization error, Odoo replays their request, and the
        replay finds the owner and says who it is.
        """
        if not self:
            return True
        self.flush_recordset(["user_id", "team_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id, user_id, team_id FROM social_interest WHERE id IN %s "
                "ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        rows = self.env.cr.fetchall()
        me = self.env.user
        my_team_ids = set(me.crm_team_ids.ids)
        for _card_id, owner_id, team_id in rows:
            # The loser can no longer read the card (it left the team's pool): still tell
            # them who took it, as long as the card belongs to one of their teams.
            if owner_id and owner_id != me.id and (not team_id or team_id in my_team_ids):
                raise UserError(
                    self.env._(
                        "%(owner)s already took this card.",
                        owner=self.env["res.users"].browse(owner_id).name,
                    )
                )
        self.invalidate_recordset(["user_id"])
        self.check_access("write")
        self.filtered(lambda c: not c.user_id)._social_set_responsible(me)
        return True

    def action_escalate_team(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to another team"),
            "res_model": "social.interest.escalate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_interest_ids": self.ids},
        }

    def action_canned_reply(self):
        """Pick a canned reply: by e-mail in the composer, else as text to paste on the
        platform."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Canned reply"),
            "res_model": "social.interest.canned.reply",
            "view_mode": "form",
            "target": "new",
            "context": {"default_interest_id": self.id},
        }

    def action_move_private(self):
        """Sensitive data in public: continue the conversation in private, with the ready
        template (by e-mail when the author has an address, else as a public answer that
        invites them to a direct message)."""
        self.ensure_one()
        template = self.env.ref(
            "social_interest.mail_template_private_channel_"
            + ("ja" if (self.lang or "").startswith("ja") else "en")
        )
        if self.reply_mode == "email" or self._reply_email():
            action = self._action_reply_by_email()
            action["context"]["default_template_id"] = template.id
            return action
        action = self.action_canned_reply()
        action["context"]["default_template_id"] = template.id
        return action

    # ------------------------------------------------------------------ assignment

    def _social_set_responsible(self, user):
        """Give the cards to ``user`` (tracked in the chatter by the ``user_id`` tracking)."""
        if self:
            self.write({"user_id": user.id})

    def _social_on_arrival(self):
        """New cards: automatic assignment where the strategy says so, then the
        out-of-hours acknowledgement."""
        if self.env.context.get("social_interest_no_arrival"):
            return
        assigned = self.filtered(
            lambda c: not c.user_id
            and c.team_id
            and c.assignment_strategy in AUTO_STRATEGIES
            and c.state == "new"
        )._social_auto_assign()
        if assigned:
            # a change on a card created in this transaction is not tracked: say it
            strategies = dict(self._fields["assignment_strategy"]._description_selection(self.env))
            assigned._message_log_batch(
                bodies={
                    card.id: self.env._(
                        "Assigned to %(user)s on arrival (%(strategy)s).",
                        user=card.user_id.name,
                        strategy=strategies.get(card.assignment_strategy, ""),
                    )
                    for card in assigned
                }
            )
        self._social_acknowledge_out_of_hours()

    def _social_auto_assign(self):
        """Assign the cards whose strategy is automatic; returns the assigned ones.

        Cards are locked with ``SKIP LOCKED``: a card being taken by a rep, or handled by
        another worker, is left alone rather than waited for.
        """
        cards = self.filtered(
            lambda c: c.team_id and not c.user_id and c.assignment_strategy in AUTO_STRATEGIES
        )
        if not cards:
            return self.browse()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM social_interest WHERE id IN %s AND user_id IS NULL "
                "FOR UPDATE SKIP LOCKED",
                tuple(cards.ids),
            )
        )
        free_ids = {row[0] for row in self.env.cr.fetchall()}
        cards.invalidate_recordset(["user_id"])
        cards = cards.filtered(lambda c: c.id in free_ids and not c.user_id)
        assigned = self.browse()
        for (team, strategy), group in cards.grouped(
            lambda c: (c.team_id, c.assignment_strategy)
        ).items():
            queue = group.sorted(lambda c: (c.deadline or c.interest_date, c.interest_date, c.id))
            assigned |= team._social_assign(queue, strategy)
        return assigned

    @api.model
    def _social_backlog_domain(self):
        return [
            ("user_id", "=", False),
            ("state", "=", "new"),
            ("team_id", "!=", False),
            "|",
            ("source_id.assignment_strategy", "in", list(AUTO_STRATEGIES)),
            "&",
            "|",
            ("source_id", "=", False),
            ("source_id.assignment_strategy", "=", False),
            ("team_id.social_assignment_strategy", "in", list(AUTO_STRATEGIES)),
        ]

    @api.model
    def _cron_assign_backlog(self, batch_size=200):
        """Scheduled action: give waiting cards of automatic teams to available members,
        one batch per transaction (the cron runner calls again while work remains)."""
        cards = self.search(self._social_backlog_domain(), limit=batch_size)
        # one "you have been assigned" e-mail per card would flood the reps: the backlog
        # lands on their board (and in the chatter's tracking) instead
        assigned = cards.with_context(mail_auto_subscribe_no_notify=True)._social_auto_assign()
        remaining = self.search_count(self._social_backlog_domain()) if assigned else 0
        self.env["ir.cron"]._notify_progress(done=len(assigned), remaining=remaining)
        return assigned

    # ------------------------------------------------------------------ service level

    @api.model
    def _cron_escalate_overdue(self, batch_size=100):
        """Scheduled action: each open card past its deadline is escalated once, with an
        activity and a notification for the team leader."""
        domain = [
            ("deadline", "<", fields.Datetime.now()),
            ("state", "in", list(OPEN_STATES)),
            ("escalation_date", "=", False),
        ]
        cards = self.search(domain, limit=batch_size)
        cards._social_escalate()
        remaining = self.search_count(domain) if cards else 0
        self.env["ir.cron"]._notify_progress(done=len(cards), remaining=remaining)
        return cards

    def _social_escalate(self):
        now = fields.Datetime.now()
        for card in self:
            leader = card.team_id.user_id
            card.escalation_date = now
            body = self.env._(
                "Overdue: this card should have been answered by %(deadline)s.",
                deadline=format_datetime(self.env, card.deadline, tz=leader.tz or None),
            )
            if leader:
                card.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.context_today(card),
                    summary=self.env._("Overdue card: answer or reassign it"),
                    note=body,
                    user_id=leader.id,
                )
            card.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=leader.partner_id.ids,
            )

    # ------------------------------------------------------------------ out of hours

    def _social_acknowledge_out_of_hours(self):
        """Outside the team's working hours, send the source's acknowledgement to authors
        reachable by e-mail and schedule a follow-up for the first working hour."""
        now = fields.Datetime.now()
        for card in self:
            template = card.source_id.auto_ack_template_id
            if not template or card.ack_sent_date or card.state not in OPEN_STATES:
                continue
            if not card.team_id or card.team_id._social_is_working_time(now):
                continue
            if not card._reply_email():
                continue
            partner = card._reply_partner(create=True)
            card.with_context(social_interest_auto_ack=True).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=partner.ids,
            )
            card.ack_sent_date = now
            card._social_schedule_follow_up(card.team_id._social_next_work_start(now))

    def _social_schedule_follow_up(self, when):
        self.ensure_one()
        user = self.user_id or self.team_id.user_id
        if not user or not when:
            return
        calendar_tz = pytz.timezone(self.team_id._social_calendar().tz or "UTC")
        local = pytz.utc.localize(when).astimezone(calendar_tz)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=local.date(),
            summary=self.env._(
                "Follow up at %(time)s: the author got the out-of-hours acknowledgement",
                time=local.strftime("%H:%M"),
            ),
            user_id=user.id,
        )

    def _notify_by_email_get_headers(self, headers=None):
        """The out-of-hours acknowledgement is an automatic reply (RFC 3834): mail systems
        and our own gateway then never answer it, which prevents loops."""
        headers = super()._notify_by_email_get_headers(headers=headers)
        if self.env.context.get("social_interest_auto_ack"):
            headers["Auto-Submitted"] = "auto-replied"
            headers["X-Auto-Response-Suppress"] = "All"
        return headers


def _original_bytes(message):
    """The e-mail as received (or as close as the parser can write it back)."""
    for serialize in (
        lambda: message.as_bytes(),
        lambda: message.as_string().encode("utf-8", "replace"),
        lambda: str(message).encode("utf-8", "replace"),
    ):
        try:
            return serialize()
        except Exception:  # noqa: S112 - broken MIME: try the next way to write it
            continue
    return b""
