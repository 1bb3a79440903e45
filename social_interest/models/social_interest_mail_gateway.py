import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize, parse_contact_from_email

from ..lib.gateway_reading import ORIGINAL_NAME, GatewayReading
from ..lib.http import configured_dns_server, txt_lookup
from ..lib.interest_data import InterestData
from ..lib.lang import warm_up
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


class SocialInterestMailGateway(models.AbstractModel):
    """The card's mail gateway.

    Every notification, form or customer e-mail that reaches the alias or a fetchmail server
    pointed at this model arrives here (see models/mail_thread.py for the hook that refuses
    bounces, auto-replies and our own mail before a card is made).
    """

    # an abstract mixin of the card, as mail.thread.cc is of the models that take it
    _name = "social.interest.mail.gateway"
    _description = "Social interest mail gateway"
    _inherit = ["mail.thread"]

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

        The routing hook (models/mail_thread.py) has already read the e-mail: the route's
        ``custom_values`` are then a :class:`RouteValues`, the alias's values with the
        :class:`GatewayReading` as their ``reading``; a direct call without one (another
        module, a test) gets the same reading here, without the e-mail's headers. The
        cards themselves are made by the one road in, ``social.interest._ingest``.

        ``mail.thread.message_new`` is not called: it creates exactly one record named after
        the subject, whereas an e-mail here gives one card per item of a digest, or returns
        the card that already exists for the item, and a card's name is computed from its
        author, action and platform.
        """
        reading = getattr(custom_values, "reading", None) or self._gateway_read(msg_dict)
        items = self._gateway_items(msg_dict, reading)
        values = self._gateway_cards_values(msg_dict, reading, items, dict(custom_values or {}))
        results = self.env["social.interest"]._ingest(
            items, values=values, match_message_id=len(items) == 1
        )
        if not results[0].card:  # an item the card could not take: the mail is not lost
            values[0]["gateway_error"] = "\n".join(
                filter(None, [values[0].get("gateway_error"), results[0].reason])
            )
            results[:1] = self.env["social.interest"]._ingest(
                [self._gateway_unreadable_item(msg_dict)], values=values[:1]
            )
        # the gateway logs the e-mail (and its original) on the first card; the other cards
        # of a digest get a note with a copy of the original
        for result in results[1:]:
            result.card._gateway_attach_original(reading, known=not result.created)
        return results[0].card

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
            dnsfunc=txt_lookup(configured_dns_server(self.env)),
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
    def _gateway_cards_values(self, msg_dict, reading, items, custom_values):
        """What the gateway decided for each card of the e-mail (see ``_ingest``): how the
        e-mail was read, its Message-Id, the sender check, the alias's defaults."""
        result, error = reading.result, reading.error
        errors = ([error] if error else []) + list(result.errors if result else [])
        cards = []
        for item in items:
            values = dict(custom_values)
            values["parse_rule_id"] = result.rule.id if result and result.rule else False
            rule_source = (
                self.env["social.interest.parse.rule"]
                .browse(values["parse_rule_id"] or [])
                .source_id
            )
            if rule_source:
                values.setdefault("source_id", rule_source.id)
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
            if not item.interest_date:
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
