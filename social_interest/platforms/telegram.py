"""Telegram (a bot of the company answered through the Bot API).

People write to the company's bot in a private chat, address it in a group (a mention of
its @username, a reply to its message, a /command) or post in a channel it belongs to.
The platform is private: what a person says to a bot reaches the company alone, and a
group's or private channel's messages are read by its members only. Each item still says
what it is (social_listening's ``telegram`` kind): a private chat is a ``message``
(always a card), a group message that addresses the bot a ``mention`` (a ``comment``
when it answers the bot's own message), a channel post a ``mention``.

A person is known by their username, unique regardless of case (lower-cased, without
``@``); a user without a username by the numeric user id Telegram gives, kept as it is.
A text message is 1 to 4,096 characters (Bot API, ``sendMessage``): counted here in
UTF-16 code units, the unit the Bot API counts message text in (``MessageEntity``
offsets), which is never less than the characters counted by any other unit, so that an
answer the composer lets through is never refused as too long.
"""

from . import register
from .base import Platform


@register
class Telegram(Platform):
    code = "telegram"
    label = "Telegram"
    icon = "fa-telegram"
    sequence = 154
    mail_specs = ()  # Telegram sends a bot's owner no notification e-mails to read
    utm_medium = "Chat"  # utm_source: the label
    private = True
    default_reply_limit = 4096
    connector_kinds = ("telegram",)
    reply_writer = "telegram"

    def normalize_handle(self, handle):
        """The username without ``@``, lower-cased; a numeric user id stays as it is."""
        return self.bare_handle(handle).lower()

    def reply_count(self, text):
        """UTF-16 code units (an emoji outside the Basic Multilingual Plane counts 2)."""
        return len((text or "").encode("utf-16-le")) // 2
