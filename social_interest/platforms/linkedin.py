"""LinkedIn.

Public profile names are unique regardless of case: lower-cased. A comment's id is read
from its URN (``urn:li:comment:(...,<id>)``), never from a ``comment_id`` in the query.
"""

import re
from urllib.parse import unquote

from . import register
from .base import MailSpec, Platform


def item_id(url, path, query, host):
    """A comment's id from its URN, else the activity's, share's or post's."""
    text = unquote(url)
    match = re.search(r"urn:li:comment:\(?[^,)]*[,:](\d+)\)?", text) or re.search(
        r"commentUrn=[^&]*?(\d{6,})", text
    )
    if not match:
        match = re.search(r"urn:li:(?:activity|share|ugcPost):(\d+)", text, re.I)
    return match.group(1) if match else ""


@register
class LinkedIn(Platform):
    code = "linkedin"
    label = "LinkedIn"
    icon = "fa-linkedin-square"
    sequence = 40
    mail_specs = (
        MailSpec(
            key="linkedin",
            platform="linkedin",
            label="LinkedIn",
            sender_domains=("linkedin.com", "e.linkedin.com", "bounce.linkedin.com"),
            headers=(
                ("x-linkedin-class", ""),
                ("x-linkedin-template", ""),
                ("x-linkedin-fbl", ""),
            ),
            hosts=("linkedin.com", "lnkd.in"),
            item=r"/feed/update/|/posts/|commenturn|/messaging/|/pulse/|urn:li:(?:activity|share|ugcpost|comment)",
            profile=r"^(?:[\w.-]+\.)?linkedin\.com/(?:comm/)?in/([\w%.-]+)/?(?:\?|$)",
            not_item=r"/comm/(?:psettings|mynetwork)|/e/v2|trk=eml-email_footer",
            avatar_hosts=("media.licdn.com", "licdn.com"),
            item_id=item_id,
            comment_id_in_query=False,
        ),
    )
