import codecs
import logging
from xmlrpc import client as xmlrpclib

from markupsafe import Markup

from odoo import api, models

from ..lib.gateway_reading import ORIGINAL_NAME, RouteValues
from ..lib.interest_data import storable

_logger = logging.getLogger(__name__)

INTEREST_MODEL = "social.interest"
MAX_LOGGED_BODY = 500_000  # characters of an e-mail's body logged on a card and read
MAX_LOGGED_ATTACHMENTS = 100  # files of an e-mail logged on a card


class MailThread(models.AbstractModel):
    """Mail gateway of social interest: the one hook it needs before routing.

    Odoo routes an incoming e-mail, then calls ``message_new`` of the target model; that
    method must return a record, so "make no card" can only be decided here, where the routes
    are. For routes to ``social.interest`` this hook reads the e-mail once, drops the routes
    that would create a card from a bounce, an auto-reply or our own mail, and keeps the
    original e-mail as an attachment of the message logged on the card.
    """

    _inherit = "mail.thread"

    @api.model
    def message_process(
        self,
        model,
        message,
        custom_values=None,
        save_original=False,
        strip_attachments=False,
        thread_id=None,
    ):
        # Keep the e-mail exactly as received, for the card's original_email.eml. Odoo turns
        # the bytes into an email.message.Message here and hands only that object down to
        # routing, so the context is the one way the bytes can reach _message_route_process;
        # from there on, they travel as data in the gateway's reading.
        raw = message.data if isinstance(message, xmlrpclib.Binary) else message
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if isinstance(raw, bytes):
            self = self.with_context(social_interest_raw=raw)
        return super().message_process(
            model,
            message,
            custom_values=custom_values,
            save_original=save_original,
            strip_attachments=strip_attachments,
            thread_id=thread_id,
        )

    @api.model
    def message_parse(self, message, save_original=False):
        """Read a mail whose charset Python does not know as UTF-8 rather than fail, and
        keep only text PostgreSQL can store.

        Odoo's parser raises on an unknown charset (or a codec that is not a text encoding,
        such as ``hex_codec``), and the mail is then never delivered to any model; decoding
        it as UTF-8 (bad bytes replaced) keeps what can be read. A NUL character or a lone
        surrogate (undecodable bytes in a header) would make the database refuse the whole
        mail: they are dropped / replaced. Mails that parse today are untouched.
        """
        try:
            msg_dict = super().message_parse(message, save_original=save_original)
        except (LookupError, UnicodeError) as error:
            if not _repair_charsets(message):
                raise
            _logger.warning(
                "Mail %s has an unknown charset (%s): read as UTF-8",
                message.get("Message-Id"),
                error,
            )
            msg_dict = super().message_parse(message, save_original=save_original)
        return _storable(msg_dict)

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        if not any(route[0] == INTEREST_MODEL for route in routes or ()):
            return super()._message_route_process(message, message_dict, routes)
        # A notification is a few kilobytes: the chatter and the reader get the first half
        # megabyte of a huge body and the first hundred attachments; the whole e-mail stays
        # in the attached original.
        body = message_dict.get("body") or ""
        files = message_dict.get("attachments") or []
        if len(body) > MAX_LOGGED_BODY or len(files) > MAX_LOGGED_ATTACHMENTS:
            message_dict["body"] = Markup(body[:MAX_LOGGED_BODY]) + Markup(
                "<p><i>%s</i></p>"
            ) % self.env._("The rest of this e-mail is in its original, attached.")
            message_dict["attachments"] = files[:MAX_LOGGED_ATTACHMENTS]
        reading = self.env[INTEREST_MODEL]._gateway_read(
            message_dict, message=message, original=self.env.context.get("social_interest_raw")
        )
        if reading.refusal:
            kept = [r for r in routes if r[0] != INTEREST_MODEL or r[1]]
            _logger.info(
                "Mail gateway: no card for %s from %s (%s)",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
                reading.refusal,
            )
            if not kept:
                return False
            routes = kept
        attachments = message_dict.setdefault("attachments", [])
        if reading.original and not any(
            attachment[0] == ORIGINAL_NAME for attachment in attachments
        ):
            attachments.append(self._Attachment(ORIGINAL_NAME, reading.original, {}))
        # the reading reaches message_new as data, with the values of the routes that make
        # a card (see RouteValues); a reply to a card (a route with a thread) needs none
        routes = [
            (model, thread_id, RouteValues(values, reading), *rest)
            if model == INTEREST_MODEL and not thread_id
            else (model, thread_id, values, *rest)
            for model, thread_id, values, *rest in routes
        ]
        return super()._message_route_process(message, message_dict, routes)


def _repair_charsets(message):
    """Relabel the text parts whose charset is unknown, or no text encoding, as UTF-8; True
    if any was."""
    repaired = False
    for part in message.walk():
        charset = part.get_param("charset")
        if not charset or part.is_multipart():
            continue
        try:
            text_encoding = codecs.lookup(str(charset))._is_text_encoding
        except LookupError:
            text_encoding = False
        if not text_encoding:
            part.set_param("charset", "utf-8")
            repaired = True
    return repaired


def _storable(msg_dict):
    for key, value in msg_dict.items():
        if isinstance(value, str):
            msg_dict[key] = storable(value)
    attachments = msg_dict.get("attachments") or []
    for index, attachment in enumerate(attachments):
        if attachment and isinstance(attachment[0], str):
            name = storable(attachment[0])
            if hasattr(attachment, "_replace"):
                attachments[index] = attachment._replace(fname=name)
            else:
                attachments[index] = (name, *attachment[1:])
    return msg_dict
