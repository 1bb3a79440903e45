import base64
import logging
from ast import literal_eval
from datetime import datetime, timedelta

import psycopg2
import psycopg2.errors
import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import SQL, email_normalize, format_datetime, plaintext2html
from odoo.tools.image import image_process

from .. import platforms
from ..lib import business_hours, sensitive
from ..lib.http import FetchError, configured_resolver, fetch_image
from ..lib.identity import interaction_key
from ..lib.interest_data import Ingested, InterestData
from ..lib.lang import detect_lang
from ..lib.selection import (
    ACTION_TYPE_SELECTION,
    LIGHT_ACTION_TYPES,
    OPEN_STATES,
    PLATFORM_SELECTION,
    PRIVATE_ACTION_TYPES,
    STATE_COLOR,
    STATE_SELECTION,
)
from ..lib.sentiment import card_sentiment
from ..lib.urls import safe_http_url
from .crm_team import ASSIGNMENT_STRATEGY_SELECTION, AUTO_STRATEGIES

_logger = logging.getLogger(__name__)

ACK_INTERVAL_HOURS = 12  # one out-of-hours acknowledgement per address in this time
# the longest URL a card keeps; a longer photo URL is not fetched (no platform makes one)
MAX_URL = 2000
# the largest file that comes with an item and is kept on its card
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# what an item tells that is not a field of the card: used to find its source and product
# and to complete its author, never stored on the card
ITEM_ONLY_KEYS = ("product_name", "page", "title", "author_followers", "cursor_key")

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

    One model in one file, as Odoo keeps ``crm.lead``: fields, computes, CRUD, actions, the
    service that makes every card (:meth:`_ingest`), then assignment, service level and the
    out-of-hours acknowledgement. Opt-in concerns are abstract mixins of their own: the mail
    gateway (``social.interest.mail.gateway``), clicks and visits (``social.interest.light``)
    and the time spent on cards (``social.interest.time``).
    """

    _name = "social.interest"
    _description = "Social Interest"
    # the mail gateway mixin brings mail.thread, as mail.thread.cc does to crm.lead
    _inherit = [
        "social.interest.mail.gateway",
        "mail.activity.mixin",
        "social.interest.light",
        "social.interest.time",
        "social.interest.conversation",
        "social.interest.answering",
    ]
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
    platform_icon = fields.Char(
        compute="_compute_platform_icon", help="The platform's icon (Font Awesome class)"
    )
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

    # service level and assignment
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
    service_status = fields.Selection(
        [("on_time", "On time"), ("due_soon", "Due soon"), ("overdue", "Overdue")],
        compute="_compute_service_status",
        help="Where an open card stands against its deadline: due soon in the last "
        "two hours before it (the board's column bars).",
    )
    response_hours = fields.Float(compute="_compute_response_hours", store=True, aggregator="avg")
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
    ack_due_date = fields.Datetime(
        string="Acknowledgement due since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The card arrived out of hours at this moment: its acknowledgement is sent by "
        "a scheduled action woken up on arrival.",
    )

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
            private = card.action_type in PRIVATE_ACTION_TYPES or _private_platform(card.platform)
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

    @api.depends("platform")
    def _compute_platform_icon(self):
        for card in self:
            platform = platforms.get(card.platform) or platforms.get("other")
            card.platform_icon = platform.icon

    @api.depends("action_type", "platform")
    def _compute_is_public(self):
        for card in self:
            card.is_public = not (
                card.action_type in PRIVATE_ACTION_TYPES or _private_platform(card.platform)
            )

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

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for card in self:
            card.is_overdue = bool(
                card.deadline and card.deadline < now and card.state in OPEN_STATES
            )

    @api.depends("deadline", "state")
    def _compute_service_status(self):
        now = fields.Datetime.now()
        for card in self:
            card.service_status = _service_status(card.deadline, card.state, now)

    def _read_group_groupby(self, groupby_spec, query):
        """The board's column bars group the open cards by their service status, computed
        in SQL from the deadline and now (as Odoo does for activities)."""
        if groupby_spec != "service_status":
            return super()._read_group_groupby(groupby_spec, query)
        now = fields.Datetime.now()
        deadline = self._field_to_sql(self._table, "deadline", query)
        state = self._field_to_sql(self._table, "state", query)
        return SQL(
            """CASE WHEN %(deadline)s IS NULL OR %(state)s NOT IN %(open)s THEN NULL
                    WHEN %(deadline)s < %(now)s THEN 'overdue'
                    WHEN %(deadline)s < %(soon)s THEN 'due_soon'
                    ELSE 'on_time' END""",
            deadline=deadline,
            state=state,
            open=tuple(OPEN_STATES),
            now=now,
            soon=now + DUE_SOON,
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

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        """A card made by hand (the form, an import, RPC) is just stored: what an arrival
        needs (identity, assignment, acknowledgement) is done by :meth:`_ingest`, the road
        every channel takes."""
        for vals in vals_list:
            # an empty value is no claim (a form sends its read-only fields empty)
            self._check_system_fields({name: value for name, value in vals.items() if value})
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_fields(vals)
        if "user_id" in vals:
            vals = dict(vals, assign_date=fields.Datetime.now() if vals["user_id"] else False)
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

    @api.model
    def _check_system_fields(self, vals):
        """Refuse values of :data:`SYSTEM_FIELDS` from anyone but the code that sets them."""
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
            + ("ja" if self._reply_lang().startswith("ja") else "en")
        )
        if self.reply_mode == "email" or self._reply_email():
            action = self._action_reply_by_email()
            action["context"]["default_template_id"] = template.id
            # the invitation is a first response, not the answer: its subtype says so and
            # the card stays open (see _message_post_after_hook)
            action["context"]["default_subtype_id"] = self.env.ref(
                "social_interest.mt_private_invitation"
            ).id
            return action
        action = self.action_canned_reply()
        action["context"]["default_template_id"] = template.id
        return action

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

    # ------------------------------------------------------------------ mail

    def _message_post_after_hook(self, message, msg_vals):
        """Reply evidence: a sent reply e-mail, or an image posted by the responsible."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type != "comment" or not self.env.user._is_internal():
            return result
        if message.subtype_id == self.env.ref("social_interest.mt_acknowledgement"):
            return result  # an automatic acknowledgement is not a reply
        for card in self:
            if card.processed:
                continue
            author_partner = card._reply_partner(create=False)
            to_author = author_partner and author_partner in message.partner_ids
            invitation = self.env.ref("social_interest.mt_private_invitation")
            is_reply = (
                not message.is_internal
                and message.subtype_id in (self.env.ref("mail.mt_comment"), invitation)
                and to_author
            )
            is_responsible = not card.user_id or card.user_id == self.env.user
            has_image = any(
                (att.mimetype or "").startswith("image/") for att in message.attachment_ids
            )
            if is_reply and message.subtype_id == invitation:
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

    # ------------------------------------------------------------------ the one road in

    @api.model
    def _ingest(self, items, source=None, values=None, match_message_id=False):
        """Make (or find) the card of each item: the one road every channel takes.

        The mail gateway, the listening connectors and their webhook deliveries, the clicks
        and visits of the bridges and the messaging channels all hand their items here, and
        only here is a card made: the item is completed (source, team, product, language,
        sentiment, safe links), found again when it already has a card, its author resolved
        to one identity and contact, the card created, the author's photo and audience
        completed, and the arrival planned (assignment, deadline, out-of-hours
        acknowledgement). Not callable over RPC (private).

        :param items: :class:`InterestData` (or mappings with its field names), one per card
        :param source: the ``social.interest.source`` the items came through, when the road
            knows it (a card's values may name another)
        :param values: card values the road decided, one dict per item or one dict for all
            (team, company, Message-Id, how it was read, a state...). A key given is not
            worked out again: ``{"identity_id": False}`` means "link no identity".
        :param match_message_id: an existing card may be found by the Message-Id in
            ``values`` (an e-mail that yields a single card)
        :returns: one :class:`Ingested` per item, in order
        """
        items = [InterestData.from_mapping(item) for item in items]
        if isinstance(values, dict) or values is None:
            values = [dict(values or {}) for _item in items]
        source = source or self.env["social.interest.source"]
        # the products and sources items are matched against: read once for the batch
        lookups = (
            self.env["product.template"]._social_product_matcher(),
            self._ingest_source_candidates(),
        )
        prepared = []
        for item, road_values in zip(items, values, strict=True):
            try:
                prepared.append(self._ingest_values(item, source, road_values, lookups))
            except (TypeError, ValueError) as error:  # one broken item never stops the others
                _logger.warning("No card for an item of %s: %s", item.platform, error)
                prepared.append(error)
        results = self._ingest_find_existing(prepared, match_message_id)
        todo = [index for index, found in enumerate(results) if found is None]
        self.env["social.identity"]._ingest_authors([prepared[index] for index in todo])
        created = self._ingest_create([prepared[index] for index in todo])
        for index, outcome in zip(todo, created, strict=True):
            results[index] = outcome
        for index, found in enumerate(results):
            if isinstance(found, int):  # the same item earlier in the batch
                results[index] = Ingested(results[found].card, "found", "repeated")
        new = self.browse([r.card.id for r in results if r.created])
        made = {r.card.id: vals for r, vals in zip(results, prepared, strict=True) if r.created}
        new._ingest_complete_authors(made)
        new._ingest_attach(made)
        new.filtered(lambda card: not card.is_light)._social_on_arrival()
        return results

    @api.model
    def _ingest_values(self, item, source, road_values, lookups):
        """The card's values of one item: what it says, then what the road decided, then
        what the suite works out (source, team, product, language, sentiment);
        ``lookups`` is ``(product matcher, source candidates)`` of the batch."""
        vals = {
            name: value if value != "" else False
            for name, value in item.as_dict().items()
            if name in self._fields and name not in ITEM_ONLY_KEYS
        }
        vals.update(road_values)
        if isinstance(vals.get("interest_date"), str):
            vals["interest_date"] = fields.Datetime.to_datetime(vals["interest_date"])
        if isinstance(vals.get("interest_date"), datetime):
            vals["interest_date"] = vals["interest_date"].replace(tzinfo=None)
        vals["interest_date"] = vals.get("interest_date") or fields.Datetime.now()
        matcher, candidates = lookups
        self._ingest_source(vals, item, source, candidates)
        if vals.get("action_type") not in LIGHT_ACTION_TYPES:
            self._ingest_analyse(vals, item, matcher)
        for key in ("source_url", "author_url", "author_image_url", "product_url"):
            if vals.get(key) and (len(vals[key]) > MAX_URL or not safe_http_url(vals[key])):
                # kept as text for the record, never as a link (see _compute_*_link); a
                # photo at an address no platform makes is not fetched either
                vals[key] = False if key == "author_image_url" else vals[key][:MAX_URL]
        vals["_author_followers"] = max(int(item.author_followers or 0), 0)
        # files the road fetched with the item (a picture sent in a chat): kept on the card
        vals["_attachments"] = list(item.extra.get("attachments") or ())
        return vals

    @api.model
    def _ingest_source(self, vals, item, source, candidates):
        """Source, team, company and platform: the road's, else the source of the page the
        item names, else the only source of its platform."""
        Source = self.env["social.interest.source"]
        source = Source.browse(vals.get("source_id") or []) or source
        if not source:
            source = self._ingest_find_source(vals.get("platform"), item, candidates)
        if not source:
            vals.setdefault("platform", vals.get("platform") or "other")
            return
        vals["source_id"] = source.id
        vals.setdefault("team_id", source.team_id.id)
        if source.company_id:
            vals.setdefault("company_id", source.company_id.id)
        if vals.get("platform") in (None, False, "other"):
            vals["platform"] = source.platform
        if "product_tmpl_id" not in vals and source.product_tmpl_id:
            vals["_default_product"] = source.product_tmpl_id.id

    @api.model
    def _ingest_analyse(self, vals, item, matcher):
        """Product named, language and sentiment, unless the road already knows them."""
        default_product = vals.pop("_default_product", False)
        if "product_tmpl_id" not in vals:
            vals["product_tmpl_id"] = (
                self._ingest_find_product(vals, item, matcher) or default_product
            )
        text = vals.get("body") or item.title or ""
        if not vals.get("lang") and text.strip():
            vals["lang"] = detect_lang(text) or False
        if "sentiment" not in vals:
            vals["sentiment"] = card_sentiment(
                vals.get("body") or "",
                vals.get("lang"),
                vals.get("action_type"),
                vals.get("rating"),
            )

    @api.model
    def _ingest_find_source(self, platform, item, candidates):
        """The source of the platform named by the item (its page), else the only one, among
        ``candidates`` (:meth:`_ingest_source_candidates`)."""
        sources = [s for s in candidates if s[1] == platform]
        Source = self.env["social.interest.source"]
        if len(sources) <= 1:
            return Source.browse([s[0] for s in sources])
        page = (item.page or "").casefold()
        haystack = " ".join((item.source_url, item.body, item.title)).casefold()
        for source_id, _platform, name, _url in sources:
            if page and name.casefold() == page:
                return Source.browse(source_id)
        for source_id, _platform, _name, url in sources:
            url = (url or "").split("://")[-1].removeprefix("www.").rstrip("/").casefold()
            if url and url in haystack:
                return Source.browse(source_id)
        return Source

    @api.model
    def _ingest_find_product(self, vals, item, matcher):
        texts = [t for t in (vals.get("body"), item.title) if t]
        urls = [u for u in (vals.get("source_url"), vals.get("product_url")) if u]
        if not item.product_name and not texts and not urls:
            return False
        if not matcher.candidates:
            return False
        return matcher.match(product_name=item.product_name or "", texts=texts, urls=urls)

    @api.model
    def _ingest_source_candidates(self):
        """Sources as ``(id, platform, name, url)``, cached like the products."""
        # sudo: the road matches items to the sources of every company it serves
        ((stamp, count),) = (
            self.env["social.interest.source"]
            .sudo()
            ._read_group([], aggregates=["write_date:max", "__count"])
        )
        return self._ingest_source_candidates_cached(stamp, count)

    @tools.ormcache("stamp", "count")
    def _ingest_source_candidates_cached(self, stamp, count):
        # sudo: the road matches items to the sources of every company it serves
        sources = (
            self.env["social.interest.source"].sudo().search_read([], ["platform", "name", "url"])
        )
        return tuple((s["id"], s["platform"], s["name"], s["url"]) for s in sources)

    @api.model
    def _ingest_find_existing(self, prepared, match_message_id):
        """What each item already has, in one query for the batch: an :class:`Ingested`
        ("found" with the key that found it, or "skipped" for an item that could not be
        read), the index of an earlier item of the batch with the same key (a digest that
        lists an item twice), or None: a card to make.

        Keys, the most precise first: the platform's id of the item (with the person, for a
        like, share or follow), its link with its author, the Message-Id."""
        keys = [
            self._ingest_keys(vals, match_message_id) if isinstance(vals, dict) else []
            for vals in prepared
        ]
        domains = [domain for item_keys in keys for _reason, domain in item_keys]
        cards = self.browse()
        if domains:
            cards = self.with_context(active_test=False).search(expression.OR(domains), order="id")
        results, first = [], {}
        for index, (vals, item_keys) in enumerate(zip(prepared, keys, strict=True)):
            if not isinstance(vals, dict):
                results.append(Ingested(self.browse(), "skipped", str(vals)))
                continue
            found = next(
                (
                    Ingested(card, "found", reason)
                    for reason, domain in item_keys
                    for card in cards
                    if card.filtered_domain(domain)
                ),
                None,
            )
            if found is None:
                found = next((first[repr(d)] for _r, d in item_keys if repr(d) in first), None)
            results.append(found)
            for _reason, domain in item_keys:
                first.setdefault(repr(domain), index)
        return results

    @api.model
    def _ingest_keys(self, vals, match_message_id):
        """``(reason, domain)`` pairs that find the card of ``vals``, most precise first."""
        platform = [("platform", "=", vals.get("platform") or "other")]
        keys = []
        if vals.get("external_id"):
            same_place = platform
            if vals.get("source_id"):
                same_place = expression.OR([platform, [("source_id", "=", vals["source_id"])]])
            same_item = [("external_id", "=", vals["external_id"])]
            person = interaction_key(
                vals.get("action_type"),
                vals.get("author_handle"),
                vals.get("author_url"),
                vals.get("author_name"),
            )
            if person:
                # a like, share or follow: the item is ours, the card is the person's
                same_item.append(("interaction_key", "=", person))
            keys.append(("same item", expression.AND([same_item, same_place])))
        if vals.get("source_url") and vals.get("action_type") not in LIGHT_ACTION_TYPES:
            # (a click or a visit is one card per person and day: its id says which)
            link = [*platform, ("source_url", "=", vals["source_url"])]
            if vals.get("author_handle"):
                link.append(("author_handle", "=", vals["author_handle"]))
            elif vals.get("author_name"):
                link.append(("author_name", "=", vals["author_name"]))
            keys.append(("same link and author", link))
        if match_message_id and vals.get("message_id"):
            keys.append(("same e-mail", [("message_id", "=", vals["message_id"])]))
        return keys

    @api.model
    def _ingest_create(self, vals_list):
        """Create the cards; one that another worker made meanwhile (the unique source +
        external id + person) is found instead, never doubled. An :class:`Ingested` each."""
        if not vals_list:
            return []
        clean = [{k: v for k, v in vals.items() if not k.startswith("_")} for vals in vals_list]
        # the road's e-mail or mention is the card's provenance: no "created" note nor
        # follower per card, as Odoo's own imports do
        Interest = self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        try:
            with self.env.cr.savepoint():
                return [Ingested(card, "created") for card in Interest.create(clean)]
        except psycopg2.IntegrityError:
            _logger.info("Concurrent arrival of the same item: cards made one by one")
        results = []
        for vals in clean:
            try:
                with self.env.cr.savepoint():
                    results.append(Ingested(Interest.create(vals), "created"))
            except psycopg2.errors.UniqueViolation:
                existing = self.with_context(active_test=False).search(
                    [
                        ("source_id", "=", vals.get("source_id") or False),
                        ("external_id", "=", vals.get("external_id") or False),
                    ],
                    limit=1,
                )
                results.append(Ingested(existing, "found", "made meanwhile"))
        return results

    def _ingest_complete_authors(self, vals_by_card):
        """What the item told of its author: the largest audience seen goes on the
        identity; the photo comes from the identity, else from the item's address through
        the guarded fetcher (when photos are on). A photo that fails leaves it empty."""
        for card in self:
            vals = vals_by_card.get(card.id) or {}
            # sudo: the identity of the card's author, completed from what its platform said
            identity = card.identity_id.sudo()
            followers = vals.get("_author_followers") or 0
            if identity and followers > identity.followers:
                identity.followers = followers
            if identity.image_128:
                card.author_image = identity.image_128
                continue
            image = card.author_image_url and self._fetch_author_photo(card.author_image_url)
            if image:
                card.author_image = image
                if identity:
                    identity.image_128 = image

    def _ingest_attach(self, vals_by_card):
        """The files that came with each item (``{"name", "raw", "mimetype"}``), attached
        to its card; one beyond ``MAX_ATTACHMENT_BYTES`` is left out with a note."""
        values, too_big = [], []
        for card in self:
            for attachment in vals_by_card.get(card.id, {}).get("_attachments") or ():
                raw = attachment.get("raw") or b""
                if len(raw) > MAX_ATTACHMENT_BYTES:
                    too_big.append((card, attachment.get("name") or ""))
                    continue
                values.append(
                    {
                        "name": (attachment.get("name") or "attachment")[:255],
                        "raw": raw,
                        "mimetype": attachment.get("mimetype") or "application/octet-stream",
                        "res_model": self._name,
                        "res_id": card.id,
                    }
                )
        if values:
            self.env["ir.attachment"].create(values)
        for card, name in too_big:
            card.message_post(
                body=self.env._("%(name)s was not kept: it is too large.", name=name),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _fetch_author_photo(self, url):
        """Base64 photo at ``url`` or False; never raises, never waits long."""
        if len(url or "") > MAX_URL:
            return False
        # sudo: one on/off setting, read only; system parameters need admin rights otherwise
        params = self.env["ir.config_parameter"].sudo()
        # on when installed (data); unticking the setting deletes the parameter: off
        if params.get_param("social_interest.photo_download", "False") not in ("1", "True", "true"):
            return False
        try:
            data, _mimetype = fetch_image(
                url,
                max_bytes=int(params.get_param("social_interest.photo_max_bytes", 1048576)),
                timeout=float(params.get_param("social_interest.photo_timeout", 3)),
                allow_private=params.get_param("social_interest.photo_allow_private_hosts", "0")
                in ("1", "True", "true"),
                resolve=configured_resolver(self.env),
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

    # ------------------------------------------------------------------ assignment

    def _social_set_responsible(self, user):
        """Give the cards to ``user`` (tracked in the chatter by the ``user_id`` tracking)."""
        if self:
            self.write({"user_id": user.id})

    def _social_on_arrival(self):
        """New cards: automatic assignment where the strategy says so, then the
        out-of-hours acknowledgement."""
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
        # one notice per person instead
        for (team, user), theirs in assigned.grouped(lambda c: (c.team_id, c.user_id)).items():
            if user.partner_id and team:
                team.message_notify(
                    partner_ids=user.partner_id.ids,
                    subject=self.env._("Social interest cards assigned to you"),
                    body=self.env._(
                        "%(count)s waiting card(s) of %(team)s were assigned to you.",
                        count=len(theirs),
                        team=team.name,
                    ),
                )
        remaining = self.search_count(self._social_backlog_domain()) if assigned else 0
        self.env["ir.cron"]._notify_progress(done=len(assigned), remaining=remaining)
        return assigned

    @api.model
    def _cron_remind_pool(self):
        """Scheduled action: tell a team's members when cards wait unassigned in its pool
        longer than the team's threshold; once per threshold period, one notice per team."""
        now = fields.Datetime.now()
        teams = self.env["crm.team"].search([("social_pool_alert_hours", ">", 0)])
        for team in teams:
            threshold = timedelta(hours=team.social_pool_alert_hours)
            if team.social_pool_reminded_at and team.social_pool_reminded_at > now - threshold:
                continue
            waiting = self.search_count(
                [
                    ("team_id", "=", team.id),
                    ("user_id", "=", False),
                    ("state", "=", "new"),
                    ("interest_date", "<", now - threshold),
                ]
            )
            members = team.member_ids.filtered("active").partner_id
            if not waiting or not members:
                continue
            hours = f"{team.social_pool_alert_hours:g}"
            body = self.env._(
                "%(count)s card(s) of %(team)s wait unassigned for more than %(hours)s "
                "hour(s): take them on the Social Interest board.",
                count=waiting,
                team=team.name,
                hours=hours,
            )
            team.message_notify(
                partner_ids=members.ids, subject=self.env._("Cards wait in the pool"), body=body
            )
            team.social_pool_reminded_at = now

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
        """Arrival outside the team's working hours: an author reachable by e-mail is due
        the source's acknowledgement (noted on the card, the sending action woken up); a
        public post or comment gets no e-mail, its responsible finds a follow-up for the next
        working morning instead (the answer is given on the platform).

        The e-mail itself (rendering, posting, the follow-up) is not made while the road
        delivers: the mail fetch stays short, and a broken template cannot stop a card.
        """
        now = fields.Datetime.now()
        public_summary = self.env._("Answer this public post: it arrived out of hours")
        for card in self.filtered(
            lambda c: c.is_public
            and c.state in OPEN_STATES
            and c.team_id
            and not c.team_id._social_is_working_time(now)
        ):
            card._social_schedule_follow_up(
                card.team_id._social_next_work_start(now), public_summary
            )
        due = self.filtered(lambda card: card._social_ack_wanted(now))
        if due:
            due._social_acknowledgement_due(now)

    def _social_acknowledgement_due(self, moment):
        """Note that the cards are due their acknowledgement since ``moment`` and wake the
        scheduled action that sends it (the e-mail one, or listening's in the channel)."""
        # sudo: the due date is a system field (see SYSTEM_FIELDS), set on cards the road
        # is making
        self.sudo().ack_due_date = moment
        # sudo: waking a scheduled action of this module up; it runs as its own user
        self.env.ref("social_interest.ir_cron_send_acknowledgements").sudo()._trigger()

    def _reply_lang(self):
        """The language to answer in: the card's text's, as an installed language (for a
        template's translation) when there is one, else as its code; the user's when the
        text's is unknown. One rule for every reply, acknowledgement and invitation."""
        code = (self.lang or "").split("-")[0].split("_")[0]
        if not code:
            return self.env.lang or "en_US"
        installed = [lang for lang, _name in self.env["res.lang"].get_installed()]
        return next((lang for lang in installed if lang.split("_")[0] == code), code)

    def _social_ack_wanted(self, moment):
        self.ensure_one()
        return bool(
            self.source_id.auto_ack_template_id
            and self.sender_check != "unverified"
            and not self.ack_sent_date
            and self.state in OPEN_STATES
            and not self.first_response_date
            and self.team_id
            and not self.team_id._social_is_working_time(moment)
            and self._reply_email()
            and not self._social_acked_recently(moment)
        )

    def _social_acked_recently(self, moment):
        """True when the author's address got an acknowledgement in the last hours: one per
        person per night, however many e-mails come (or are forged) in their name."""
        self.ensure_one()
        address = email_normalize(self._reply_email() or "")
        if not address:
            return False
        return bool(
            self.search_count(
                [
                    ("id", "!=", self.id),
                    ("author_email_normalized", "=", address),
                    ("ack_sent_date", ">=", moment - timedelta(hours=ACK_INTERVAL_HOURS)),
                ],
                limit=1,
            )
        )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=100):
        """Scheduled action: send the acknowledgements due (see ``ack_due_date``).

        A card answered or closed since it arrived gets none. A failure (a template that
        does not render) is written on the card, which is not tried again.
        """
        domain = [("ack_due_date", "!=", False), ("ack_sent_date", "=", False)]
        cards = self.search(domain, order="ack_due_date, id", limit=batch_size)
        for card in cards:
            template = card.source_id.auto_ack_template_id
            if not (
                template
                and card.state in OPEN_STATES
                and not card.first_response_date
                and card._reply_email()
                and not card._social_acked_recently(fields.Datetime.now())
            ):
                card.ack_due_date = False
                continue
            try:
                with self.env.cr.savepoint():
                    card._social_post_template(template, card._reply_partner(create=True))
                    card.ack_sent_date = fields.Datetime.now()
                    card._social_schedule_follow_up(
                        card.team_id._social_next_work_start(card.ack_due_date)
                    )
            except Exception as error:  # any failure is the card's, not the batch's
                _logger.warning("Acknowledgement of card %s failed", card.id, exc_info=True)
                card.ack_due_date = False
                card.message_post(
                    body=self.env._(
                        "The out-of-hours acknowledgement could not be sent: %(error)s",
                        error=str(error),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        remaining = self.search_count(domain) if cards else 0
        self.env["ir.cron"]._notify_progress(done=len(cards), remaining=remaining)
        return cards

    def _social_post_template(self, template, partner):
        """Post ``template`` on the card as a message to ``partner`` (an e-mail goes out).

        What the mail composer does in comment mode with a template, without its wizard
        (a record with some thirty computed fields, for each acknowledgement).
        """
        self.ensure_one()
        values = template._generate_template(
            self.ids, ("subject", "body_html", "email_from", "reply_to")
        )[self.id]
        self.message_post(
            body=values.get("body_html") or "",
            subject=values.get("subject") or False,
            email_from=values.get("email_from") or None,
            reply_to=values.get("reply_to") or None,
            message_type="comment",
            subtype_xmlid="social_interest.mt_acknowledgement",
            partner_ids=partner.ids,
            email_layout_xmlid=template.email_layout_xmlid or None,
            mail_auto_delete=template.auto_delete,
            mail_server_id=template.mail_server_id.id or False,
        )

    def _social_schedule_follow_up(self, when, summary=None):
        self.ensure_one()
        user = self.user_id or self.team_id.user_id
        if not user or not when:
            return
        calendar_tz = pytz.timezone(self.team_id._social_calendar().tz or "UTC")
        local = pytz.utc.localize(when).astimezone(calendar_tz)
        what = summary or self.env._("the author got the out-of-hours acknowledgement")
        at = local.strftime("%H:%M")
        text = self.env._("Follow up at %(time)s: %(what)s", time=at, what=what)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=local.date(),
            summary=text,
            user_id=user.id,
        )

    def _notify_by_email_get_base_mail_values(self, message, additional_values=None):
        """The out-of-hours acknowledgement (its subtype says it) is an automatic reply
        (RFC 3834): mail systems and our own gateway then never answer it, which prevents
        loops."""
        values = super()._notify_by_email_get_base_mail_values(
            message, additional_values=additional_values
        )
        if message.subtype_id == self.env.ref("social_interest.mt_acknowledgement"):
            headers = literal_eval(values.get("headers") or "{}")
            headers.update({"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"})
            values["headers"] = repr(headers)
        return values


DUE_SOON = timedelta(hours=2)


def _service_status(deadline, state, now):
    if not deadline or state not in OPEN_STATES:
        return False
    if deadline < now:
        return "overdue"
    return "due_soon" if deadline < now + DUE_SOON else "on_time"


def _private_platform(code):
    """Whatever is said on the platform is private by nature (its registry module says)."""
    platform = platforms.get(code)
    return bool(platform and platform.private)
