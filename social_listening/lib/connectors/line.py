"""LINE Official Account (Messaging API): what people write to the account, and the answers.

In: LINE posts ``{"destination": ..., "events": [...]}`` to the webhook URL, signed in the
``x-line-signature`` header with the base64 HMAC-SHA256 of the raw body, keyed with the
channel secret (developers.line.biz, Messaging API reference, "Signature validation").
Message events (text, sticker, location, image, video, audio, file) and postbacks become
private "message" items of the person (``source.userId``), in one-to-one chats, groups and
rooms alike; follow and unfollow are noted on the person's identity (no card); join, leave,
unsend and the other events record nothing.
LINE sends no profile with an event: once mapped, the delivery is completed with the
channel access token (:func:`complete_line_items`): the person's display name, picture and
language (``GET /v2/bot/profile/{userId}``, in a group or room its member profile), asked
once per person and delivery, and the file of an image, video, audio or file message
(``GET https://api-data.line.me/v2/bot/message/{messageId}/content``, up to 10 MB) kept on
the card; the item's text says what was sent ("[image]"). A profile or file LINE does not
give leaves the item as it came.

Out: the reply API with the event's reply token while LINE takes it (one use, within one
minute of the webhook), else a push message to the person, which counts against the
account's monthly message quota; a push carries ``X-Line-Retry-Key`` (a UUID derived from
the attempt's key), so that its retry is accepted once at most.
"""

import base64
import hashlib
import hmac
import json
import logging
import time
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date
from ..replies import PostedReply, ReplyError, Writer, register_writer
from .completion import DeliveryFetcher
from .registry import ConnectorKind, WebhookScheme, map_events, register_kind

_logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "x-line-signature"
# LINE's reference ("Send reply message"): a reply token is used once, within one minute
# after the webhook was received; later its use is not guaranteed
REPLY_WINDOW = timedelta(minutes=1)
# what a message without text is shown as on the card
MEDIA_TYPES = ("image", "video", "audio", "file")
# the Messaging API's hosts; a connector's endpoint (a proxy, the tests) stands for both
API_ENDPOINT = "https://api.line.me"
DATA_ENDPOINT = "https://api-data.line.me"


# ---------------------------------------------------------------------- webhook in


def verify_line_signature(secret, body, header_value):
    """True only when ``header_value`` is the base64 HMAC-SHA256 of ``body`` (bytes) keyed
    with the channel secret; compared in constant time."""
    if not secret or not header_value:
        return False
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    expected = base64.b64encode(digest)
    return hmac.compare_digest(expected, str(header_value).strip().encode("ascii", "replace"))


def map_line_webhook(payload):
    """``(items, errors)`` of one LINE delivery: one private message item per message or
    postback event; a broken event is an error, never the delivery's end."""
    if not isinstance(payload, dict) or not isinstance(payload.get("events"), list):
        raise ValueError("not a LINE webhook payload")
    return map_events((_map_event, event) for event in payload["events"])


def line_person_events(payload):
    """Follow and unfollow events of one-to-one chats: the person added the account as a
    friend (or unblocked it), or blocked it; dated by the event (LINE's ``timestamp``)."""
    events = []
    for event in payload.get("events") or []:
        if not isinstance(event, dict) or event.get("type") not in ("follow", "unfollow"):
            continue
        source = event.get("source") or {}
        user = source.get("userId")
        stamp = event.get("timestamp")
        if source.get("type") != "user" or not user or not isinstance(stamp, int | float):
            continue
        events.append(
            {
                "platform": "line",
                "handle": str(user),
                "status": "following" if event["type"] == "follow" else "blocked",
                "when": datetime.fromtimestamp(stamp / 1000, UTC).replace(tzinfo=None),
            }
        )
    return events


def line_delivery_id(payload):
    """The delivery's key: its one event's ``webhookEventId``, or a digest of its events'
    ids; None (the body's digest) when no event has one. A redelivered event keeps its id,
    so the same events sent again are refused as a duplicate delivery; grouped otherwise,
    the items' own ids (a message's id) keep them once."""
    ids = sorted(
        str(event["webhookEventId"])
        for event in payload.get("events") or []
        if isinstance(event, dict) and event.get("webhookEventId")
    )
    if not ids:
        return None
    if len(ids) == 1:
        return f"line:{ids[0]}"
    return "line:" + hashlib.sha256(",".join(ids).encode()).hexdigest()


def line_sent_at(payload):
    """Seconds since the epoch of the delivery's latest event (``timestamp``, milliseconds).
    A delivery with no event (the console's "Verify" button) is dated now: it carries
    nothing a replay could repeat."""
    events = [event for event in payload.get("events") or [] if isinstance(event, dict)]
    if not events:
        return time.time()
    times = [e["timestamp"] / 1000 for e in events if isinstance(e.get("timestamp"), int | float)]
    return max(times) if times else None


def _map_event(event):
    if not isinstance(event, dict):
        raise TypeError("an event is not an object")
    if event.get("type") == "message":
        return _map_message(event)
    if event.get("type") == "postback":
        return _map_postback(event)
    # follow and unfollow are the person's state (line_person_events); join, leave,
    # unsend...: nothing to answer
    return None


def _map_message(event):
    message = event["message"]
    item = _item(event, str(message["id"]), _message_text(message), message.get("type"))
    if message.get("type") in MEDIA_TYPES:
        # "line": the file is on LINE's servers (a file always is); "external": the sending
        # bot's own URL, not fetched
        provider = (message.get("contentProvider") or {}).get("type") or "line"
        item.extra["line_content"] = {
            "provider": str(provider),
            "name": str(message.get("fileName") or ""),
            "size": message.get("fileSize") if isinstance(message.get("fileSize"), int) else None,
        }
    return item


def _map_postback(event):
    """A tap on a button of ours: its data is what the person chose."""
    postback = event["postback"]
    event_id = event.get("webhookEventId") or f"{event['timestamp']}-{_user(event)}"
    return _item(event, f"postback-{event_id}", str(postback["data"]), "postback")


def _message_text(message):
    kind = message.get("type")
    if kind == "text":
        return str(message["text"])
    if kind == "location":
        words = [str(message.get(key) or "").strip() for key in ("title", "address")]
        words = [word for word in words if word]
        return "\n".join(words) or f"{message['latitude']}, {message['longitude']}"
    if kind == "file":
        return f"[file] {message.get('fileName') or ''}".strip()
    return f"[{kind or 'message'}]"  # sticker, image, video, audio, and types to come


def _user(event):
    return str((event.get("source") or {}).get("userId") or "")


def _item(event, external_id, text, message_type):
    source = event.get("source") or {}
    chat = str(source.get("groupId") or source.get("roomId") or "")
    return InterestData(
        external_id=external_id,
        platform="line",
        action_type="message",
        body=text,
        author_handle=_user(event),
        interest_date=parse_date(event["timestamp"] / 1000),
        # the group or room the person wrote in (empty: a one-to-one chat)
        page=chat,
        extra={
            "reply_token": str(event.get("replyToken") or ""),
            "line_source": str(source.get("type") or ""),
            "line_chat_id": chat,
            "line_message_type": message_type or "",
            "line_redelivery": bool((event.get("deliveryContext") or {}).get("isRedelivery")),
        },
    )


def complete_line_items(items, config, adapter):
    """The ``items`` of one delivery with their author's LINE profile (display name,
    picture, language) and, for a media message, its file in ``extra["attachments"]``;
    asked with the channel access token. Never raises for one item."""
    if not config.access_token:
        return items
    api = (config.endpoint_url or API_ENDPOINT).rstrip("/")
    data = (config.endpoint_url or DATA_ENDPOINT).rstrip("/")
    fetcher = DeliveryFetcher(adapter, config.access_token, api)
    profiles = {}  # userId -> profile (or None), asked once per delivery
    for item in items:
        try:
            _complete_profile(item, fetcher, api, profiles)
            _complete_content(item, fetcher, data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            _logger.info("LINE item %s not completed: %s", item.get("external_id"), exc)
    return items


def _complete_profile(item, fetcher, api, profiles):
    user = item.author_handle
    if not user:
        return
    if user not in profiles:
        profiles[user] = fetcher.json(_profile_url(item, api))
    profile = profiles[user]
    if not profile:
        return
    item.author_name = str(profile.get("displayName") or "")[:256] or item.author_name
    picture = str(profile.get("pictureUrl") or "")
    if picture.startswith(("https://", "http://")):
        item.author_image_url = picture
    if profile.get("language"):  # a member profile has none
        item.lang = str(profile["language"])[:16]


def _profile_url(item, api):
    """Messaging API reference: "Get profile"; in a group or a room, "Get group chat
    member profile" / "Get multi-person chat member profile"."""
    user = quote(item.author_handle, safe="")
    chat = quote(item.extra.get("line_chat_id") or "", safe="")
    source = item.extra.get("line_source")
    if chat and source in ("group", "room"):
        return f"{api}/v2/bot/{source}/{chat}/member/{user}"
    return f"{api}/v2/bot/profile/{user}"


def _complete_content(item, fetcher, data):
    content = item.extra.get("line_content")
    if not content or content.get("provider") != "line":
        return
    message_id = quote(str(item.external_id), safe="")
    kind = item.extra.get("line_message_type") or "file"
    attachment = fetcher.file(
        f"{data}/v2/bot/message/{message_id}/content",
        content.get("name") or f"line-{kind}-{item.external_id}",
        size=content.get("size"),
    )
    if attachment:
        item.extra.setdefault("attachments", []).append(attachment)


register_kind(
    ConnectorKind(
        code="line",
        label="LINE Official Account",
        platform="line",
        sequence=95,
        webhook=WebhookScheme(
            map_delivery=map_line_webhook,
            # LINE signs no delivery date and redelivers for a while after a failure: the
            # events' ids tell a replay (the delivery key, then each item's own id)
            delivered_at=None,
            sent_at=line_sent_at,
            delivery_id=line_delivery_id,
            signature_header=SIGNATURE_HEADER,
            verifier=verify_line_signature,
            complete=complete_line_items,
            person_events=line_person_events,
        ),
        # webhook_secret: the channel secret; access_token: the channel access token
        credentials=("webhook_secret", "access_token"),
        action_type="message",
    )
)


# ---------------------------------------------------------------------- answers out


def retry_key(key):
    """The ``X-Line-Retry-Key`` of an attempt: a UUID, the same for every retry of it."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"social_listening:line:{key}"))


def _attempt_started(key):
    """When the attempt ``key`` ("card-<id>-<microseconds since the epoch>") began."""
    tail = str(key).rsplit("-", 1)[-1]
    return datetime.fromtimestamp(int(tail) / 1_000_000, UTC) if tail.isdigit() else None


def _answer(error):
    """The JSON LINE answered with an error, as the adapter's message carries it."""
    try:
        body = json.loads(str(error).split(": ", 1)[-1])
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


@register_writer("line")
class LineWriter(Writer):
    """Answers a LINE chat: ``POST /v2/bot/message/reply`` with the event's reply token
    while it is valid (free), else ``POST /v2/bot/message/push`` to the person (counted in
    the monthly quota) with ``X-Line-Retry-Key``; the channel access token authorises
    both. LINE answers ``sentMessages``: their id is the proof."""

    platform = "line"
    label = "LINE"
    private = True
    default_endpoint = "https://api.line.me"

    def __init__(self, config, adapter, endpoint):
        super().__init__(config, adapter, endpoint or self.default_endpoint)

    def _headers(self, key=None):
        headers = {"Authorization": f"Bearer {self.config.access_token}"}
        if key:
            headers["X-Line-Retry-Key"] = retry_key(key)
        return headers

    def reply_token_valid(self, at=None):
        """Whether LINE still takes the item's reply token at ``at`` (default: now)."""
        posted_at = self.item.get("posted_at")
        if not self.item.get("reply_token") or not posted_at:
            return False
        return (at or datetime.now(UTC)) < posted_at + REPLY_WINDOW

    def notice(self):
        if self.reply_token_valid():
            until = (self.item["posted_at"] + REPLY_WINDOW).strftime("%H:%M:%S UTC")
            road = f"Sent as a reply (free) if it goes before {until}; later as a push message."
        else:
            road = "Sent as a push message: it counts against the account's monthly quota."
        return f"{road} {self._quota_left()}"

    def _quota_left(self):
        try:
            quota = self.adapter.get_json(
                f"{self.endpoint}/v2/bot/message/quota", headers=self._headers()
            )
            used = self.adapter.get_json(
                f"{self.endpoint}/v2/bot/message/quota/consumption", headers=self._headers()
            )
        except FetchError:
            return "LINE did not say how much of the monthly quota is left."
        if (quota or {}).get("type") != "limited":
            return "The account has no monthly limit of push messages."
        value = int(quota.get("value") or 0)
        left = max(value - int((used or {}).get("totalUsage") or 0), 0)
        return f"Push messages left this month: {left} of {value}."

    def post(self, target_id, text, key):
        messages = [{"type": "text", "text": text}]
        try:
            account = self._account()
            if self.reply_token_valid():
                sent = self._reply(messages)
                if sent is not None:
                    return self._posted(sent, text, account, key)
            return self._posted(self._push(messages, key), text, account, key)
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            if getattr(error, "status", None) == 429:
                raise ReplyError(
                    f"{self.label}: the rate limit or the account's monthly message quota is "
                    "reached; nothing was sent. Try again later, or raise the plan's quota in "
                    "LINE Official Account Manager."
                ) from error
            raise self._refused(error, self.label) from error

    def _account(self):
        """The account's name (``GET /v2/bot/info``), asked once per connector."""
        account = self.session.get("line_bot")
        if not account:
            info = self.adapter.get_json(f"{self.endpoint}/v2/bot/info", headers=self._headers())
            info = info or {}
            account = self.session["line_bot"] = {
                "name": info.get("displayName") or info.get("basicId") or self.label
            }
        return account

    def _reply(self, messages):
        """LINE's answer to the reply; None when LINE no longer takes the token (used, or
        expired before the minute): the caller pushes instead."""
        try:
            return self.adapter.post_json(
                f"{self.endpoint}/v2/bot/message/reply",
                {"replyToken": self.item["reply_token"], "messages": messages},
                headers=self._headers(),
            )
        except FetchError as error:
            if getattr(error, "status", None) == 400 and "reply token" in str(error).lower():
                return None
            raise

    def _push(self, messages, key):
        """Push to the person; a retry key LINE accepted before answers 409 with what it
        sent then: the message went out once, and that is its proof."""
        to = self.item.get("author_handle")
        if not to:
            raise ReplyError(f"{self.label}: LINE did not name the person; no push is possible")
        try:
            return self.adapter.post_json(
                f"{self.endpoint}/v2/bot/message/push",
                {"to": to, "messages": messages},
                headers=self._headers(key),
            )
        except FetchError as error:
            if getattr(error, "status", None) == 409:
                return _answer(error)
            raise

    def find_posted(self, target_id, text, key):
        """The reply API has no retry key and LINE lists no sent messages: after a reply
        whose answer was lost, nothing can tell whether it went out, so it is not sent
        again blindly. A push is sent again under the same retry key (see ``_push``)."""
        started = _attempt_started(key)
        if self.item.get("reply_token") and (started is None or self.reply_token_valid(started)):
            raise ReplyError(
                f"{self.label}: the previous sending of this answer did not come back and "
                "LINE cannot tell whether it went out; look at the chat in LINE Official "
                "Account Manager before sending it again"
            )
        return None

    def _posted(self, sent, text, account, key):
        messages = (sent or {}).get("sentMessages") or [{}]
        # a 409 without its sentMessages: LINE accepted the retry key once, the message is
        # known by it
        message_id = messages[0].get("id") or f"retry-key:{retry_key(key)}"
        return PostedReply(
            external_id=str(message_id),
            url="",
            text=text,
            author=account["name"],
            posted_at=datetime.now(UTC),
        )
