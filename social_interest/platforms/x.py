"""X (Twitter).

Usernames are unique regardless of case (X shows the case the person typed): lower-cased.
A reply is 280 weighted characters, counted as twitter-text v3 counts them: these code
point ranges count 1, every other character 2, an emoji 2, a link 23 (its t.co form).
"""

import re

import regex

from . import register
from .base import MailSpec, Platform

_URL = re.compile(r"https?://\S+")
_GRAPHEME = regex.compile(r"\X")
_LIGHT = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_EMOJI = regex.compile(r"\p{Extended_Pictographic}")
URL_WEIGHT = 23


def item_id(url, path, query, host):
    """A post's id (``/status/<id>``)."""
    match = re.search(r"/status(?:es)?/(\d+)", path)
    return match.group(1) if match else ""


@register
class X(Platform):
    code = "x"
    label = "X (Twitter)"
    icon = "fa-twitter"
    sequence = 30
    mail_specs = (
        MailSpec(
            key="x",
            platform="x",
            label="X",
            sender_domains=("x.com", "twitter.com", "twittermail.com"),
            headers=(
                ("x-twitterimpressionid", ""),
                ("x-twitteremailtype", ""),
                ("x-twitterrecipientscreenname", ""),
            ),
            hosts=("x.com", "twitter.com", "t.co"),
            item=r"/status(?:es)?/\d+|/messages\b|/i/web/status/",
            profile=r"^(?:[\w.-]+\.)?(?:x|twitter)\.com/(?!i/|intent/|settings|messages|home|hashtag/|search|notifications|account|tos|privacy)@?(\w{1,15})/?(?:\?|$)",
            avatar_hosts=("pbs.twimg.com",),
            handles=True,
            item_id=item_id,
        ),
    )
    # Odoo's UTM source for X is named "X"
    utm_source = "X"
    connector_kinds = ("x",)
    reply_writer = "x"
    default_reply_limit = 280

    def reply_count(self, text):
        total = 0
        for link in _URL.findall(text or ""):
            total += URL_WEIGHT
            text = text.replace(link, "", 1)
        for cluster in _GRAPHEME.findall(text or ""):
            if _EMOJI.search(cluster):
                total += 2
                continue
            for char in cluster:
                code = ord(char)
                total += 1 if any(low <= code <= high for low, high in _LIGHT) else 2
        return total
