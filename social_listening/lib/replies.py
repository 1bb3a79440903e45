"""Answers posted through a platform's API: what each platform needs, counts and returns.

A writer posts one reply to one item and returns what the platform says it published
(:class:`PostedReply`): that, not the click, is the evidence that the card was answered.
Writers never retry a POST by themselves (the adapter is built with no retries): a retry is
decided by the caller, after it has asked the platform whether the first attempt landed
(``find_posted``) or with the platform's own idempotency key.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

import regex

from odoo.addons.social_interest.lib.http import FetchError

from .feeds import html_to_text, parse_date

_GRAPHEME = regex.compile(r"\X")
_URL = re.compile(r"https?://\S+")
_MASTODON_MENTION = re.compile(r"(?<![\w/])@(\w+)@[\w.-]+\w")


class ReplyError(Exception):
    """The platform refused the reply; ``str()`` is for the rep, in plain words."""


@dataclass
class PostedReply:
    external_id: str
    url: str
    text: str
    author: str
    posted_at: datetime


def graphemes(text):
    """Characters as a person counts them (an emoji with its modifiers is one)."""
    return len(_GRAPHEME.findall(text or ""))


class Writer:
    """One platform's replies. ``config`` is the connector's ``Config``."""

    platform = ""
    label = ""
    default_limit = 0

    def __init__(self, config, adapter, endpoint):
        self.config = config
        self.adapter = adapter
        self.endpoint = endpoint.rstrip("/")
        self.session = dict(config.session or {})

    def limit(self):
        """The longest reply the platform takes, in its own unit (see ``count``)."""
        return self.default_limit

    def count(self, text):
        return graphemes(text)

    def post(self, target_id, text, key):
        """Publish ``text`` as a reply to ``target_id``; ``key`` identifies this attempt."""
        raise NotImplementedError

    def find_posted(self, target_id, text, key):
        """The reply an earlier attempt with ``key`` published, or None."""
        return None

    @staticmethod
    def known_outcome(error):
        """True when the platform answered (it refused); False when the answer was lost
        (no response, a timeout, a server error): the reply may have gone out."""
        status = getattr(error, "status", None)
        return status is not None and status < 500

    @staticmethod
    def _refused(error, what):
        status = getattr(error, "status", None)
        detail = str(error).split(": ", 1)[-1][:300]
        try:
            body = json.loads(detail)
            detail = body.get("error_description") or body.get("message") or body.get("error")
            detail = detail or str(error)
        except (ValueError, AttributeError):
            pass
        reasons = {
            401: "the platform no longer accepts the connector's token (expired or revoked): "
            "an administrator enters a new one",
            403: "the connector's token may not post replies (a write permission or scope is "
            "missing)",
            404: "the post to answer no longer exists (deleted, or not visible to the account)",
            422: "the platform refused the text",
            429: "the platform's rate limit is reached: try again in a few minutes",
        }
        reason = reasons.get(status, "the platform refused the reply")
        return ReplyError(f"{what}: {reason} ({detail})")


class MastodonWriter(Writer):
    """``POST /api/v1/statuses`` with ``in_reply_to_id`` and Mastodon's ``Idempotency-Key``
    (a retry with the same key returns the status already created). The limit comes from the
    instance (``/api/v2/instance``); a link counts as 23 characters and a mention of another
    instance's account as its username only, as Mastodon counts them."""

    platform = "mastodon"
    label = "Mastodon"
    default_limit = 500

    def _headers(self, key=None):
        headers = {"Authorization": f"Bearer {self.config.access_token}"}
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def limit(self):
        try:
            instance = self.adapter.get_json(f"{self.endpoint}/api/v2/instance")
        except FetchError:
            return self.default_limit
        statuses = ((instance or {}).get("configuration") or {}).get("statuses") or {}
        self.url_length = int(statuses.get("characters_reserved_per_url") or 23)
        return int(statuses.get("max_characters") or self.default_limit)

    def count(self, text):
        url_length = getattr(self, "url_length", 23)
        text = _URL.sub("x" * url_length, text or "")
        return graphemes(_MASTODON_MENTION.sub(r"@\1", text))

    def post(self, target_id, text, key):
        try:
            status = self.adapter.post_json(
                f"{self.endpoint}/api/v1/statuses",
                {"status": text, "in_reply_to_id": str(target_id)},
                headers=self._headers(key),
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        return self._posted(status)

    def find_posted(self, target_id, text, key):
        # Mastodon keeps an Idempotency-Key for an hour: the same POST returns the status
        return None

    @staticmethod
    def _posted(status):
        if not isinstance(status, dict) or not status.get("id"):
            raise ReplyError("Mastodon: the answer does not describe a published status")
        account = status.get("account") or {}
        return PostedReply(
            external_id=str(status["id"]),
            url=status.get("url") or status.get("uri") or "",
            text=html_to_text(status.get("content") or ""),
            author=account.get("acct") or account.get("username") or "",
            posted_at=parse_date(status.get("created_at")) or datetime.now(UTC),
        )


_TID_CHARS = "234567abcdefghijklmnopqrstuvwxyz"


def tid_of(key):
    """A record key in atproto's TID form (13 characters of base32-sortable, the top bit 0)
    made from an attempt ``key`` ("...-<microseconds since the epoch>"): the same attempt
    always names the same record, so a retry can ask whether it was written."""
    micros = int(key.rsplit("-", 1)[-1]) if key.rsplit("-", 1)[-1].isdigit() else 0
    clock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:2], "big") & 0x3FF
    value = ((micros & ((1 << 53) - 1)) << 10) | clock
    return "".join(_TID_CHARS[(value >> (5 * i)) & 31] for i in reversed(range(13)))


class BlueskyWriter(Writer):
    """``com.atproto.repo.createRecord`` of an ``app.bsky.feed.post`` whose ``reply`` names
    the thread's root and the parent (uri and cid, read with ``app.bsky.feed.getPosts``),
    after logging in with the app password (the connector's session). The record key is
    chosen by us and kept with the attempt: before a retry ``getRecord`` tells whether the
    first attempt landed. 300 graphemes at most."""

    platform = "bluesky"
    label = "Bluesky"
    default_limit = 300

    def __init__(self, config, adapter, endpoint):
        super().__init__(config, adapter, endpoint)
        from .connectors import get_connector  # the login lives with the connector

        self.connector = get_connector("bluesky", config, adapter)

    def _auth(self):
        session = self.connector._logged_in()
        self.session = session
        return {"Authorization": f"Bearer {session['accessJwt']}"}, session["service"]

    def post(self, target_id, text, key):
        try:
            headers, pds = self._auth()
            found = self.adapter.get_json(
                f"{pds}/xrpc/app.bsky.feed.getPosts", params={"uris": target_id}, headers=headers
            )
            posts = (found or {}).get("posts") or []
            if not posts:
                raise ReplyError(f"{self.label}: the post to answer no longer exists")
            parent = {"uri": posts[0]["uri"], "cid": posts[0]["cid"]}
            root = ((posts[0].get("record") or {}).get("reply") or {}).get("root") or parent
            repo = self.connector.session.get("did")
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
            record = {
                "$type": "app.bsky.feed.post",
                "text": text,
                "createdAt": now,
                "reply": {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent},
            }
            created = self.adapter.post_json(
                f"{pds}/xrpc/com.atproto.repo.createRecord",
                {
                    "repo": repo,
                    "collection": "app.bsky.feed.post",
                    "rkey": self.rkey(key),
                    "record": record,
                },
                headers=headers,
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        return self._posted(created.get("uri"), text, now)

    @staticmethod
    def rkey(key):
        return tid_of(key)

    def find_posted(self, target_id, text, key):
        rkey = self.rkey(key)
        try:
            headers, pds = self._auth()
            record = self.adapter.get_json(
                f"{pds}/xrpc/com.atproto.repo.getRecord",
                params={
                    "repo": self.connector.session.get("did"),
                    "collection": "app.bsky.feed.post",
                    "rkey": rkey,
                },
                headers=headers,
            )
        except FetchError as error:
            if getattr(error, "status", None) in (400, 404):
                return None  # RecordNotFound: the first attempt did not land
            raise self._refused(error, self.label) from error
        value = (record or {}).get("value") or {}
        return self._posted(record.get("uri"), value.get("text") or text, value.get("createdAt"))

    def _posted(self, uri, text, created_at):
        if not uri:
            raise ReplyError("Bluesky: the answer does not name the published post")
        handle = self.connector.session.get("handle") or self.config.login or ""
        rkey = uri.rsplit("/", 1)[-1]
        return PostedReply(
            external_id=uri,
            url=f"https://bsky.app/profile/{quote(handle)}/post/{rkey}",
            text=text,
            author=handle,
            posted_at=parse_date(created_at) or datetime.now(UTC),
        )


WRITERS = {"mastodon": MastodonWriter, "bluesky": BlueskyWriter}


def writer_for(kind, config, adapter, endpoint):
    """The writer of a connector kind, or None when replies go through the platform's site."""
    writer = WRITERS.get(kind)
    return writer(config, adapter, endpoint) if writer else None
