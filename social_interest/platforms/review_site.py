"""Review sites: Google Business Profile, Trustpilot, Yelp, Tripadvisor (and any review
site's feed, read by the ``rss`` connector kind). Their notifications are reviews unless
their words say otherwise.
"""

import re

from . import register
from .base import MailSpec, Platform


def google_review_id(url, path, query, host):
    """A review's id (``reviewId``, or the short link's ``/r/<id>``)."""
    match = re.search(r"/r/([\w-]{8,})", path)
    return query.get("reviewid") or (match.group(1) if match else "")


def trustpilot_review_id(url, path, query, host):
    match = re.search(r"/reviews/([\w-]+)", path)
    return match.group(1) if match else ""


@register
class ReviewSite(Platform):
    code = "review_site"
    label = "Review site"
    icon = "fa-star-half-o"
    sequence = 130
    mail_specs = (
        MailSpec(
            key="google_business",
            platform="review_site",
            label="Google Business Profile",
            senders=(
                "businessprofile-noreply@google.com",
                "business-noreply@google.com",
                "noreply-local-guides@google.com",
                "google-my-business-noreply@google.com",
                "noreply-business@google.com",
            ),
            hosts=("business.google.com", "google.com", "g.page", "maps.app.goo.gl", "goo.gl"),
            item=r"/reviews?\b|review|/local/|g\.page/|/maps/|maps\.app\.goo\.gl",
            avatar_hosts=("googleusercontent.com", "ggpht.com"),
            default_action="review",
            item_id=google_review_id,
            list_id=False,
        ),
        MailSpec(
            key="trustpilot",
            platform="review_site",
            label="Trustpilot",
            sender_domains=("trustpilot.com", "trustpilotmail.com", "mail.trustpilot.com"),
            hosts=("trustpilot.com",),
            item=r"/reviews/[\w-]+|/review/",
            profile=r"^(?:[\w.-]+\.)?trustpilot\.com/users/([\w-]+)/?(?:\?|$)",
            avatar_hosts=("user-images.trustpilot.com",),
            default_action="review",
            item_id=trustpilot_review_id,
        ),
        MailSpec(
            key="yelp",
            platform="review_site",
            label="Yelp",
            sender_domains=("yelp.com",),
            hosts=("yelp.com", "biz.yelp.com"),
            item=r"/biz/|review",
            default_action="review",
        ),
        MailSpec(
            key="tripadvisor",
            platform="review_site",
            label="Tripadvisor",
            sender_domains=("tripadvisor.com", "e.tripadvisor.com", "tamgrt.com"),
            hosts=("tripadvisor.com",),
            item=r"/ShowUserReviews|review",
            default_action="review",
        ),
    )
    utm_medium = "Review site"
    connector_kinds = ("rss",)
