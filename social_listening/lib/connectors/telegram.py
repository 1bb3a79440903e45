"""Telegram: the company's bot, fed by the Bot API's webhook, answering through ``sendMessage``.

Deliveries (Bot API, ``setWebhook`` and ``Update``, core.telegram.org/bots/api): Telegram
signs nothing; it sends back, in ``X-Telegram-Bot-Api-Secret-Token``, the ``secret_token``
the webhook was set with (the connector's webhook secret), compared in constant time. Each
delivery is one ``Update``, told apart by its ``update_id`` (stored once) and dated by its
message (``date``; an edit by its ``edit_date``).

What becomes an item: a message in a private chat (a ``message``: always a card); in a
group or supergroup only a message that addresses a bot — a mention of a bot's
@username, a /command, a reply to a bot's message (a ``comment``) — so that the group's
own conversation is never read into the CRM; a channel post (a ``mention``). Each item
names the bots it addresses (``addressed_to``): with the bot's username in the
connector's *Account*, a message meant for another bot of the group is not kept. A photo's
or a document's caption is its text. An edit (``edited_message``, ``edited_channel_post``)
is the same item (``<chat id>:<message id>``) marked ``updatable`` and dated by its edit:
the mention and its card take the new words, never a second card.

Answers: ``sendMessage`` with ``reply_parameters`` (Bot API 7.0) through the connector's
guarded HTTP adapter, a thin client rather than an SDK (python-telegram-bot and aiogram are
asyncio frameworks with their own HTTP stack; one POST needs neither). The bot's token
travels in the URL's path (``/bot<token>/``), where the adapter's ``redact()`` (query
strings) does not look: every error raised here has it removed, and so do urllib3's debug
lines. Telegram keeps no idempotency key and cannot be asked which messages a bot sent:
an answer whose sending did not come back is never sent again blindly (the rep is told
to look at the chat first).
"""

import hmac
import json
import logging
import re
import time
from datetime import UTC, datetime

from odoo.addons.social_interest.lib.http import (
    Deadline,
    FetchError,
    TransientError,
    open_checked,
    read_capped,
)
from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date
from ..replies import PostedReply, ReplyError, Writer, register_writer
from .registry import ConnectorKind, WebhookScheme, register_kind

WEBHOOK_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_ENDPOINT = "https://api.telegram.org"
# the parts of an Update this kind reads, and whether each is an edit
MESSAGE_FIELDS = (
    ("message", False),
    ("edited_message", True),
    ("channel_post", False),
    ("edited_channel_post", True),
)
GROUPS = ("group", "supergroup")
# what a message without words holds, in the order Telegram's apps name them
MEDIA = ("photo", "video", "animation", "document", "audio", "voice", "video_note",
         "sticker", "location", "contact", "poll")  # fmt: skip
# a bot token in a URL's path (``/bot123456:ABC-def``)
TOKEN_IN_PATH = re.compile(r"/bot\d+:[\w-]+")


class _HideBotToken(logging.Filter):
    """urllib3 writes each request's path in its debug lines: never a bot's token."""

    def filter(self, record):
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(
                TOKEN_IN_PATH.sub("/bot***", arg) if isinstance(arg, str) else arg
                for arg in record.args
            )
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_HideBotToken())


# ---------------------------------------------------------------------- deliveries


def verify_secret_token(secret, body, header_value):
    """True only when the header is the webhook's secret token (constant-time)."""
    return hmac.compare_digest(secret.encode("utf-8"), header_value.encode("utf-8"))


def _message_of(payload):
    """``(message, edited)`` of an Update, or ``(None, False)`` for another kind of update."""
    for field, edited in MESSAGE_FIELDS:
        if isinstance(payload.get(field), dict):
            return payload[field], edited
    return None, False


def map_telegram_update(payload):
    """``(items, errors)`` of one Update: at most one item (its message), none for an
    update of another kind (a button pressed, a member added) or a group's own talk."""
    if not isinstance(payload, dict) or not isinstance(payload.get("update_id"), int):
        raise ValueError("not a Telegram update (no update_id)")
    message, edited = _message_of(payload)
    if message is None:
        return [], []
    try:
        item = _map_message(message, edited)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return [], [f"{type(exc).__name__}: {exc}"]
    return ([item] if item else []), []


def telegram_sent_at(payload):
    """Seconds since the epoch of the Update's message (its edit, for an edit). An update
    this kind does not read yields nothing whatever its age: it is dated now, never
    refused (a refused update would hold back the bot's next ones at Telegram)."""
    message, _edited = _message_of(payload) if isinstance(payload, dict) else (None, False)
    if message is None:
        return time.time()
    value = message.get("edit_date") or message.get("date")
    return float(value) if isinstance(value, int | float) else None


def _map_message(message, edited):
    chat = message["chat"]
    chat_id = int(chat["id"])
    chat_type = chat.get("type") or ("private" if chat_id > 0 else "group")
    text = message.get("text") or message.get("caption") or ""
    sender = message.get("from") if isinstance(message.get("from"), dict) else {}
    on_behalf = message.get("sender_chat") if isinstance(message.get("sender_chat"), dict) else {}
    if sender.get("is_bot") and not on_behalf:
        return None  # another bot (Telegram delivers none to a bot; a forged one is dropped)
    action, addressed = "message", None
    if chat_type in GROUPS:
        addressed = _addressees(message, text)
        if addressed is None:
            return None  # the group talking among itself
        replied = ((message.get("reply_to_message") or {}).get("from") or {}).get("is_bot")
        action = "comment" if replied else "mention"
    elif chat_type == "channel":
        action, on_behalf = "mention", on_behalf or chat
    title = "" if text.strip() else _media(message)
    if not (text.strip() or title):
        return None  # a service message (someone joined, a pinned message): no words
    item = InterestData(
        external_id=f"{chat_id}:{int(message['message_id'])}",
        platform="telegram",
        action_type=action,
        source_url=_link(chat, message["message_id"]),
        interest_date=parse_date(message.get("edit_date") if edited else message.get("date")),
        title=title,
        body=text,
        lang=str(sender.get("language_code") or "").split("-")[0].lower(),
    )
    _set_author(item, on_behalf or sender, message.get("author_signature"))
    if addressed is not None:
        item["addressed_to"] = addressed
    if edited:
        item["updatable"] = True
    return item


def _set_author(item, who, signature=None):
    """A person (first and last name, username or else numeric id) or a chat speaking for
    itself (a channel, an anonymous group admin: its title)."""
    username = str(who.get("username") or "")
    name = who.get("title") or " ".join(
        part for part in (who.get("first_name"), who.get("last_name")) if part
    )
    item.author_name = str(signature or name or username)
    item.author_handle = username.lower() or str(who.get("id") or "")
    item.author_url = f"https://t.me/{username}" if username else ""


def _addressees(message, text):
    """The bots a group message addresses, lower-cased usernames (``()``: a bare
    /command, for the group's bots); None when it addresses none. Entity offsets and
    lengths count UTF-16 code units (Bot API, MessageEntity)."""
    names, command = set(), False
    entities = message.get("entities") or message.get("caption_entities") or []
    for entity in entities if isinstance(entities, list) else []:
        kind = entity.get("type") if isinstance(entity, dict) else None
        if kind == "mention":
            name = _entity_text(text, entity).lstrip("@").lower()
            if name.endswith("bot"):  # Telegram gives only bots such usernames
                names.add(name)
        elif kind == "bot_command" and entity.get("offset") == 0:
            target = _entity_text(text, entity).partition("@")[2].lower()
            if target:
                names.add(target)
            else:
                command = True
        elif kind == "text_mention" and (entity.get("user") or {}).get("is_bot"):
            names.add(str(entity["user"].get("username") or "").lower())
    replied = (message.get("reply_to_message") or {}).get("from") or {}
    if replied.get("is_bot"):
        names.add(str(replied.get("username") or "").lower())
    names.discard("")
    if names:
        return tuple(sorted(names))
    return () if command else None


def _entity_text(text, entity):
    units = text.encode("utf-16-le")
    start = int(entity.get("offset") or 0) * 2
    return units[start : start + int(entity.get("length") or 0) * 2].decode("utf-16-le", "replace")


def _media(message):
    """What a message without words holds ("[photo]", "[document report.pdf]"), or ""."""
    for kind in MEDIA:
        if message.get(kind):
            name = (message[kind] or {}).get("file_name") if kind == "document" else ""
            return f"[{kind} {name}]" if name else f"[{kind}]"
    return ""


def _link(chat, message_id):
    """The message's link: a public group's or channel's (t.me/<username>/<id>), a private
    supergroup's or channel's for its members (t.me/c/<id>/<id>); none in a private chat."""
    if chat.get("type") == "private":
        return ""
    if chat.get("username"):
        return f"https://t.me/{chat['username']}/{message_id}"
    chat_id = str(chat.get("id") or "")
    return f"https://t.me/c/{chat_id[4:]}/{message_id}" if chat_id.startswith("-100") else ""


register_kind(
    ConnectorKind(
        code="telegram",
        label="Telegram bot",
        platform="telegram",
        sequence=95,
        webhook=WebhookScheme(
            map_delivery=map_telegram_update,
            # Telegram dates no delivery: the update_id tells a replay, the message's date
            # refuses one older than the kept keys
            delivered_at=None,
            sent_at=telegram_sent_at,
            delivery_id=lambda payload: payload.get("update_id"),
            signature_header=WEBHOOK_HEADER,
            verifier=verify_secret_token,
        ),
        # webhook secret: setWebhook's secret_token; access token: the bot's token
        # (BotFather); account: the bot's username (messages meant for other bots dropped)
        credentials=("webhook_secret", "access_token", "login"),
        action_type="mention",
    )
)


# ---------------------------------------------------------------------- answers


def _target(target_id):
    """``(chat id, message id)`` of an item's external id ``<chat id>:<message id>``."""
    chat, _sep, message = str(target_id or "").rpartition(":")
    try:
        return int(chat), int(message)
    except ValueError:
        raise ReplyError("Telegram: the item answered is not a Telegram message") from None


@register_writer("telegram")
class TelegramWriter(Writer):
    """``sendMessage`` in the item's chat, as a reply to it (``reply_parameters``), with
    the bot's token; 4,096 characters (the platform's rule). Plain text: no
    ``parse_mode``, so nothing in the answer is read as markup."""

    platform = "telegram"
    label = "Telegram"

    def __init__(self, config, adapter, endpoint):
        super().__init__(config, adapter, endpoint or DEFAULT_ENDPOINT)

    @property
    def private(self):
        """An answer in a private chat goes to the person alone; in a group, to all."""
        return self.item.get("action_type") == "message"

    def notice(self):
        if self.private:
            return ""
        return (
            "Telegram: this answer is posted in the group or channel, as a reply to the "
            "message: every member reads it."
        )

    def post(self, target_id, text, key):
        chat_id, message_id = _target(target_id)
        result = self._call(
            "sendMessage",
            {
                "chat_id": chat_id,
                "text": text,
                "reply_parameters": {"message_id": message_id, "chat_id": chat_id},
            },
        )
        if not isinstance(result, dict) or not result.get("message_id"):
            # Telegram said ok: the message went out, but which one is unknown
            raise FetchError("Telegram sent the answer but did not name the message")
        chat = result.get("chat") or {}
        return PostedReply(
            external_id=f"{chat.get('id', chat_id)}:{result['message_id']}",
            url=_link(chat, result["message_id"]),
            text=result.get("text") or text,
            author=(result.get("from") or {}).get("username") or self.config.login or "",
            posted_at=parse_date(result.get("date")) or datetime.now(UTC),
        )

    def find_posted(self, target_id, text, key):
        # no key to send again with, no list of the bot's messages to read back
        raise ReplyError(
            "Telegram: the previous sending of this answer did not come back, and Telegram "
            "cannot be asked which messages the bot sent; look at the chat in Telegram "
            "before sending it again"
        )

    def _call(self, method, payload):
        """The ``result`` of Bot API ``method``. Telegram's answer is read whatever its
        status (its ``description`` and ``retry_after`` are in the body, which the
        adapter's errors do not keep): a refusal is a ReplyError; a lost answer (no
        response, 5xx) a FetchError without the token, whose outcome is unknown."""
        url = f"{self.endpoint}/bot{self.config.access_token}/{method}"
        deadline = Deadline(self.adapter.deadline)
        try:
            response = open_checked(
                self.adapter.session,
                "POST",
                url,
                deadline,
                timeout=self.adapter.timeout,
                allow_private=self.adapter.allow_private,
                resolve=self.adapter.resolve,
                json=payload,
            )
            with response:
                status = response.status_code
                body = read_capped(response, self.adapter.max_body, deadline)
        except FetchError as error:
            raise self._hidden(error) from None
        if status >= 500:
            raise TransientError(f"HTTP {status} from Telegram", status=status)
        try:
            answer = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            answer = None
        if not isinstance(answer, dict):
            if status < 300:
                raise FetchError("Telegram's answer is unreadable")  # it may have gone out
            answer = {}
        if status < 300 and answer.get("ok"):
            return answer.get("result")
        raise self._refusal(status, answer)

    def _hidden(self, error):
        """``error`` as it may be shown and logged: without the bot's token."""
        message = str(error)
        if self.config.access_token:
            message = message.replace(self.config.access_token, "***")
        message = TOKEN_IN_PATH.sub("/bot***", message)
        if isinstance(error, TransientError):
            return type(error)(message, retry_after=error.retry_after, status=error.status)
        return FetchError(message, status=error.status)

    @staticmethod
    def _refusal(status, answer):
        description = str(answer.get("description") or f"HTTP {status}")[:300]
        if status == 429 or answer.get("error_code") == 429:
            wait = (answer.get("parameters") or {}).get("retry_after")
            when = f"in {int(wait)} seconds" if isinstance(wait, int | float) else "later"
            return ReplyError(
                f"Telegram: the bot is sending too fast (flood control) and nothing was sent; "
                f"send again {when} ({description})"
            )
        reasons = {
            401: "Telegram no longer accepts the bot's token (revoked or replaced in "
            "BotFather): an administrator enters the new one",
            403: "the bot may not write in this chat (the person blocked it, or it was "
            "removed from the group)",
            404: "Telegram does not know the bot's token",
        }
        reason = reasons.get(status, "Telegram refused the answer")
        return ReplyError(f"Telegram: {reason} ({description})")
