"""VK.

Screen names are unique regardless of case: lower-cased.
"""

import re

from . import register
from .base import MailSpec, Platform


def item_id(url, path, query, host):
    """A reply's id, else the wall post's, photo's, video's or topic's (``-owner_id``)."""
    found = query.get("reply") or ""
    if not found:
        match = re.search(r"(?:wall|photo|video|topic)(-?\d+_\d+)", url)
        found = match.group(1) if match else ""
    return found


@register
class VK(Platform):
    code = "vk"
    label = "VK"
    icon = "fa-vk"
    sequence = 60
    mail_specs = (
        MailSpec(
            key="vk",
            platform="vk",
            label="VK",
            sender_domains=("vk.com", "vk.ru", "vkontakte.ru", "notify.vk.com", "vk.me"),
            hosts=("vk.com", "vk.ru", "m.vk.com", "vk.me"),
            item=(
                r"/wall-?\d+_\d+|/photo-?\d+_\d+|/video-?\d+_\d+|/topic-?\d+_\d+|/im\b|/im\?|"
                r"[?&]w=wall|/market-?\d+|/gim\d+|/write-?\d+|[?&]sel=-?\d+"
            ),
            profile=r"^(?:[\w.-]+\.)?vk\.(?:com|ru)/(?!wall|photo|video|im\b|topic|away|feed|settings|market|club|public|groups)(id\d+|[a-z][\w.]{2,31})/?(?:\?|$)",
            avatar_hosts=("userapi.com", "vk.me", "vkuser.net", "vk-cdn.net"),
            item_id=item_id,
        ),
    )
    connector_kinds = ("vk",)
