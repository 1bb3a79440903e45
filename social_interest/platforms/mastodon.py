"""Mastodon (and the fediverse servers that speak its API).

An account is ``user`` on its instance and ``user@instance`` elsewhere; both parts are
case-insensitive: ``user@instance`` lower-cased, the leading ``@`` removed. A reply is 500
characters unless the instance says otherwise; a link counts as 23 characters (the
instance's ``characters_reserved_per_url``) and a mention of another instance's account as
its username only, as Mastodon counts them.
"""

import re

from . import register
from .base import Platform, graphemes

_URL = re.compile(r"https?://\S+")
_MENTION = re.compile(r"(?<![\w/])@(\w+)@[\w.-]+\w")
URL_LENGTH = 23


@register
class Mastodon(Platform):
    code = "mastodon"
    label = "Mastodon"
    icon = "fa-comments"
    sequence = 80
    connector_kinds = ("mastodon",)
    reply_writer = "mastodon"
    default_reply_limit = 500

    def reply_count(self, text, url_length=None):
        """``url_length``: what a link counts on the instance, when its configuration says."""
        text = _URL.sub("x" * (url_length or URL_LENGTH), text or "")
        return graphemes(_MENTION.sub(r"@\1", text))
