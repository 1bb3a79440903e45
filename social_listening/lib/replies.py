"""Answers posted through a platform's API: what each platform needs, counts and returns.

A writer posts one reply to one item and returns what the platform says it published
(:class:`PostedReply`): that, not the click, is the evidence that the card was answered.
Writers never retry a POST by themselves (the adapter is built with no retries): a retry is
decided by the caller, after it has asked the platform whether the first attempt landed
(``find_posted``) or with the platform's own idempotency key.

How long a reply may be, and how its length is counted, is the platform's rule: it lives in
the platform's module of social_interest's registry (``Platform.reply_count`` and
``reply_limit``); a writer only adds what the platform tells it at run time (a Mastodon
instance's own limit).
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from urllib.parse import parse_qs, quote, urlsplit

from odoo.addons.social_interest import platforms as platform_registry
from odoo.addons.social_interest.lib.http import FetchError

from .feeds import html_to_text, parse_date

# a text's length as a person counts it: platforms' default rule, also offered here
graphemes = platform_registry.graphemes


class ReplyError(Exception):
    """The platform refused the reply; ``str()`` is for the rep, in plain words."""


@dataclass
class PostedReply:
    external_id: str
    url: str
    text: str
    author: str
    posted_at: datetime


class Writer:
    """One platform's replies. ``config`` is the connector's ``Config``."""

    # the platform it answers on (whose module names this writer as its ``reply_writer``)
    platform = ""
    label = ""
    # the item answered (set by the card, see __init__); empty until then
    item = MappingProxyType({})
    # answers go to the person alone (a direct message): data a public answer must not
    # carry may be written (the composer does not refuse it)
    private = False

    def __init__(self, config, adapter, endpoint):
        self.config = config
        self.adapter = adapter
        self.endpoint = endpoint.rstrip("/")
        self.session = dict(config.session or {})
        # the item answered, as the card tells it: platform, action_type, author_handle,
        # posted_at, source_url (a writer that needs one of them reads it here)
        self.item = {}

    def rules(self):
        """The platform whose reply rules apply: the answered item's when this same writer
        answers on it (Meta's writer answers on Facebook and Instagram), else its own."""
        own = platform_registry.get(self.platform)
        answered = platform_registry.get(self.item.get("platform"))
        if answered is not None and answered.reply_writer == own.reply_writer:
            return answered
        return own

    def notice(self):
        """What the composer tells the rep before sending (which API answers, a quota
        left, a window closed...); "" for nothing. May ask the platform (read-only)."""
        return ""

    def options(self):
        """``[(key, label)]`` the rep must choose one of before sending (e.g. an approved
        message template outside a messaging window); [] when free text goes. The key
        chosen is set as ``self.option`` before :meth:`post`."""
        return []

    option = ""

    def limit(self):
        """The longest reply the platform takes, in its own unit (see ``count``); 0: none."""
        return self.rules().reply_limit(self.item.get("action_type"))

    def count(self, text):
        """The length of ``text`` as the platform counts it."""
        return self.rules().reply_count(text)

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
    url_length = None  # characters a link counts: the platform's rule until the instance says

    def _headers(self, key=None):
        headers = {"Authorization": f"Bearer {self.config.access_token}"}
        if key:
            headers["Idempotency-Key"] = key
        return headers

    def limit(self):
        default = super().limit()
        try:
            instance = self.adapter.get_json(f"{self.endpoint}/api/v2/instance")
        except FetchError:
            return default
        statuses = ((instance or {}).get("configuration") or {}).get("statuses") or {}
        self.url_length = int(statuses.get("characters_reserved_per_url") or 0) or None
        return int(statuses.get("max_characters") or default)

    def count(self, text):
        return self.rules().reply_count(text, url_length=self.url_length)

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
    first attempt landed, and so it does after a ``createRecord`` answered with a server
    error (the PDS's bare 500 for a key already written). 300 graphemes at most."""

    platform = "bluesky"
    label = "Bluesky"

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
            try:
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
                # the PDS answers a record key already taken with a bare 500
                # (InternalServerError: its repository tree refuses a second value at the
                # key), and a server error may also hide a write that landed: the record
                # under this attempt's key, read back, is the proof; none, the error stands
                if self.known_outcome(error) or getattr(error, "status", None) is None:
                    raise
                landed = self.find_posted(target_id, text, key)
                if landed is None:
                    raise
                return landed
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
            if not self.known_outcome(error):
                raise  # no answer: whether it landed is still unknown, the attempt stays
            raise self._refused(error, self.label) from error
        value = (record or {}).get("value") or {}
        # what is published is what the card records, even when an earlier attempt under
        # this key carried another text
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


class XWriter(Writer):
    """``POST /2/tweets`` with ``reply.in_reply_to_tweet_id`` and the user-context token of
    the company's account (OAuth 2.0 with the ``tweet.write`` scope; an app-only bearer
    token cannot post). 280 weighted characters, counted as twitter-text counts them (the
    platform's rule). X has no idempotency key: before a retry, recent search looks for the
    account's reply to the post (``in_reply_to_tweet_id:`` and ``from:``) with the same
    text."""

    platform = "x"
    label = "X"

    def _headers(self):
        return {"Authorization": f"Bearer {self.config.access_token}"}

    def _me(self):
        me = self.session.get("x_me")
        if not me:
            data = (self.adapter.get_json(f"{self.endpoint}/2/users/me", headers=self._headers())
                    or {}).get("data") or {}  # fmt: skip
            me = self.session["x_me"] = {"id": data.get("id"), "username": data.get("username")}
        return me

    def post(self, target_id, text, key):
        try:
            me = self._me()
            created = self.adapter.post_json(
                f"{self.endpoint}/2/tweets",
                {"text": text, "reply": {"in_reply_to_tweet_id": str(target_id)}},
                headers=self._headers(),
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            if "duplicate content" in str(error):
                found = self.find_posted(target_id, text, key)
                if found:
                    return found
            raise self._refused(error, self.label) from error
        data = (created or {}).get("data") or {}
        return self._posted(data, me, text)

    def find_posted(self, target_id, text, key):
        try:
            me = self._me()
            found = self.adapter.get_json(
                f"{self.endpoint}/2/tweets/search/recent",
                params={
                    "query": f"in_reply_to_tweet_id:{target_id} from:{me['username']}",
                    "tweet.fields": "created_at",
                    "max_results": 10,
                },
                headers=self._headers(),
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        for tweet in (found or {}).get("data") or []:
            if (tweet.get("text") or "").strip() == text.strip():
                return self._posted(tweet, me, text)
        return None

    def _posted(self, data, me, text):
        if not data.get("id"):
            raise ReplyError("X: the answer does not name the published post")
        return PostedReply(
            external_id=str(data["id"]),
            url=f"https://x.com/{quote(me.get('username') or 'i')}/status/{data['id']}",
            text=data.get("text") or text,
            author=me.get("username") or "",
            posted_at=parse_date(data.get("created_at")) or datetime.now(UTC),
        )


class MetaWriter(Writer):
    """Facebook Page comments (``POST /{comment-id}/comments``), Instagram comments
    (``POST /{ig-comment-id}/replies``) and Messenger / Instagram direct messages (Send API,
    ``POST /me/messages`` with ``messaging_type`` RESPONSE, inside the 24 hours after the
    person's last message), with the Page access token. Before a retry, the item's replies
    (or the conversation) are read for the Page's own answer with the same text."""

    platform = "facebook"
    label = "Meta"
    default_endpoint = "https://graph.facebook.com/v21.0"
    WINDOW_HOURS = 24

    def __init__(self, config, adapter, endpoint):
        super().__init__(config, adapter, endpoint or self.default_endpoint)

    def _headers(self):
        return {"Authorization": f"Bearer {self.config.access_token}"}

    def _page(self):
        page = self.session.get("meta_page")
        if not page:
            data = (
                self.adapter.get_json(
                    f"{self.endpoint}/me",
                    params={"fields": "id,name,instagram_business_account{id,username}"},
                    headers=self._headers(),
                )
                or {}
            )
            instagram = data.get("instagram_business_account") or {}
            page = self.session["meta_page"] = {
                "id": str(data.get("id") or ""),
                "name": data.get("name") or "",
                "ig_username": instagram.get("username") or "",
            }
        return page

    def post(self, target_id, text, key):
        try:
            page = self._page()
            if self.item.get("action_type") == "message":
                return self._send_message(page, text)
            edge = "replies" if self.item.get("platform") == "instagram" else "comments"
            created = self.adapter.post_form_json(
                f"{self.endpoint}/{quote(str(target_id))}/{edge}",
                {"message": text},
                headers=self._headers(),
            )
            reply_id = (created or {}).get("id")
            if not reply_id:
                raise ReplyError(f"{self.label}: the answer does not name the published reply")
            return self._read_reply(page, reply_id, text)
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error

    def _send_message(self, page, text):
        posted_at = self.item.get("posted_at")
        if posted_at and (datetime.now(UTC) - posted_at).total_seconds() > (
            self.WINDOW_HOURS * 3600
        ):
            raise ReplyError(
                f"{self.label}: the 24 hours in which a Page may answer a direct message are "
                "over; write to the person by e-mail, or open the conversation in Meta "
                "Business Suite"
            )
        sent = self.adapter.post_json(
            f"{self.endpoint}/me/messages",
            {
                "recipient": {"id": self.item.get("author_handle")},
                "messaging_type": "RESPONSE",
                "message": {"text": text},
            },
            headers=self._headers(),
        )
        if not (sent or {}).get("message_id"):
            raise ReplyError(f"{self.label}: the answer does not name the message sent")
        return PostedReply(
            external_id=sent["message_id"],
            url="",
            text=text,
            author=page["name"],
            posted_at=datetime.now(UTC),
        )

    def _read_reply(self, page, reply_id, text):
        instagram = self.item.get("platform") == "instagram"
        fields = (
            "id,text,timestamp,username"
            if instagram
            else ("id,message,created_time,permalink_url,from")
        )
        data = (
            self.adapter.get_json(
                f"{self.endpoint}/{quote(str(reply_id))}",
                params={"fields": fields},
                headers=self._headers(),
            )
            or {}
        )
        return self._posted(page, data, reply_id, text)

    def _posted(self, page, data, reply_id, text):
        instagram = self.item.get("platform") == "instagram"
        return PostedReply(
            external_id=str(data.get("id") or reply_id),
            url=data.get("permalink_url") or "",
            text=data.get("text") or data.get("message") or text,
            author=(data.get("username") or page["ig_username"])
            if instagram
            else ((data.get("from") or {}).get("name") or page["name"]),
            posted_at=parse_date(data.get("timestamp") or data.get("created_time"))
            or datetime.now(UTC),
        )

    def find_posted(self, target_id, text, key):
        if self.item.get("action_type") == "message":
            # the Send API has no key and no thread to read back: a message whose sending
            # did not come back is not sent again blindly (the next send, after this
            # refusal, is a new one)
            raise ReplyError(
                f"{self.label}: the previous sending of this message did not come back; look "
                "at the conversation in Meta Business Suite before sending it again"
            )
        instagram = self.item.get("platform") == "instagram"
        edge = "replies" if instagram else "comments"
        try:
            page = self._page()
            listed = (
                self.adapter.get_json(
                    f"{self.endpoint}/{quote(str(target_id))}/{edge}",
                    params={
                        "fields": "id,text,timestamp,username"
                        if instagram
                        else "id,message,created_time,permalink_url,from"
                    },
                    headers=self._headers(),
                )
                or {}
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        for reply in listed.get("data") or []:
            ours = (
                reply.get("username") == page["ig_username"]
                if instagram
                else str((reply.get("from") or {}).get("id")) == page["id"]
            )
            words = (reply.get("text") or reply.get("message") or "").strip()
            if ours and words == text.strip():
                return self._posted(page, reply, reply.get("id"), text)
        return None


class YouTubeWriter(Writer):
    """``comments.insert`` (``POST /youtube/v3/comments?part=snippet``) with ``parentId``
    (the thread's top-level comment) and an OAuth access token of the channel with the
    ``youtube.force-ssl`` scope (the API key that reads cannot post). 10,000 characters.
    Before a retry, ``comments.list`` of the thread is read for the channel's own reply."""

    platform = "youtube"
    label = "YouTube"

    def _headers(self):
        return {"Authorization": f"Bearer {self.config.access_token}"}

    @staticmethod
    def _parent(target_id):
        # a reply's id is "<top-level id>.<reply>": answers go to the thread's top comment
        return str(target_id).split(".", 1)[0]

    def post(self, target_id, text, key):
        try:
            comment = self.adapter.post_json(
                f"{self.endpoint}/youtube/v3/comments?part=snippet",
                {"snippet": {"parentId": self._parent(target_id), "textOriginal": text}},
                headers=self._headers(),
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        return self._posted(comment, text)

    def find_posted(self, target_id, text, key):
        try:
            mine = self.adapter.get_json(
                f"{self.endpoint}/youtube/v3/channels",
                params={"part": "id", "mine": "true"},
                headers=self._headers(),
            )
            channel = (((mine or {}).get("items") or [{}])[0]).get("id")
            listed = self.adapter.get_json(
                f"{self.endpoint}/youtube/v3/comments",
                params={"part": "snippet", "parentId": self._parent(target_id),
                        "maxResults": 100, "textFormat": "plainText"},
                headers=self._headers(),
            )  # fmt: skip
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        for comment in (listed or {}).get("items") or []:
            snippet = comment.get("snippet") or {}
            author = (snippet.get("authorChannelId") or {}).get("value")
            if author == channel and (snippet.get("textOriginal") or "").strip() == text.strip():
                return self._posted(comment, text)
        return None

    def _posted(self, comment, text):
        if not isinstance(comment, dict) or not comment.get("id"):
            raise ReplyError("YouTube: the answer does not describe the published comment")
        snippet = comment.get("snippet") or {}
        video = snippet.get("videoId") or ""
        if not video:
            # comments.insert answers without the video: the post answered names it
            query = parse_qs(urlsplit(self.item.get("source_url") or "").query)
            video = (query.get("v") or [""])[0]
        return PostedReply(
            external_id=comment["id"],
            url=f"https://www.youtube.com/watch?v={quote(video)}&lc={quote(comment['id'])}"
            if video
            else "",
            text=snippet.get("textOriginal") or text,
            author=snippet.get("authorDisplayName") or "",
            posted_at=parse_date(snippet.get("publishedAt")) or datetime.now(UTC),
        )


class RedditWriter(Writer):
    """``POST /api/comment`` (``thing_id`` the post or comment's fullname, ``api_type``
    json) with a user access token of the company's account (the ``submit`` scope; the
    app-only token that reads cannot post). Reddit answers errors inside a 200
    (``json.errors``). Before a retry, the account's latest comments are read for one under
    the same parent with the same text. 10,000 characters."""

    platform = "reddit"
    label = "Reddit"

    def _headers(self):
        return {"Authorization": f"Bearer {self.config.access_token}"}

    def post(self, target_id, text, key):
        try:
            answer = self.adapter.post_form_json(
                f"{self.endpoint}/api/comment",
                {"thing_id": str(target_id), "text": text, "api_type": "json"},
                headers=self._headers(),
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        body = (answer or {}).get("json") or {}
        if body.get("errors"):
            code, message = [*list(body["errors"][0]), "", ""][:2]
            words = "the rate limit is reached, " if code == "RATELIMIT" else ""
            raise ReplyError(f"{self.label}: {words}{message or code}")
        things = (body.get("data") or {}).get("things") or []
        if not things:
            raise ReplyError("Reddit: the answer does not describe the published comment")
        return self._posted(things[0].get("data") or {}, text)

    def find_posted(self, target_id, text, key):
        try:
            me = self.adapter.get_json(f"{self.endpoint}/api/v1/me", headers=self._headers())
            name = (me or {}).get("name") or ""
            listing = self.adapter.get_json(
                f"{self.endpoint}/user/{quote(name)}/comments",
                params={"limit": 25, "sort": "new", "raw_json": 1},
                headers=self._headers(),
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        for child in ((listing or {}).get("data") or {}).get("children") or []:
            data = child.get("data") or {}
            if data.get("parent_id") == str(target_id) and (
                (data.get("body") or "").strip() == text.strip()
            ):
                return self._posted(data, text)
        return None

    def _posted(self, data, text):
        if not data.get("name") and not data.get("id"):
            raise ReplyError("Reddit: the answer does not describe the published comment")
        permalink = data.get("permalink") or ""
        return PostedReply(
            external_id=data.get("name") or f"t1_{data['id']}",
            url=f"https://www.reddit.com{permalink}" if permalink.startswith("/") else "",
            text=data.get("body") or text,
            author=data.get("author") or "",
            posted_at=datetime.fromtimestamp(float(data["created_utc"]), UTC)
            if data.get("created_utc")
            else datetime.now(UTC),
        )


WRITERS = {
    "reddit": RedditWriter,
    "youtube": YouTubeWriter,
    "mastodon": MastodonWriter,
    "bluesky": BlueskyWriter,
    "x": XWriter,
    "meta_webhook": MetaWriter,
}


def register_writer(kind):
    """Class decorator: the writer answering for connector kind ``kind`` (a channel's
    module in ``lib/connectors/`` registers its writer so, next to its mapper)."""

    def register(writer_class):
        if kind in WRITERS:
            raise ValueError(f"Kind {kind!r} already has a writer")
        WRITERS[kind] = writer_class
        return writer_class

    return register


def writer_for(kind, config, adapter, endpoint=""):
    """The writer of a connector kind, or None when replies go through the platform's site;
    ``endpoint`` empty: the platform's own."""
    writer = WRITERS.get(kind)
    if not writer:
        return None
    if not endpoint:
        from .connectors import get_kind

        poller = get_kind(kind).poller
        endpoint = poller.default_endpoint if poller else ""
    return writer(config, adapter, endpoint)
