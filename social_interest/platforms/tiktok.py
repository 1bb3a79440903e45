"""TikTok.

Usernames allow lower case only: lower-cased.
"""

import re

from . import register
from .base import MailSpec, Platform


def item_id(url, path, query, host):
    """A video's or photo post's id."""
    match = re.search(r"/(?:video|photo)/(\d+)", path)
    return match.group(1) if match else ""


@register
class TikTok(Platform):
    code = "tiktok"
    label = "TikTok"
    icon = "fa-music"
    sequence = 70
    mail_specs = (
        MailSpec(
            key="tiktok",
            platform="tiktok",
            label="TikTok",
            sender_domains=(
                "tiktok.com",
                "account.tiktok.com",
                "mail.tiktok.com",
                "tiktokv.com",
                "tiktokglobalshop.com",
            ),
            hosts=("tiktok.com", "vm.tiktok.com"),
            item=r"/video/\d+|/photo/\d+|vm\.tiktok\.com/",
            profile=r"^(?:[\w.-]+\.)?tiktok\.com/@([\w.]{2,24})/?(?:\?|$)",
            avatar_hosts=("tiktokcdn.com", "tiktokcdn-us.com", "ibyteimg.com"),
            handles=True,
            name_is_handle=True,
            item_id=item_id,
        ),
    )
