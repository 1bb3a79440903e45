"""WhatsApp (WhatsApp Business Platform, Cloud API): private by nature.

A person is their WhatsApp id, ``wa_id``: their phone number in international form
without ``+`` (``819012345678``). Whatever way a number is written (``+81 90-1234-5678``,
``(81) 90 1234 5678``) it is kept as its digits only, so that one number is one identity; a
handle that is not a number (none from WhatsApp itself) keeps the default form. The person's
contact is found by that number (``social.identity``, E.164 through ``phonenumbers``).

A reply is a text message: its ``text.body`` takes 4096 characters, counted as code points
(an emoji with modifiers counts each of its parts: the stricter reading of Meta's limit).
"""

import re

from . import register
from .base import Platform

# digits with the separators people write numbers with, and at least 6 digits
_PHONE = re.compile(r"^\+?[\d\s().-]+$")
_NOT_DIGIT = re.compile(r"\D")


@register
class WhatsApp(Platform):
    code = "whatsapp"
    label = "WhatsApp"
    icon = "fa-whatsapp"
    sequence = 145
    utm_medium = "Chat"
    private = True
    connector_kinds = ("whatsapp",)
    reply_writer = "whatsapp"
    default_reply_limit = 4096

    def normalize_handle(self, handle):
        bare = self.bare_handle(handle)
        digits = _NOT_DIGIT.sub("", bare)
        if _PHONE.match(bare) and len(digits) >= 6:
            return digits
        return bare.lower()

    def reply_count(self, text):
        return len(text or "")
