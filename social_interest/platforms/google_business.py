"""Google Business Profile: the reviews of the company's own locations, read and answered
through the Business Profile API (``accounts.locations.reviews``).

A reviewer has a display name and a photo, no handle (the default form serves). Its
notification e-mails stay with ``review_site`` (one of that platform's senders): this
platform is the API's. A reply (``reviews.updateReply``) is 4096 bytes at most: the API
reference gives ``ReviewReply.comment`` "a maximum length of 4096 bytes", so a reply is
counted in UTF-8 bytes (a Japanese character counts three).
"""

from . import register
from .base import Platform


@register
class GoogleBusiness(Platform):
    code = "google_business"
    label = "Google Business Profile"
    icon = "fa-google"
    sequence = 135  # with the review sites
    utm_source = "Google"
    utm_medium = "Reviews"
    connector_kinds = ("google_business",)
    reply_writer = "google_business"
    default_reply_limit = 4096

    def reply_count(self, text):
        """Bytes of ``text`` in UTF-8, as the API measures a reply."""
        return len((text or "").encode("utf-8"))
