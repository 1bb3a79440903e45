import logging

import psycopg2
import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.social_interest import platforms
from odoo.addons.social_interest.lib.identity import normalize_handle
from odoo.addons.social_interest.lib.interest_data import InterestData
from odoo.addons.social_interest.lib.lang import detect_lang
from odoo.addons.social_interest.lib.selection import (
    ACTION_TYPE_SELECTION,
    PLATFORM_SELECTION,
)
from odoo.addons.social_interest.lib.sentiment import card_sentiment
from odoo.addons.social_interest.lib.urls import safe_http_url

from ..lib.connectors.registry import get_kind
from ..lib.sentiment import classify_score, is_question, score
from .selection import MENTION_STATES, SENTIMENT_SELECTION

_logger = logging.getLogger(__name__)

# what a user may write on a mention by hand: its column in the inbox
USER_FIELDS = frozenset({"state"})
USER_STATES = ("new", "ignored")
# what an item the platform edited (an item marked ``updatable``: a review's new words or
# stars) changes on its mention
EDITABLE_FIELDS = ("title", "body", "rating", "lang", "sentiment", "sentiment_score",
                   "is_question", "posted_at", "platform_reply", "platform_reply_date")  # fmt: skip

PLATFORM_CODES = {code for code, _label in PLATFORM_SELECTION}


class SocialMention(models.Model):
    """One public post or comment heard by a connector: light rows, many of them."""

    _name = "social.mention"
    _description = "Social Mention"
    _order = "posted_at desc, id desc"
    _rec_name = "author_name"

    connector_id = fields.Many2one(
        "social.listening.connector", required=True, index=True, ondelete="cascade"
    )
    external_id = fields.Char(string="External ID", required=True, help="Its id on the platform.")
    # few distinct values: no index (each one costs on every insert of a high-volume table)
    platform = fields.Selection(PLATFORM_SELECTION, required=True, default="other")
    platform_icon = fields.Char(
        compute="_compute_platform_icon", help="The platform's icon (Font Awesome class)"
    )
    url = fields.Char(string="URL")
    url_link = fields.Char(compute="_compute_links", string="Open on the platform")
    title = fields.Char()
    body = fields.Text(string="Text")
    author_name = fields.Char(string="Author")
    author_handle = fields.Char(string="Handle")
    author_phone = fields.Char(string="Phone", help="As the platform gives it.")
    author_url = fields.Char(string="Profile URL")
    author_link = fields.Char(compute="_compute_links", string="Profile link")
    author_image_url = fields.Char(string="Photo URL")
    author_followers = fields.Integer(
        string="Author's followers", help="As the platform reported it; never orders the queue."
    )
    identity_id = fields.Many2one("social.identity", string="Identity", index="btree_not_null")
    partner_id = fields.Many2one("res.partner", string="Contact", index="btree_not_null")
    posted_at = fields.Datetime(string="Posted on", required=True, index=True)
    lang = fields.Char(string="Language")
    sentiment = fields.Selection(SENTIMENT_SELECTION)
    sentiment_score = fields.Float(aggregator="avg")
    rating = fields.Integer(help="Stars given in a review (1 to 5), 0 when none.")
    # the account's own answer already on the platform (a review's owner reply)
    platform_reply = fields.Text(string="Answer on the platform")
    platform_reply_date = fields.Datetime(string="Answered on the platform")
    is_question = fields.Boolean(string="Question")
    reply_token = fields.Char(copy=False, help="One-time token to answer it (LINE), valid briefly.")
    action_type = fields.Selection(
        ACTION_TYPE_SELECTION,
        string="Kind of interest",
        help="What the platform says it is (a direct message, a mention); empty: the "
        "connector's kind decides.",
    )
    product_tmpl_id = fields.Many2one("product.template", string="Product named")
    rule_ids = fields.Many2many(
        "social.listening.rule",
        "social_mention_rule_rel",
        "mention_id",
        "rule_id",
        string="Matched rules",
    )
    state = fields.Selection(
        MENTION_STATES,
        default="new",
        required=True,
        index=True,
        group_expand="_group_expand_states",
    )
    interest_id = fields.Many2one(
        "social.interest", string="Interest card", index="btree_not_null", ondelete="set null"
    )
    # Copied from the connector when heard (not related: no recomputation per row on insert).
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    color = fields.Integer(compute="_compute_color")

    _sql_constraints = [
        (
            "connector_external_uniq",
            "unique(connector_id, external_id)",
            "This item of this connector is already stored.",
        ),
    ]

    @api.depends("url", "author_url")
    def _compute_links(self):
        for mention in self:
            mention.url_link = safe_http_url(mention.url)
            mention.author_link = safe_http_url(mention.author_url)

    @api.depends("platform")
    def _compute_platform_icon(self):
        for mention in self:
            platform = platforms.get(mention.platform) or platforms.get("other")
            mention.platform_icon = platform.icon

    @api.depends("sentiment")
    def _compute_color(self):
        colors = {"negative": 1, "positive": 10, "neutral": 0}
        for mention in self:
            mention.color = colors.get(mention.sentiment, 0)

    def write(self, vals):
        """A mention is what a platform said, triaged by Odoo: by hand (and over RPC) a user
        only moves it between the inbox's "new" and "ignored" columns."""
        if not self.env.su and (
            set(vals) - USER_FIELDS or vals.get("state", "new") not in USER_STATES
        ):
            raise AccessError(
                self.env._(
                    "A mention is changed through its buttons only (make a card, ignore, "
                    "restore): what it says, whose it is and where it belongs come from the "
                    "platform and the connector."
                )
            )
        if "state" in vals and not self.env.su and self.filtered("interest_id"):
            raise UserError(self.env._("A mention with an interest card stays with its card."))
        return super().write(vals)

    def _group_expand_states(self, states, domain):
        """The inbox always shows its three columns."""
        return [key for key, _label in MENTION_STATES]

    # ------------------------------------------------------------------ actions

    def action_create_card(self):
        """Turn the mentions into interest cards (or open the card they already have)."""
        todo = self.filtered(lambda m: not m.interest_id)
        todo._create_cards()
        if len(self) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "social.interest",
                "res_id": self.interest_id.id,
                "view_mode": "form",
                "views": [(False, "form")],
            }
        return True

    def action_ignore(self):
        if self.filtered("interest_id"):
            raise UserError(self.env._("A mention with an interest card cannot be ignored."))
        self.write({"state": "ignored"})

    def action_reset(self):
        self.filtered(lambda m: not m.interest_id).write({"state": "new"})

    # ------------------------------------------------------------------ ingestion

    @api.model
    def _prepare_mentions(self, connector, items):
        """Values of the mentions to create from mapped ``items``: new items only (by
        external id), kept by the connector's rules if it has any, analysed. A known item
        marked ``updatable`` (a review its author edited) updates its mention and card
        instead (:meth:`_update_edited`)."""
        ids = [
            str(item.get("external_id")) for item in items if isinstance(item, dict | InterestData)
        ]
        known = set()
        if ids:
            known = {
                m["external_id"]
                for m in self.with_context(active_test=False).search_read(
                    [("connector_id", "=", connector.id), ("external_id", "in", ids)],
                    ["external_id"],
                )
            }
        rules = connector.rule_ids.filtered("active")
        matcher = rules._matcher() if rules else None
        products = self._product_matcher()
        now = fields.Datetime.now()
        vals_list, seen, edited = [], set(), []
        for item in items:
            try:
                vals = self._prepare_mention(connector, item, matcher, products, now)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                # one broken item is logged and skipped, never the batch
                _logger.warning("Connector %s skipped an item: %s", connector.id, exc)
                continue
            if vals is None or vals["external_id"] in seen:
                continue
            seen.add(vals["external_id"])
            if vals["external_id"] not in known:
                vals_list.append(vals)
            elif item.get("updatable"):
                edited.append(vals)
        self._update_edited(connector, edited)
        self._link_identities(vals_list)
        return vals_list

    @api.model
    def _update_edited(self, connector, vals_list):
        """Known items the platform edited, newer than their mention: the mention takes the
        new words, stars and date, its card follows; never a second mention or card. A
        mention still without a card is triaged again (a review edited down to one star)."""
        mentions = self.with_context(active_test=False).search(
            [("connector_id", "=", connector.id),
             ("external_id", "in", [vals["external_id"] for vals in vals_list])]
        ) if vals_list else self  # fmt: skip
        by_id = {mention.external_id: mention for mention in mentions}
        updated = self
        for vals in vals_list:
            mention = by_id.get(vals["external_id"])
            posted_at = fields.Datetime.to_datetime(vals["posted_at"])
            if not mention or posted_at <= mention.posted_at:
                continue
            before = mention.body or ""
            # sudo: a mention's words are the platform's (see write); this is its edit
            mention.sudo().write({name: vals[name] for name in EDITABLE_FIELDS})
            if mention.interest_id:
                mention._update_card(before)
            updated |= mention
        updated.filtered(lambda mention: not mention.interest_id)._triage()

    @api.model
    def _prepare_mention(self, connector, item, matcher, products, now):
        """Values of one mention, or None when the rules do not keep it."""
        external_id = str(item["external_id"])[:255]
        text = item.get("body") or item.get("title") or ""
        lang = item.get("lang") or detect_lang(text, default="en")
        platform = item.get("platform") or connector.platform
        if platform not in PLATFORM_CODES:
            platform = connector.platform
        # a group's message names the accounts it addresses: kept for this one only (sudo:
        # the connector's account name is an admin-only field, compared and never shown)
        account = item.get("addressed_to") and connector.sudo().login
        if account and normalize_handle(account, platform) not in item["addressed_to"]:
            return None
        matched = matcher.match(text, lang, platform) if matcher else []
        if matcher and not matched:
            return None
        value = score(text, lang)
        rating = min(max(int(item.get("rating") or 0), 0), 5)
        # a review's stars are its sentiment (the card's own rule), else its words
        stars = card_sentiment("", lang, item.get("action_type"), rating) if rating else False
        return {
            "connector_id": connector.id,
            "team_id": connector.team_id.id,
            "company_id": connector.company_id.id,
            "external_id": external_id,
            "platform": platform,
            "url": (item.get("url") or "")[:2000] or False,
            "title": (item.get("title") or "")[:500] or False,
            "body": text,
            "author_name": (item.get("author_name") or "")[:256] or False,
            "author_handle": (item.get("author_handle") or "")[:256] or False,
            "author_phone": (item.get("author_phone") or "")[:64] or False,
            "author_url": (item.get("author_url") or "")[:2000] or False,
            "author_image_url": (item.get("author_image_url") or "")[:2000] or False,
            "author_followers": max(int(item.get("author_followers") or 0), 0),
            "posted_at": item.get("posted_at") or now,
            "lang": lang,
            "sentiment": stars or classify_score(value),
            "rating": rating,
            "platform_reply": item.get("platform_reply") or False,
            "platform_reply_date": item.get("platform_reply_date") or False,
            "is_question": is_question(text),
            "action_type": item.get("action_type") or False,
            "reply_token": str(item.get("reply_token") or "")[:255] or False,
            "product_tmpl_id": products.match(texts=[text]) if products else False,
            "rule_ids": matched,  # linked in one statement by _create_idempotent
            "_attachments": list(item.get("attachments") or ()),  # the same, its files
            # every field given: no default to compute per row
            "state": "new",
            "sentiment_score": value,
            "identity_id": False,
            "partner_id": False,
            "interest_id": False,
        }

    @api.model
    def _product_matcher(self):
        """Products named in a post, found as the mail gateway finds them in a notification."""
        matcher = self.env["product.template"]._social_product_matcher()
        return matcher if matcher.candidates else None

    @api.model
    def _link_identities(self, vals_list):
        """Known authors: the identity (platform + handle) of the mention's company, or one
        shared by every company, and its contact when that contact belongs to the company
        too; in one query, by the identities' own matcher. Another company's people are
        never linked; nobody new is made here (that is for the card)."""
        identities = self.env["social.identity"]._find_by_handles(
            [(v["platform"], v["author_handle"], v["company_id"]) for v in vals_list]
        )
        for vals, identity in zip(vals_list, identities, strict=True):
            if identity:
                vals["identity_id"] = identity.id
                vals["partner_id"] = identity.partner_id._social_of_company(vals["company_id"]).id

    @api.model
    def _create_idempotent(self, vals_list):
        """Create the mentions; a row inserted meanwhile by another worker (unique
        connector + external id) is skipped, never duplicated, never fatal."""
        if not vals_list:
            return self
        # The matched rules are linked in one statement after the insert: going through the
        # many2many's commands costs a quarter of the insert time at this volume.
        matched = {v["external_id"]: (v.pop("rule_ids", None) or []) for v in vals_list}
        files = {v["external_id"]: v.pop("_attachments", None) or [] for v in vals_list}
        try:
            with self.env.cr.savepoint():
                created = self.create(vals_list)
        except psycopg2.IntegrityError:
            _logger.info("Concurrent insert of mentions: retrying one by one")
            created = self
            for vals in vals_list:
                try:
                    with self.env.cr.savepoint():
                        created |= self.create(vals)
                except psycopg2.errors.UniqueViolation:
                    continue  # stored meanwhile by another worker; any other refusal is raised
        created._link_rules(matched)
        created._attach_files(files)
        return created

    def _attach_files(self, files):
        """Keep the files that came with each item (``files``: external id -> ``[{"name",
        "raw", "mimetype"}]``) on its mention, in one batch, until its card takes them."""
        values = [
            {"name": (f.get("name") or "attachment")[:255], "raw": f.get("raw") or b"",
             "mimetype": f.get("mimetype") or "application/octet-stream",
             "res_model": self._name, "res_id": mention.id}
            for mention in self
            for f in files.get(mention.external_id, ())
        ]  # fmt: skip
        if values:
            # sudo: the files came with the items the connector just stored; they are read
            # through their mention, whose own access rules apply
            self.env["ir.attachment"].sudo().create(values)

    def _attached_files(self):
        """The mentions' files as items carry them: mention id -> ``[{"name", "raw",
        "mimetype"}]``, read in one query."""
        if not self:
            return {}
        # sudo: the files of mentions this user reads (the caller holds them), to hand to
        # their cards
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], order="id"
        )
        files = {}
        for attachment in attachments:
            files.setdefault(attachment.res_id, []).append(
                {"name": attachment.name, "raw": attachment.raw, "mimetype": attachment.mimetype}
            )
        return files

    def _link_rules(self, matched):
        """Link each mention to its rules (``matched``: external id -> rule ids)."""
        mention_ids, rule_ids = [], []
        for mention in self:
            for rule_id in matched.get(mention.external_id, ()):
                mention_ids.append(mention.id)
                rule_ids.append(rule_id)
        if not mention_ids:
            return
        self.env.cr.execute(
            SQL(
                """INSERT INTO social_mention_rule_rel (mention_id, rule_id)
                   SELECT * FROM unnest(%s::int[], %s::int[])
                   ON CONFLICT DO NOTHING""",
                mention_ids,
                rule_ids,
            )
        )
        self.invalidate_recordset(["rule_ids"])

    # ------------------------------------------------------------------ triage

    def _triage(self):
        """Mentions that match their connector's triage rules become interest cards."""
        for connector in self.connector_id:
            mine = self.filtered(lambda m, c=connector: m.connector_id == c and m.state == "new")
            # a direct message or a review of the business is addressed to the company:
            # always a card (a review is the business's face on the internet)
            chosen = mine.filtered(
                lambda m, c=connector: m.action_type in ("message", "review")
                or (c.triage_question and m.is_question)
                or (c.triage_negative and m.sentiment == "negative")
                or (c.triage_product and m.product_tmpl_id)
                or (c.triage_known_customer and m.partner_id)
            )
            chosen._create_cards()

    def _create_cards(self):
        """The mentions' interest cards, made by the card's one road in (``_ingest``): the
        mention is the item, the connector says the source, team and company, and what
        listening already worked out (language, sentiment, product, a known author) is not
        worked out again."""
        if not self:
            return self.env["social.interest"]
        files = self._attached_files()
        arrivals = self.env["social.interest"]._ingest(
            [mention._interest_item(files.get(mention.id)) for mention in self],
            values=[mention._interest_values() for mention in self],
        )
        for mention, arrival in zip(self, arrivals, strict=True):
            if arrival.card:
                values = {"interest_id": arrival.card.id, "state": "card"}
                if not mention.identity_id:  # the author the card resolved
                    values["identity_id"] = arrival.card.identity_id.id
                    values["partner_id"] = arrival.card.partner_id.id
                # sudo: the card link is a system field (see USER_FIELDS); the card was just
                # made (or found) for this mention by this user or the triage
                mention.sudo().write(values)
                mention._record_platform_reply()
            else:
                _logger.warning("Mention %s made no card: %s", mention.id, arrival.reason)
        return self.env["social.interest"].browse([a.card.id for a in arrivals if a.card])

    def _interest_item(self, files=None):
        """The mention as an item of the one road in, with its ``files``."""
        self.ensure_one()
        connector = self.connector_id
        action = self.action_type or (
            "question" if self.is_question else get_kind(connector.kind).action_type
        )
        return InterestData(
            platform=self.platform,
            action_type=action,
            # unique per source: the connector keeps external ids apart
            external_id=f"{connector.id}:{self.external_id}",
            source_url=self.url or "",
            interest_date=self.posted_at,
            title=self.title or "",
            body=self.body or "",
            rating=self.rating,
            lang=self.lang or "",
            author_name=self.author_name or "",
            author_handle=self.author_handle or "",
            author_phone=self.author_phone or "",
            author_url=self.author_url or "",
            author_image_url=self.author_image_url or "",
            author_followers=self.author_followers,
            extra={"attachments": files or []},
        )

    def _update_card(self, before):
        """The card follows its item's edit (words, stars, their sentiment); what it said
        before stays in a note."""
        self.ensure_one()
        card = self.interest_id
        # sudo: the card's words and stars are what the person now says on the platform
        card.sudo().write({"body": self.body, "rating": self.rating, "sentiment": self.sentiment})
        card.sudo().message_post(
            body=Markup("%s<br/>%s") % (self.env._("Edited by its author. It said:"), before),
            subtype_xmlid="mail.mt_note",
        )
        self._record_platform_reply()

    def _record_platform_reply(self):
        """The account's answer already on the platform (a review's owner reply) is the
        card's reply: the card is Replied, and no second answer is posted over it."""
        self.ensure_one()
        card = self.interest_id
        if not (card and self.platform_reply_date) or card.reply_date:
            return
        values = {
            "reply_external_id": f"{self.external_id}/reply",
            "reply_text": self.platform_reply,
            "reply_date": self.platform_reply_date,
            "first_response_date": card.first_response_date or self.platform_reply_date,
        }
        if card.source_id.reply_marks_processed:
            values["processed"] = True
        # sudo: the reply's proof and dates are system fields, set from the platform's answer
        card.sudo().write(values)
        card.sudo().message_post(
            body=Markup("%s<br/>%s")
            % (self.env._("Already answered on the platform:"), self.platform_reply or ""),
            subtype_xmlid="mail.mt_note",
        )

    def _interest_values(self):
        """What the connector and the mention's analysis already decided for the card."""
        self.ensure_one()
        connector = self.connector_id
        values = {
            "source_id": connector.source_id.id,
            "team_id": connector.team_id.id,
            "company_id": connector.company_id.id,
            "sentiment": self.sentiment,
        }
        if self.product_tmpl_id:
            values["product_tmpl_id"] = self.product_tmpl_id.id
        if self.identity_id:
            values["identity_id"] = self.identity_id.id
            values["partner_id"] = self.partner_id.id
        return values
