"""Instagram (and Threads, which uses Instagram's usernames).

Usernames allow lower case only: lower-cased. Answers go through Meta's Graph API (the
``meta_webhook`` connector's writer): 2,200 characters a comment, 2,000 a direct message.
"""

import re

from . import register
from .base import MailSpec, Platform


def item_id(url, path, query, host):
    """A comment's id in a post's link, else the post's (reel's) short code."""
    match = re.search(r"/(?:p|reel|reels|tv)/[\w-]+/c/(\d+)", path) or re.search(
        r"/(?:p|reel|reels|tv)/([\w-]+)", path
    )
    return match.group(1) if match else ""


@register
class Instagram(Platform):
    code = "instagram"
    label = "Instagram"
    icon = "fa-instagram"
    sequence = 20
    mail_specs = (
        MailSpec(
            key="instagram",
            platform="instagram",
            label="Instagram",
            sender_domains=("instagram.com", "mail.instagram.com"),
            hosts=("instagram.com", "instagr.am"),
            item=r"/(?:p|reel|reels|tv|stories)/[\w-]+|/direct/",
            profile=r"^(?:[\w.-]+\.)?instagram\.com/(?!p/|reel|tv/|stories/|direct/|explore/|accounts/|_u/)@?([\w.]{1,30})/?(?:\?|$)",
            avatar_hosts=("cdninstagram.com", "fbcdn.net"),
            handles=True,
            name_is_handle=True,
            item_id=item_id,
        ),
    )
    connector_kinds = ("meta_webhook",)
    reply_writer = "meta_webhook"
    default_reply_limit = 2200

    def reply_limit(self, action_type=None):
        # Instagram's messaging API takes 2,000 characters; a comment 2,200
        return 2000 if action_type == "message" else self.default_reply_limit
