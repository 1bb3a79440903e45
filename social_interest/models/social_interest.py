from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize, plaintext2html

from ..lib import sensitive
from ..lib.identity import interaction_key
from ..lib.urls import safe_http_url
from .selection import (
    ACTION_TYPE_SELECTION,
    PLATFORM_SELECTION,
    PRIVATE_ACTION_TYPES,
    STATE_COLOR,
    STATE_SELECTION,
)

# Set by the mail gateway, the reply and the scheduled actions and shown read-only: the
# response-time figures, the acknowledgements and the sender check rest on them, so no user
# writes them by hand (over RPC either); the code that sets them does it as superuser.
SYSTEM_FIELDS = frozenset(
    {
        "first_response_date",
        "reply_date",
        "reply_user_id",
        "sender_check",
        "sender_check_note",
        "spam_reason",
        "ack_due_date",
        "ack_sent_date",
        "escalation_date",
        "message_id",
        # the platform's proof of a reply (fields of social_listening)
        "reply_external_id",
        "reply_url",
        "reply_text",
        "reply_author",
        # the first opening and the clicks and visits counted (time and light cards)
        "first_open_date",
        "hit_count",
    }
)


class SocialInterest(models.Model):
    """The interest card: one like, comment, review, question, DM or form of one person.

    The model is split by concern, as Odoo's ``mail`` splits its large models: this file is
    the card itself (fields, computes, states, replying, lead conversion);
    ``social_interest_mail_gateway.py`` turns incoming e-mails into cards and
    ``social_interest_service.py`` adds deadlines, assignment, escalation and out-of-hours.
    """

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
    author_email_normalized = fields.Char(
        compute="_compute_author_email_normalized",
        store=True,
        index="btree_not_null",
        string="Normalized author e-mail",
        help="Finds the person's cards when a lead arrives with the same address.",
    )
    author_phone = fields.Char(string="Author phone")
    author_image_url = fields.Char(
        string="Photo URL", help="Where the author's photo was found in the notification."
    )
    author_image = fields.Image(string="Photo", max_width=256, max_height=256)
    identity_id = fields.Many2one("social.identity", string="Identity", index=True)
    identity_suggested_partner_id = fields.Many2one(
        related="identity_id.suggested_partner_id", string="Suggested contact"
    )
    partner_id = fields.Many2one("res.partner", string="Contact", index=True, tracking=True)
    followers = fields.Integer(
        related="identity_id.followers",
        string="Author's followers",
        help="Shown for context; never reorders the queue.",
    )
    others_count = fields.Integer(
        string="Others in the notification",
        help='People the notification grouped with the author ("Jane Roe and 4 others liked '
        'your post" counts 4): they have no card of their own but count as interactions.',
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
    style_guide = fields.Text(related="team_id.social_style_guide", string="Reply style guide")
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
    first_response_date = fields.Datetime(readonly=True, copy=False)
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
    interaction_key = fields.Char(
        compute="_compute_interaction_key",
        store=True,
        copy=False,
        help="Who liked, shared or followed: with the external id, one card per person and "
        "item. Empty for items of the person's own (a comment, a review).",
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
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "source_external_uniq",
            "unique(source_id, external_id, interaction_key)",
            "This item of this source already has a card.",
        ),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("action_type", "author_handle", "author_url", "author_name")
    def _compute_interaction_key(self):
        for card in self:
            card.interaction_key = interaction_key(
                card.action_type, card.author_handle, card.author_url, card.author_name
            )

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

    @api.depends("action_type", "platform")
    def _compute_is_public(self):
        for card in self:
            card.is_public = not (
                card.action_type in PRIVATE_ACTION_TYPES or card.platform in ("email", "chat")
            )

    def write(self, vals):
        written = SYSTEM_FIELDS & set(vals)
        if written and not self.env.su:
            raise AccessError(
                self.env._(
                    "%(fields)s: set by Odoo itself (the mail gateway, the reply, the scheduled "
                    "actions), never by hand.",
                    fields=", ".join(
                        sorted(
                            self._fields[name].string if name in self._fields else name
                            for name in written
                        )
                    ),
                )
            )
        if "state" in vals and not self.env.su:
            # a card dragged to a column (or a state written over RPC): the column's real
            # transition, so that the card's fields say what its state says
            target = vals["state"]
            vals = {key: value for key, value in vals.items() if key != "state"}
            result = super().write(vals) if vals else True
            for card in self:
                card._move_to(target)
            return result
        return super().write(vals)

    def _move_to(self, target):
        """Perform the transition to the state ``target``, or refuse it with the reason."""
        self.ensure_one()
        natural = self._natural_state()
        labels = dict(self._fields["state"]._description_selection(self.env))
        if target in ("ignored", natural):
            return super().write({"state": target})
        if target == "processed":
            return self.write({"processed": True})
        if natural == "processed":
            raise UserError(self.env._("This card is processed: reopen it first (Reopen)."))
        if target == "replied":
            if not self.reply_date:
                self._mark_replied(self.env._("Marked as replied from the board."))
            return super().write({"state": self._natural_state()})
        if target == "converted":
            if not self.lead_id:
                raise UserError(
                    self.env._(
                        "A card becomes Converted with its opportunity: use Create "
                        "opportunity or Attach to a lead on the card."
                    )
                )
            return self.write({"is_converted": True})
        if natural in ("replied", "converted"):
            raise UserError(
                self.env._(
                    "This card is already %(state)s: it cannot go back to %(target)s.",
                    state=labels[natural],
                    target=labels.get(target, target),
                )
            )
        if target == "assigned":  # taken by whoever drags it
            return self.write({"user_id": self.env.user.id})
        if target == "new":  # given back to the team's pool
            return self.write({"user_id": False})
        raise UserError(self.env._("This card cannot be moved there."))

    def _group_expand_states(self, states, domain):
        """Every column of the board is shown, even an empty one."""
        return [key for key, _label in self._fields["state"].selection]

    @api.depends("author_email")
    def _compute_author_email_normalized(self):
        for card in self:
            card.author_email_normalized = email_normalize(card.author_email or "") or False

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

    def action_confirm_identity_partner(self):
        """The rep confirms that the author is the contact of the same name."""
        self.identity_id.action_confirm_partner()
        return True

    def action_dismiss_identity_partner(self):
        self.identity_id.action_dismiss_partner()
        return True

    def action_bulk_take(self):
        """Take the selected open cards of the pool (see action_claim: no card is taken from
        a colleague who was faster)."""
        pool = self.filtered(lambda card: not card.user_id and card.state == "new")
        return pool.action_claim() if pool else True

    def action_mark_processed(self):
        self.write({"processed": True})

    def action_reset(self):
        """Reopen the card: it goes back to the state its fields give."""
        for card in self:
            card.processed = False
            card.state = card._natural_state()

    def action_ignore(self):
        self.write({"state": "ignored"})

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
            # the invitation is a first response, not the answer: the card stays open
            action["context"]["social_interest_private_move"] = True
            return action
        action = self.action_canned_reply()
        action["context"]["default_template_id"] = template.id
        return action

    # ------------------------------------------------------------------ mail

    def _message_post_after_hook(self, message, msg_vals):
        """Reply evidence: a sent reply e-mail, or an image posted by the responsible."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type != "comment" or not self.env.user._is_internal():
            return result
        if self.env.context.get("social_interest_auto_ack"):
            return result  # an automatic acknowledgement is not a reply
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
            if is_reply and self.env.context.get("social_interest_private_move"):
                card._mark_replied(
                    self.env._(
                        "Moved to a private conversation: the card stays open until it is "
                        "answered there."
                    )
                )
            elif is_reply:
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

    def _social_track_links(self, text):
        """The reply ``text`` as it goes out: the link tracker bridge makes its links
        tracked ones (``text`` is plain text, or ``Markup`` for HTML)."""
        self.ensure_one()
        return text

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
            # sudo: the reply dates are system fields (see SYSTEM_FIELDS), set here for the
            # reply this user just made on a card they may write (checked below)
            card.check_access("write")
            card.sudo().write(vals)
            if note:
                card.message_post(body=note, subtype_xmlid="mail.mt_note")

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
