"""YouTube.

``@handles`` are case-insensitive: lower-cased; a channel id (``UC`` and 22 characters of
base64url) is case-sensitive: kept as it is. Answers go through the Data API's
``comments.insert`` (the ``youtube`` connector's writer): 10,000 characters.
"""

import re

from . import register
from .base import MailSpec, Platform

_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")


def item_id(url, path, query, host):
    """A comment's id (``lc``), else the video's or the community post's."""
    found = query.get("lc") or query.get("v") or query.get("lb") or ""
    if not found:
        match = re.search(r"/(?:shorts|live|post)/([\w-]+)", path) or (
            re.search(r"^/([\w-]{6,})$", path) if "youtu.be" in host else None
        )
        found = match.group(1) if match else ""
    return found


@register
class YouTube(Platform):
    code = "youtube"
    label = "YouTube"
    icon = "fa-youtube-play"
    sequence = 50
    mail_specs = (
        MailSpec(
            key="youtube",
            platform="youtube",
            label="YouTube",
            sender_domains=("youtube.com",),
            hosts=("youtube.com", "youtu.be"),
            item=r"/watch\?|/shorts/|youtu\.be/|/post/|[?&]lb=|/live/",
            profile=r"^(?:[\w.-]+\.)?youtube\.com/(?:@([\w.-]+)|channel/(UC[\w-]{22})|user/([\w.-]+)|c/([\w.-]+))/?(?:\?|$)",
            avatar_hosts=("yt3.ggpht.com", "yt3.googleusercontent.com", "yt4.ggpht.com"),
            handles=True,
            item_id=item_id,
        ),
    )
    connector_kinds = ("youtube",)
    reply_writer = "youtube"
    default_reply_limit = 10000

    def normalize_handle(self, handle):
        handle = self.bare_handle(handle)
        return handle if _CHANNEL_ID.fullmatch(handle) else handle.lower()
