"""Google Business Profile reviews: read with ``accounts.locations.reviews.list`` and
answered with ``reviews.updateReply`` (Business Profile API v4), as the location's owner.

A thin client on the suite's guarded adapter rather than Google's API client library: the
two calls and the token refresh are a few lines, and every request then goes through the
adapter's rules (public hosts only, size cap, deadline, no automatic retry of a write).
"""

import json
import re
import time
from datetime import UTC, datetime

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import parse_date
from ..replies import PostedReply, ReplyError, Writer, register_writer
from .base import Connector, iso_key
from .registry import polls

OAUTH_ENDPOINT = "https://oauth2.googleapis.com/token"
# renew the access token this long before it expires
MARGIN = 300
# the most reviews.list returns in one page
PAGE_SIZE = 50
STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}
_LOCATION = re.compile(r"accounts/[\w-]+/locations/[\w-]+")
# how Google gives a review it translated: both texts in one comment, in either order
TRANSLATED = "(Translated by Google)"
ORIGINAL = "(Original)"


def original_text(comment):
    """The reviewer's own words of a ``comment``: Google writes a translated review as
    "(Translated by Google) <translation> (Original) <original>" or as "<original>
    (Translated by Google) <translation>"; a comment it did not translate is kept whole."""
    text = (comment or "").strip()
    if text.startswith(TRANSLATED) and ORIGINAL in text:
        return text.split(ORIGINAL, 1)[1].strip()
    if TRANSLATED in text:
        return text.split(TRANSLATED, 1)[0].strip() or text
    return text


@polls(
    "google_business",
    "Google Business Profile reviews",
    "google_business",
    sequence=75,
    credentials=("api_key", "api_secret", "access_token", "auth_url"),
    action_type="review",
)
class GoogleBusinessConnector(Connector):
    """The reviews of one location (the query: ``accounts/<id>/locations/<id>``), the
    most recently updated first, paged with ``pageToken`` back to the cursor (the latest
    ``updateTime`` read). An edited review comes back with a newer ``updateTime``: it is
    marked ``updatable``, so its mention and card take its new words and stars.

    OAuth 2.0: the OAuth client's id (``api_key``) and secret (``api_secret``) and the
    refresh token of an owner or manager of the location (``access_token``) buy an access
    token at Google's token endpoint (``auth_url``, Google's by default); it is kept in the
    connector's session until shortly before it expires, and renewed once when the API
    answers 401.
    """

    default_endpoint = "https://mybusiness.googleapis.com"

    def location(self):
        location = (self.config.query or "").strip().strip("/")
        if not _LOCATION.fullmatch(location):
            raise FetchError(
                "Google Business Profile: the query must name the location as "
                "accounts/<account id>/locations/<location id>"
            )
        return location

    def fetch_page(self, high, token):
        params = {"pageSize": min(self.config.page_size, PAGE_SIZE), "orderBy": "updateTime desc"}
        if token:
            params["pageToken"] = token
        return self.call("GET", f"{self.endpoint}/v4/{self.location()}/reviews", params=params)

    def split_page(self, payload):
        payload = self._require_dict(payload, "Google Business Profile")
        # an empty list is left out of Google's JSON: a location without reviews has none
        reviews = payload.get("reviews", [])
        if not isinstance(reviews, list):
            raise FetchError("Unexpected Google Business Profile response: no reviews")
        return reviews, payload.get("nextPageToken")

    def map_item(self, review, payload):
        updated = review.get("updateTime") or review.get("createTime")
        reviewer = review.get("reviewer") or {}
        item = self._item(
            review["reviewId"],
            iso_key(updated),
            action_type="review",
            body=original_text(review.get("comment")),
            rating=STARS.get(review.get("starRating"), 0),
            # only filled when the reviewer is not anonymous
            author_name=reviewer.get("displayName") or "",
            author_image_url=reviewer.get("profilePhotoUrl") or "",
            interest_date=parse_date(updated),
        )
        item["updatable"] = True
        answer = review.get("reviewReply") or {}
        if answer.get("comment"):
            # the owner's answer given on Google itself: the card is answered
            answered = parse_date(answer.get("updateTime")) or parse_date(updated)
            item["platform_reply"] = answer["comment"]
            item["platform_reply_date"] = answered and answered.replace(microsecond=0)
        return item

    # ------------------------------------------------------------------ OAuth

    def call(self, method, url, params=None, json=None):
        """The JSON answer of one API request with the access token; a 401 (the token
        revoked or expired early) renews it once."""
        try:
            return self._authorized(method, url, params, json)
        except FetchError as exc:
            if exc.status != 401:
                raise
        self.session.pop("access_token", None)
        return self._authorized(method, url, params, json)

    def _authorized(self, method, url, params, json):
        headers = {"Authorization": f"Bearer {self._access_token()}"}
        response = self.adapter.request(method, url, params=params, json=json, headers=headers)
        return self.adapter.decode_json(response)

    def _access_token(self):
        now = time.time()
        if self.session.get("access_token") and self.session.get("expires_at", 0) - now > MARGIN:
            return self.session["access_token"]
        if not (self.config.api_key and self.config.api_secret and self.config.access_token):
            raise FetchError(
                "Google Business Profile needs the OAuth client's id and secret and a refresh "
                "token of the location's owner or manager"
            )
        try:
            payload = self.adapter.post_form_json(
                self.config.auth_url or OAUTH_ENDPOINT,
                {
                    "client_id": self.config.api_key,
                    "client_secret": self.config.api_secret,
                    "refresh_token": self.config.access_token,
                    "grant_type": "refresh_token",
                },
            )
        except FetchError as exc:
            if exc.status in (400, 401):  # invalid_grant, invalid_client
                raise FetchError(
                    "Google refused the refresh token or the OAuth client (revoked, expired "
                    f"or mistyped): an administrator enters new ones ({exc})",
                    status=exc.status,
                ) from exc
            raise
        token = payload.get("access_token") if isinstance(payload, dict) else None
        if not token:
            raise FetchError("Unexpected Google token response: no access_token")
        self.session.update(
            access_token=token, expires_at=now + int(payload.get("expires_in") or 3600)
        )
        return token


@register_writer("google_business")
class GoogleBusinessWriter(Writer):
    """``reviews.updateReply``: ``PUT /v4/{review name}/reply`` with ``{"comment": text}``;
    the answer (the ReviewReply with its ``updateTime``) is the proof. A review has one
    answer and a PUT replaces it: before sending, the review is read, and an answer already
    there with other words is never overwritten. The PUT is idempotent (the same text put
    twice is one answer), so a send after a lost answer is safe; before it,
    :meth:`find_posted` reads the review and finds the answer already given. 4096 bytes
    (the platform's rule)."""

    platform = "google_business"
    label = "Google Business Profile"

    def __init__(self, config, adapter, endpoint):
        super().__init__(config, adapter, endpoint)
        # the token renewal lives with the connector; its session is the one kept
        self.connector = GoogleBusinessConnector(config, adapter)
        self.connector.endpoint = self.endpoint
        self.session = self.connector.session

    def _review(self, target_id):
        return f"{self.connector.location()}/reviews/{target_id}"

    def post(self, target_id, text, key):
        name = self._review(target_id)
        try:
            review = self.connector.call("GET", f"{self.endpoint}/v4/{name}") or {}
            given = ((review.get("reviewReply") or {}).get("comment") or "").strip()
            if given == text.strip():
                return self._posted(name, review["reviewReply"], text)
            if given:
                raise ReplyError(
                    f"{self.label}: this review already has an answer on Google, which a "
                    f"reply would replace ({given[:200]})"
                )
            answer = self.connector.call(
                "PUT", f"{self.endpoint}/v4/{name}/reply", json={"comment": text}
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._google_refused(error) from error
        return self._posted(name, answer, text)

    def find_posted(self, target_id, text, key):
        name = self._review(target_id)
        try:
            review = self.connector.call("GET", f"{self.endpoint}/v4/{name}") or {}
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._google_refused(error) from error
        answer = review.get("reviewReply") or {}
        if (answer.get("comment") or "").strip() == text.strip():
            return self._posted(name, answer, text)
        return None

    def _google_refused(self, error):
        """The rep's message for a refusal, with Google's own words (``error.message`` of
        its JSON error body) rather than the body itself."""
        status = getattr(error, "status", None)
        try:
            detail = json.loads(str(error).split(": ", 1)[-1])["error"]["message"]
        except (ValueError, KeyError, TypeError):
            return self._refused(error, self.label)
        return self._refused(FetchError(f"HTTP {status}: {detail}", status=status), self.label)

    def _posted(self, name, answer, text):
        if not isinstance(answer, dict) or not answer.get("updateTime"):
            raise ReplyError(f"{self.label}: the answer does not describe the published reply")
        return PostedReply(
            external_id=f"{name}/reply",
            url="",  # the API gives no link to a review
            text=answer.get("comment") or text,
            author=self.connector.location(),
            posted_at=parse_date(answer["updateTime"]) or datetime.now(UTC),
        )
