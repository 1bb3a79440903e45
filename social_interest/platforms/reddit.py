"""Reddit.

Usernames are unique regardless of case (Reddit shows the case the person typed):
lower-cased, without the ``u/`` (or ``/u/``) prefix Reddit writes before them. Answers go
through ``/api/comment`` (the ``reddit`` connector's writer): 10,000 characters.
"""

import re

from . import register
from .base import MailSpec, Platform

_PREFIX = re.compile(r"^/?u/", re.IGNORECASE)


def item_id(url, path, query, host):
    """A comment's id, else the post's (``/comments/<post>/<slug>/<comment>``)."""
    match = re.search(r"/comments/\w+/[^/]*/(\w+)", path) or re.search(r"/comments/(\w+)", path)
    return match.group(1) if match else ""


@register
class Reddit(Platform):
    code = "reddit"
    label = "Reddit"
    icon = "fa-reddit-alien"
    sequence = 90
    mail_specs = (
        MailSpec(
            key="reddit",
            platform="reddit",
            label="Reddit",
            sender_domains=("redditmail.com", "reddit.com"),
            hosts=("reddit.com", "redd.it"),
            item=r"/comments/\w+|/message/",
            profile=r"^(?:[\w.-]+\.)?reddit\.com/u(?:ser)?/([\w-]{3,20})/?(?:\?|$)",
            avatar_hosts=("redditmedia.com", "redditstatic.com"),
            handles=True,
            name_is_handle=True,
            item_id=item_id,
        ),
    )
    connector_kinds = ("reddit",)
    reply_writer = "reddit"
    default_reply_limit = 10000

    def normalize_handle(self, handle):
        return _PREFIX.sub("", self.bare_handle(handle)).lower()
