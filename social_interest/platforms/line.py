"""LINE (a LINE Official Account answered through the Messaging API).

What people say to the account is private: one-to-one chats, or the groups and rooms the
account was invited to. A person is known by the ``userId`` LINE gives the account
(``U`` and 32 hexadecimal digits, unique per provider): it is an opaque id, compared as
LINE sends it (never lower-cased). A text message is 5,000 characters at most, counted in
UTF-16 code units as the Messaging API counts them (developers.line.biz, "Character
counting in a text": an emoji outside the Basic Multilingual Plane counts 2).
"""

from . import register
from .base import Platform


@register
class Line(Platform):
    code = "line"
    label = "LINE"
    icon = "fa-commenting"
    sequence = 152
    mail_specs = ()  # LINE sends the account no notification e-mails to read
    utm_medium = "Chat"
    private = True
    default_reply_limit = 5000
    connector_kinds = ("line",)
    reply_writer = "line"

    def normalize_handle(self, handle):
        """The userId as LINE sends it: case-sensitive, only spaces and ``@`` removed."""
        return self.bare_handle(handle)

    def reply_count(self, text):
        """UTF-16 code units, as LINE counts a text message's length."""
        return len((text or "").encode("utf-16-le")) // 2
