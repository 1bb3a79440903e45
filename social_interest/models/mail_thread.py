import codecs
import logging
from xmlrpc import client as xmlrpclib

from odoo import api, models

_logger = logging.getLogger(__name__)

INTEREST_MODEL = "social.interest"


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
        # keep the e-mail exactly as received, for the card's original_email.eml
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
        """Read a mail whose charset Python does not know as UTF-8 rather than fail.

        Odoo's parser raises on an unknown charset, and the mail is then never delivered to
        any model; decoding it as UTF-8 (bad bytes replaced) keeps what can be read. Mails
        that parse today are untouched.
        """
        try:
            return super().message_parse(message, save_original=save_original)
        except (LookupError, UnicodeError) as error:
            if not _repair_charsets(message):
                raise
            _logger.warning(
                "Mail %s has an unknown charset (%s): read as UTF-8",
                message.get("Message-Id"),
                error,
            )
            return super().message_parse(message, save_original=save_original)

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        if not any(route[0] == INTEREST_MODEL for route in routes or ()):
            return super()._message_route_process(message, message_dict, routes)
        gateway = self.env[INTEREST_MODEL]._gateway_prepare(message, message_dict)
        if gateway["refusal"]:
            kept = [r for r in routes if r[0] != INTEREST_MODEL or r[1]]
            _logger.info(
                "Mail gateway: no card for %s from %s (%s)",
                message_dict.get("message_id"),
                message_dict.get("email_from"),
                gateway["refusal"],
            )
            if not kept:
                return False
            routes = kept
        attachments = message_dict.setdefault("attachments", [])
        if gateway["original"] and not any(
            attachment[0] == "original_email.eml" for attachment in attachments
        ):
            attachments.append(self._Attachment("original_email.eml", gateway["original"], {}))
        return super(
            MailThread, self.with_context(social_interest_gateway=gateway)
        )._message_route_process(message, message_dict, routes)


def _repair_charsets(message):
    """Relabel the text parts whose charset is unknown as UTF-8; True if any was."""
    repaired = False
    for part in message.walk():
        charset = part.get_param("charset")
        if not charset or part.is_multipart():
            continue
        try:
            codecs.lookup(str(charset))
        except LookupError:
            part.set_param("charset", "utf-8")
            repaired = True
    return repaired
