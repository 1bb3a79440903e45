import base64
import logging
from datetime import datetime

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import email_normalize, parse_contact_from_email
from odoo.tools.image import image_process

from ..lib.gateway_reading import ORIGINAL_NAME, READING_KEY, GatewayReading
from ..lib.http import FetchError, dns_resolver, dns_server_resolver, fetch_image
from ..lib.identity import interaction_key
from ..lib.interest_data import InterestData
from ..lib.lang import warm_up
from ..lib.sentiment import card_sentiment
from ..lib.urls import safe_http_url
from ..parsing import (
    Notification,
    classify_message,
    parse_notification,
    spam_verdict,
    spamd,
)
from ..parsing.authenticity import UNVERIFIED, VERIFIED, check_platform_mail
from ..parsing.classify import SPAM_SCORE
from ..parsing.message import headers_of
from ..parsing.platforms import sent_from_platform_domain

_logger = logging.getLogger(__name__)

# values of the parser that are not fields of the card
PARSER_ONLY_KEYS = ("product_name", "page", "title")
# the longest URL a card keeps; a longer photo URL is not fetched (no platform makes one)
MAX_URL = 2000


class SocialInterest(models.Model):
    """The card's mail gateway.

    Every notification, form or customer e-mail that reaches the alias or a fetchmail server
    pointed at this model arrives here (see models/mail_thread.py for the hook that refuses
    bounces, auto-replies and our own mail before a card is made).
    """

    # one concern per file of the same model, as Odoo's mail splits mail.thread
    _inherit = "social.interest"  # pylint: disable=consider-merging-classes-inherited

    parse_rule_id = fields.Many2one(
        "social.interest.parse.rule",
        string="Parsing rule",
        readonly=True,
        copy=False,
        help="The rule that read the notification; empty when the fallback did.",
    )
    read_by = fields.Selection(
        [
            ("rule", "A parsing rule"),
            ("reader", "The general reader"),
            ("fallback", "A person's e-mail"),
        ],
        string="Read by",
        readonly=True,
        copy=False,
        help="Which layer of the mail gateway read the notification: a parsing rule (on top of "
        "the general reader), the general reader alone (any wording of a known platform), or "
        "neither (an e-mail of a person, read as a question).",
    )
    reading_trace = fields.Text(
        string="How it was read",
        readonly=True,
        copy=False,
        help="What each layer of the mail gateway recognised in the notification.",
    )
    sender_check = fields.Selection(
        [(VERIFIED, "Verified"), (UNVERIFIED, "Unverified")],
        string="Sender check",
        readonly=True,
        copy=False,
        help="For a notification that claims a platform's address: whether the mail was "
        "shown to come from it. An unverified card is never linked to a known person nor "
        "answered automatically.",
    )
    sender_check_note = fields.Char(string="How the sender was checked", readonly=True)
    spam_reason = fields.Char(
        string="Judged spam",
        readonly=True,
        copy=False,
        help="Why the receiving mail server judged the e-mail spam: the card arrived in "
        "Ignored / spam. Reopen it if it is not.",
    )
    gateway_error = fields.Text(
        string="Reading problems",
        readonly=True,
        copy=False,
        help="What the mail gateway could not read in the notification (the original is "
        "attached to the card).",
    )

    def _register_hook(self):
        # every worker loads the language models once, at start, rather than making the
        # first e-mail it reads wait for them
        warm_up()
        return super()._register_hook()

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Make the card(s) of one e-mail; return the card the e-mail is logged on.

        A notification about an item that already has a card returns that card (the e-mail is
        then logged on it); a digest makes one card per item. Whatever the parser cannot read
        still gives a card, with the problem written on it: the mail is never lost.

        The routing hook (models/mail_thread.py) has already read the e-mail and hands its
        :class:`GatewayReading` in ``custom_values`` under ``READING_KEY``; a direct call
        without one (another module, a test) gets the same reading here, without the
        e-mail's headers.

        ``mail.thread.message_new`` is not called: it creates exactly one record named after
        the subject, whereas an e-mail here gives one card per item of a digest, or returns
        the card that already exists for the item, and a card's name is computed from its
        author, action and platform.
        """
        custom_values = dict(custom_values or {})
        reading = custom_values.pop(READING_KEY, None) or self._gateway_read(msg_dict)
        cards_values = self._gateway_cards_values(msg_dict, reading)
        first = self.browse()
        for index, values in enumerate(cards_values):
            values.update(custom_values)
            self._gateway_complete_values(values)
            card = self._gateway_find_existing(values, single=len(cards_values) == 1)
            known = bool(card)
            if not card:
                # the e-mail itself is logged on the card next: no "card created" note before
                card = self.with_context(
                    mail_create_nolog=True, social_interest_arrival=True
                ).create(self._gateway_create_values(values))
                card._gateway_after_create(values)
            if index == 0:
                first = card  # the gateway logs the e-mail (and its original) on this one
            else:
                card._gateway_attach_original(reading, known=known)
        return first

    def message_update(self, msg_dict, update_vals=None):
        """A reply in the thread of a card: logged by the gateway; a closed card reopens."""
        result = super().message_update(msg_dict, update_vals=update_vals)
        author = email_normalize(msg_dict.get("email_from") or "")
        for card in self:
            if card.state in ("processed", "ignored") and author and author == card._reply_email():
                card.action_reset()
        return result

    def action_try_rules(self):
        """Open the rule-trying wizard on the e-mail this card was read from."""
        self.ensure_one()
        original = self.env["ir.attachment"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("name", "=", ORIGINAL_NAME),
            ],
            limit=1,
        )
        if not original:
            raise UserError(self.env._("This card keeps no original e-mail to read again."))
        wizard = self.env["social.interest.parse.rule.test"].create(
            {"eml_file": original.datas, "eml_filename": ORIGINAL_NAME, "card_id": self.id}
        )
        return wizard.action_read()

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        # Platforms send every notification from one address: Odoo's "too many records from
        # one sender" guard would drop real interest after twenty of them. Loops are caught by
        # the gateway's auto-reply and own-address checks instead.
        return []

    @api.model
    def _gateway_read(self, msg_dict, message=None, original=None):
        """Read one incoming e-mail: parse it and decide whether it is refused.

        The one reading of an e-mail: the routing hook calls it before ``message_new`` (with
        the parsed e-mail, for its headers, and the bytes as received); the rule-trying wizard
        calls it too. Never raises: a failure is written in the reading's ``error``.

        :param message: the ``email.message.Message``, when there is one
        :param original: the e-mail as received (bytes), else written back from ``message``
        :rtype: GatewayReading
        """
        if original is None and message is not None:
            original = _original_bytes(message)
        try:
            headers = headers_of(message) if message is not None else {}
            notification = self._gateway_notification(msg_dict, headers)
            result = parse_notification(notification, self._gateway_rules())
            if result.timed_out:
                self.env["social.interest.parse.rule.timeout"]._gateway_note(
                    result.timed_out, msg_dict.get("message_id"), result.errors
                )
            # a rep forwarding a notification from their mailbox is not our own mail coming
            # back: the own-address check is for the e-mails the gateway reads as they came;
            # a platform's own domain is never one of ours (no lookup for most mails)
            ours_possible = not result.forwarded_by and not sent_from_platform_domain(
                notification.sender_email
            )
            refusal = classify_message(
                headers,
                notification.sender_email,
                notification.subject,
                own_addresses=self._gateway_own_addresses(notification.sender_email)
                if ours_possible
                else (),
                machine_ok=result.recognised,
            )
        except Exception as error:  # an unreadable mail must still become a card
            _logger.warning(
                "Mail gateway could not read %s", msg_dict.get("message_id"), exc_info=True
            )
            return GatewayReading(
                message_id=msg_dict.get("message_id") or "",
                error=f"{type(error).__name__}: {error}",
                original=original,
            )
        return GatewayReading(
            message_id=msg_dict.get("message_id") or "",
            result=result,
            refusal=refusal or ("rule" if result.ignored else False),
            original=original,
            spam=spam_verdict(headers, self._gateway_spam_threshold())
            or self._gateway_spamd_verdict(original),
            **self._gateway_authenticity(message, original, notification, result),
        )

    @api.model
    def _gateway_authenticity(self, message, original, notification, result):
        """Whether a mail that claims a platform's address comes from it (see
        ``parsing/authenticity.py``); a notification a colleague forwarded is theirs."""
        if result.forwarded_by:
            # sudo: only tells whether the forwarding address is one of our internal users
            colleague = (
                self.env["res.users"]
                .sudo()
                .search_count(
                    [("email_normalized", "=", result.forwarded_by), ("share", "=", False)],
                    limit=1,
                )
            )
            if colleague:
                return {
                    "authenticity": VERIFIED,
                    "authenticity_note": f"forwarded by {result.forwarded_by}",
                }
        # sudo: configuration of the gateway, read for every incoming e-mail
        config = self.env["ir.config_parameter"].sudo()
        trusted = {
            server.strip().lower()
            for server in (config.get_param("social_interest.trusted_mail_servers") or "").split(
                ","
            )
            if server.strip()
        }
        results = (
            [str(value) for value in (message.get_all("Authentication-Results") or [])]
            if message is not None
            else []
        )
        verdict, note = check_platform_mail(
            original,
            notification.sender_email,
            results,
            trusted,
            dnsfunc=_dnsfunc(config.get_param("social_interest.dns_server")),
        )
        return {"authenticity": verdict, "authenticity_note": note}

    @api.model
    def _gateway_spamd_verdict(self, original):
        """Why SpamAssassin's spamd (when an admin named one) judges the e-mail spam, or "".

        Asked for every e-mail the receiving server did not already judge spam: a "not spam"
        header in the e-mail itself may be the sender's own. When spamd cannot answer, the
        e-mail goes on to the queue (a filter that is down must not lose interest).
        """
        # sudo: configuration of the gateway, read for every incoming e-mail
        address = self.env["ir.config_parameter"].sudo().get_param("social_interest.spamd")
        if not address or not original:
            return ""
        try:
            scored = spamd.score(original, address)
        except spamd.SpamdError as exc:
            _logger.warning("Mail gateway: no spam score: %s", exc)
            return ""
        if scored is None:
            return ""
        value, _spamd_threshold = scored
        threshold = self._gateway_spam_threshold()
        if value >= threshold:
            return f"SpamAssassin: {value:g} (threshold {threshold:g})"
        return ""

    @api.model
    def _gateway_spam_threshold(self):
        # sudo: a number of the gateway's configuration, read for every incoming e-mail
        value = self.env["ir.config_parameter"].sudo().get_param("social_interest.spam_score")
        try:
            return float(value) if value else SPAM_SCORE
        except ValueError:
            return SPAM_SCORE

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
    def _gateway_items(self, msg_dict, reading):
        """What the e-mail yields, one item per card; the fallback item when reading failed."""
        items = list(reading.result.cards) if reading.result else []
        return items or [self._gateway_unreadable_item(msg_dict)]

    @api.model
    def _gateway_cards_values(self, msg_dict, reading):
        """Values of each card of the e-mail: its item, and how the e-mail was read."""
        result, error = reading.result, reading.error
        errors = ([error] if error else []) + list(result.errors if result else [])
        cards = []
        for item in self._gateway_items(msg_dict, reading):
            values = item.as_dict()
            values["parse_rule_id"] = result.rule.id if result and result.rule else False
            values["read_by"] = (result.read_by if result else "") or False
            values["reading_trace"] = "\n".join(result.trace) if result else False
            values["message_id"] = msg_dict.get("message_id") or False
            values["gateway_error"] = "\n".join(errors) or False
            values["sender_check"] = reading.authenticity or False
            values["sender_check_note"] = reading.authenticity_note or False
            if reading.spam:
                # put aside, visible under Ignored / spam and restorable; never in the queue
                values["state"] = "ignored"
                values["spam_reason"] = reading.spam
            if not values.get("interest_date"):
                values["interest_date"] = msg_dict.get("date") or fields.Datetime.now()
            cards.append(values)
        return cards

    @api.model
    def _gateway_unreadable_item(self, msg_dict):
        name, address = parse_contact_from_email(msg_dict.get("email_from") or "")
        return InterestData(
            platform="email",
            action_type="question",
            author_name=name or address or "",
            author_email=email_normalize(address or "") or "",
            body=msg_dict.get("subject") or "",
        )

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
        if not values.get("sentiment"):
            values["sentiment"] = card_sentiment(
                values.get("body") or "",
                values.get("lang"),
                values.get("action_type"),
                values.get("rating"),
            )

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
        return (
            self.env["product.template"]
            ._social_product_matcher()
            .match(
                product_name=values.get("product_name") or "",
                texts=[t for t in texts if t],
                urls=[u for u in urls if u],
            )
        )

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
        # sudo: the gateway matches e-mails to the sources of every company it serves
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
            same_item = [("external_id", "=", values["external_id"])]
            person = interaction_key(
                values.get("action_type"),
                values.get("author_handle"),
                values.get("author_url"),
                values.get("author_name"),
            )
            if person:
                # a like, share or follow: the item is ours, the card is the person's
                same_item.append(("interaction_key", "=", person))
            keys.append(expression.AND([same_item, same_place]))
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
        unverified = values.get("sender_check") == UNVERIFIED
        # a notification that may be forged names whoever its author chose: it is never
        # linked to a known person (nor makes one), its author stays text on the card
        identity = self.env["social.identity"]
        if not unverified:
            identity = identity._match_for_ingestion(
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
        elif values.get("author_email") and not unverified:
            vals.setdefault(
                "partner_id",
                self.env["social.identity"]
                ._partner_for_ingestion(
                    values.get("author_name"), values["author_email"], values.get("author_phone")
                )
                .id,
            )
        if len(vals.get("author_image_url") or "") > MAX_URL:
            # no photo of a URL no platform makes: it is neither fetched nor kept
            vals["author_image_url"] = False
        for key in ("source_url", "author_url", "author_image_url"):
            if vals.get(key) and (len(vals[key]) > MAX_URL or not safe_http_url(vals[key])):
                # kept as text for the record (an unsafe one never a link: see
                # _compute_*_link)
                vals[key] = vals[key][:MAX_URL]
        return vals

    def _gateway_after_create(self, values):
        """The author's audience and photo; a photo that fails only leaves it empty."""
        self.ensure_one()
        followers = values.get("author_followers") or 0
        if self.identity_id and followers > self.identity_id.followers:
            # the largest audience seen: a notification shows it, never a person's words
            self.identity_id.followers = followers
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
                resolve=dns_resolver(params.get_param("social_interest.dns_server")),
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

    def _gateway_attach_original(self, reading, known=False):
        """Log a digest on one of its other cards, with a copy of the original e-mail."""
        self.ensure_one()
        attachments = self.env["ir.attachment"]
        if reading.original:
            attachments = attachments.create(
                {
                    "name": ORIGINAL_NAME,
                    "raw": reading.original,
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
        # stored fields only, the addresses composed as mail.alias.domain computes them:
        # this runs for every incoming e-mail
        alias_domains = (
            self.env["mail.alias.domain"]
            .sudo()
            .search_fetch([], ["name", "bounce_alias", "catchall_alias", "default_from"])
        )
        for domain in alias_domains:
            own.update(
                f"{alias}@{domain.name}"
                for alias in (domain.bounce_alias, domain.catchall_alias)
                if alias
            )
            if domain.default_from:
                own.add(
                    domain.default_from
                    if "@" in domain.default_from
                    else f"{domain.default_from}@{domain.name}"
                )
        # sudo: the companies' own addresses, only to recognise them; nothing is shown
        own.update(self.env["res.company"].sudo().search_fetch([], ["email"]).mapped("email"))
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


def _dnsfunc(server):
    """A DKIM key lookup through ``server`` ("host:port"), or None for the system's."""
    if not server:
        return None
    resolver = dns_server_resolver(server)

    def lookup(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        try:
            answer = resolver.resolve(name, "TXT", lifetime=timeout)
        except Exception:  # no key: the signature does not verify
            return None
        return b"".join(b"".join(record.strings) for record in answer[:1])

    return lookup
