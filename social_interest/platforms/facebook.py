"""Facebook: Page notifications, comments, reviews and Messenger conversations.

Usernames are unique regardless of case: lower-cased. Answers go through Meta's Graph API
(the ``meta_webhook`` connector's writer): 8,000 characters a comment, 2,000 a message.
"""

import re

from . import register
from .base import MailSpec, Platform


def item_id(url, path, query, host):
    """A post's, video's, reel's or photo's id (a comment's is read before, from the query)."""
    match = re.search(r"/(?:posts|videos|reel|photos?)/(?:[^/?]+/)?([\w.-]+)/?$", path)
    return (
        query.get("story_fbid")
        or query.get("fbid")
        or query.get("v")
        or (match.group(1) if match else "")
    )


@register
class Facebook(Platform):
    code = "facebook"
    label = "Facebook"
    icon = "fa-facebook-official"
    sequence = 10
    mail_specs = (
        MailSpec(
            key="facebook",
            platform="facebook",
            label="Facebook",
            sender_domains=("facebookmail.com", "facebook.com", "fb.com", "business.facebook.com"),
            headers=(("x-facebook-notify", ""), ("x-facebook", "")),
            hosts=("facebook.com", "fb.com", "fb.me", "fb.watch", "messenger.com"),
            item=(
                r"(?:[?&]comment_id=|/posts/|/permalink\.php|/story\.php|story_fbid=|/photos?/|"
                r"/photo\.php|/videos?/|/reviews?\b|/reel/|/watch|/groups/[^/]+/(?:posts|permalink)/|"
                r"/messages/|/latest/inbox|/inbox\b|/t/|fb\.watch/)"
            ),
            profile=r"^(?:[\w.-]+\.)?facebook\.com/(?:profile\.php\?id=(\d+)|(?!pages?/|groups/|events/)([\w.-]{3,}))/?(?:\?|$)",
            avatar_hosts=("fbcdn.net", "fbsbx.com"),
            item_id=item_id,
        ),
    )
    connector_kinds = ("meta_webhook",)
    reply_writer = "meta_webhook"
    default_reply_limit = 8000

    def reply_limit(self, action_type=None):
        # Messenger's Send API takes 2,000 characters; a comment 8,000
        return 2000 if action_type == "message" else self.default_reply_limit
