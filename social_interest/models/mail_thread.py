import logging

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
