"""Feeds: blogs, news and Google Alerts (by e-mail or as a feed, read by the ``rss``
connector kind). A Google Alerts e-mail is a digest: one card per item it lists.
"""

from . import register
from .base import MailSpec, Platform


@register
class Rss(Platform):
    code = "rss"
    label = "RSS / blog"
    icon = "fa-rss"
    sequence = 170
    mail_specs = (
        MailSpec(
            key="google_alerts",
            platform="rss",
            label="Google Alerts",
            senders=("googlealerts-noreply@google.com",),
            headers=(("x-alerts-id", ""),),
            hosts=("google.com",),
            default_action="mention",
            digest=True,
            list_id=False,
        ),
    )
    utm_source = "Blogs and feeds"
    utm_medium = "Listening"
    connector_kinds = ("rss",)
