"""WhatsApp Business Platform (Cloud API): webhook deliveries in, text replies out.

Meta's webhooks of a WhatsApp Business Account (``object`` ``whatsapp_business_account``,
``entry[].changes[]`` of field ``messages``) carry two things:

- ``value.messages[]``: what people write to the business number. Each message is a
  private ``message`` item (always a card); its author is ``value.contacts[]``'s ``wa_id``
  (their phone number, so the identity finds the contact of that number) and profile name.
  A reaction is a ``like`` whose text is the emoji (it acknowledges one of our messages:
  it needs no answer, the connector's triage decides whether it makes a card); a removed
  reaction (no emoji) is nothing. The file of an image, video, audio, document or sticker
  is fetched once the delivery is mapped (:func:`complete_whatsapp_items`: its URL from
  ``GET /{media-id}``, then its bytes, both with the system user's token; up to 10 MB) and
  kept on the card; one Meta does not give leaves the message as it came.
- ``value.statuses[]``: what became of OUR messages (sent, delivered, read, failed). They
  are never items: :func:`whatsapp_receipts` reads them, and the card that reply answered
  records them (``social.interest.reply.attempt._record_receipts``).

Deliveries are signed as every Meta webhook (``X-Hub-Signature-256``, HMAC-SHA256 of the
body with the app secret: the default check) and subscribed with Meta's verification
handshake. Meta sends no delivery id (the body's digest stands for it) and signs no date:
the newest message or status time dates the delivery.

Replies (:class:`WhatsAppWriter`) are text messages sent with the Cloud API, as the reply to
the person's message (``context.message_id``), inside the 24 hours after it (the customer
service window); after it only an approved message template may be sent.
"""

import json
import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from odoo.tools.translate import LazyTranslate

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date
from ..replies import PostedReply, ReplyError, Writer, register_writer
from .completion import DeliveryFetcher
from .registry import ConnectorKind, WebhookScheme, map_events, register_kind

_logger = logging.getLogger(__name__)
# A writer has no environment: its words are translated lazily, into the language of the
# request that shows them (the composer's user), as Odoo translates code without one.
# pylint: disable=prefer-env-translation
_lt = LazyTranslate(__name__)

OBJECT = "whatsapp_business_account"
MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
GRAPH_ENDPOINT = "https://graph.facebook.com/v21.0"


def map_whatsapp_webhook(payload):
    """Items of a WhatsApp Business Account delivery: one per message people sent."""
    calls = []
    for value in _message_values(payload):
        names = {
            str(contact.get("wa_id")): (contact.get("profile") or {}).get("name") or ""
            for contact in value.get("contacts") or []
            if isinstance(contact, dict)
        }
        calls += [(_map_message, message, names) for message in value.get("messages") or []]
    return map_events(calls)


def whatsapp_receipts(payload):
    """What became of our messages: ``{"reply_id", "status", "at", "error"}`` per status
    (``reply_id`` the ``wamid`` the Cloud API answered when it was sent)."""
    receipts = []
    for value in _message_values(payload):
        for status in value.get("statuses") or []:
            if not isinstance(status, dict) or not status.get("id") or not status.get("status"):
                continue
            errors = [e for e in status.get("errors") or [] if isinstance(e, dict)]
            receipts.append(
                {
                    "reply_id": str(status["id"]),
                    "status": str(status["status"]),
                    "at": parse_date(status.get("timestamp")),
                    "error": "; ".join(_error_text(error) for error in errors),
                }
            )
    return receipts


def whatsapp_sent_at(payload):
    """Seconds since the epoch of the delivery's newest message or status, or None."""
    times = []
    for value in _message_values(payload):
        for event in [*(value.get("messages") or []), *(value.get("statuses") or [])]:
            stamp = event.get("timestamp") if isinstance(event, dict) else None
            if isinstance(stamp, int | float) or (isinstance(stamp, str) and stamp.isdigit()):
                times.append(float(stamp))
    return max(times) if times else None


def _message_values(payload):
    """The ``value`` of every ``messages`` change of the delivery."""
    if (
        not isinstance(payload, dict)
        or payload.get("object") != OBJECT
        or not isinstance(payload.get("entry"), list)
    ):
        raise ValueError("not a WhatsApp Business Account webhook payload")
    for entry in payload["entry"]:
        for change in (entry.get("changes") or []) if isinstance(entry, dict) else []:
            if isinstance(change, dict) and change.get("field") == "messages":
                value = change.get("value")
                if isinstance(value, dict):
                    yield value


def _map_message(message, names):
    kind = message["type"]
    wa_id = str(message["from"])
    action, body, media = "message", "", None
    if kind == "text":
        body = message["text"]["body"]
    elif kind in MEDIA_TYPES:
        media = message[kind]
        body = media.get("caption") or media.get("filename") or ""
    elif kind == "interactive":
        interactive = message["interactive"]
        body = interactive[interactive["type"]]["title"]  # button_reply, list_reply
    elif kind == "button":  # a quick-reply button of a template
        body = message["button"]["text"]
    elif kind == "reaction":
        body = message["reaction"].get("emoji") or ""
        if not body:
            return None  # the person took their reaction back
        action = "like"
    elif kind == "location":
        place = message["location"]
        body = (
            ", ".join(str(part) for part in (place.get("name"), place.get("address")) if part)
            or f"{place['latitude']}, {place['longitude']}"
        )
    elif kind == "contacts":
        body = ", ".join(
            (contact.get("name") or {}).get("formatted_name") or ""
            for contact in message["contacts"]
        )
    else:  # unsupported, system (a changed number), request_welcome...
        raise ValueError(f"message type {kind!r} is not read")
    return InterestData(
        external_id=str(message["id"]),
        platform="whatsapp",
        action_type=action,
        body=body,
        author_name=names.get(wa_id, ""),
        author_handle=wa_id,
        author_phone=f"+{wa_id}",
        interest_date=parse_date(message.get("timestamp")),
        extra={
            "context_id": str((message.get("context") or {}).get("id") or ""),
            "whatsapp_media": _media(kind, media),
        },
    )


def _media(kind, media):
    """The media's id, what it is and the file's name: fetched by the completion."""
    if not media:
        return None
    return {
        "id": str(media.get("id") or ""),
        "kind": kind,
        "mime_type": str(media.get("mime_type") or ""),
        "filename": str(media.get("filename") or ""),
    }


def complete_whatsapp_items(items, config, adapter):
    """The ``items`` of one delivery with the file of each media message in
    ``extra["attachments"]`` (Cloud API reference, "Media": ``GET /{media-id}`` answers its
    ``url``, ``mime_type`` and ``file_size``; ``GET url`` with the same token, its bytes).
    Never raises for one item."""
    if not config.access_token:
        return items
    graph = (config.endpoint_url or GRAPH_ENDPOINT).rstrip("/")
    fetcher = DeliveryFetcher(adapter, config.access_token, graph)
    for item in items:
        media = item.get("whatsapp_media")
        if not media or not media.get("id"):
            continue
        try:
            attachment = _media_file(media, fetcher, graph)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            _logger.info("WhatsApp media %s not fetched: %s", media.get("id"), exc)
            continue
        if attachment:
            item.extra.setdefault("attachments", []).append(attachment)
    return items


def _media_file(media, fetcher, graph):
    info = fetcher.json(f"{graph}/{quote(media['id'], safe='')}")
    if not info or not info.get("url"):
        return None
    size = str(info.get("file_size") or "")
    return fetcher.file(
        str(info["url"]),
        media.get("filename") or f"whatsapp-{media['kind']}-{media['id']}",
        mimetype=str(info.get("mime_type") or media.get("mime_type") or ""),
        size=int(size) if size.isdigit() else None,
    )


def _error_text(error):
    details = (error.get("error_data") or {}).get("details") or ""
    words = error.get("title") or error.get("message") or ""
    text = f"{error.get('code', '')}: {words}".strip(": ")
    return f"{text} ({details})" if details else text


register_kind(
    ConnectorKind(
        code="whatsapp",
        label="WhatsApp Business (Cloud API)",
        platform="whatsapp",
        sequence=95,
        webhook=WebhookScheme(
            map_delivery=map_whatsapp_webhook,
            # Meta signs no delivery date and sends no delivery id (see meta.py): the body's
            # digest is the key, the newest event dates the delivery
            sent_at=whatsapp_sent_at,
            handshake=True,
            receipts=whatsapp_receipts,
            complete=complete_whatsapp_items,
        ),
        # webhook_secret: the app secret; verify_token: the handshake's; access_token: a
        # system user's token (whatsapp_business_messaging, whatsapp_business_management);
        # login: the business phone number's id; api_key: the WhatsApp Business Account id
        credentials=("webhook_secret", "verify_token", "access_token", "login", "api_key"),
        action_type="message",
    )
)


@register_writer("whatsapp")
class WhatsAppWriter(Writer):
    """``POST /{phone-number-id}/messages`` (Cloud API) with the system user's token: a
    ``text`` message to the person's ``wa_id`` as the reply to their message
    (``context.message_id``), inside the 24 hours after it; after them an approved template
    (``GET /{waba-id}/message_templates``), chosen by the rep, its variables (header and
    body text, ``{{1}}`` or ``{{name}}``) filled from the rep's text, one value per line.
    The Cloud API has no idempotency key and no way to read sent messages back: a sending
    whose answer was lost is never repeated blindly."""

    platform = "whatsapp"
    label = "WhatsApp"
    private = True
    default_endpoint = GRAPH_ENDPOINT
    WINDOW = timedelta(hours=24)
    # Graph API error codes of a throughput or rate limit
    RATE_CODES = (4, 80007, 130429, 131048, 131056)

    def __init__(self, config, adapter, endpoint):
        super().__init__(config, adapter, endpoint or self.default_endpoint)
        self._templates = None

    def _headers(self):
        return {"Authorization": f"Bearer {self.config.access_token}"}

    # ------------------------------------------------------------------ the window

    def window_end(self):
        """When the customer service window of the answered message closes (None: unknown
        time, taken as closed)."""
        posted_at = self.item.get("posted_at")
        return posted_at + self.WINDOW if posted_at else None

    def window_open(self):
        end = self.window_end()
        return bool(end) and datetime.now(UTC) < end

    def notice(self):
        end = self.window_end()
        if self.window_open():
            until = end.strftime("%Y-%m-%d %H:%M")  # not in the call: babel reads its strings
            return str(
                _lt(
                    "WhatsApp: inside the 24-hour customer service window until %(time)s UTC: "
                    "your text is sent.",
                    time=until,
                )
            )
        try:
            self._approved()
        except ReplyError as error:  # shown, not raised: the composer still opens
            return str(
                _lt(
                    "WhatsApp: the 24-hour customer service window is closed and the approved "
                    "templates could not be read: %(error)s",
                    error=str(error),
                )
            )
        return str(
            _lt(
                "WhatsApp: the 24-hour customer service window is closed: choose an approved "
                "template. Its own text is sent; a template with values to fill (shown after "
                "its name) takes them from your text, one value per line, in order."
            )
        )

    def options(self):
        if self.window_open():
            return []
        try:
            return [(key, label) for key, label, _template in self._approved()]
        except ReplyError:
            return []  # said by notice(); sending then refuses free text with the reason

    # ------------------------------------------------------------------ sending

    def post(self, target_id, text, key):
        if self.window_open():
            message = {"type": "text", "text": {"preview_url": False, "body": text}}
        else:
            message, text = self._template_message(text)
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": self.item.get("author_handle"),
            "context": {"message_id": str(target_id)},
            **message,
        }
        try:
            sent = self.adapter.post_json(
                f"{self.endpoint}/{self.config.login}/messages", payload, headers=self._headers()
            )
        except FetchError as error:
            if not self.known_outcome(error):
                raise
            raise self._refused(error, self.label) from error
        messages = (sent or {}).get("messages") or [{}]
        if not messages[0].get("id"):
            raise ReplyError(str(_lt("WhatsApp: the answer does not name the message sent")))
        return PostedReply(
            external_id=str(messages[0]["id"]),
            url="",
            text=text,
            author=self.config.login,
            posted_at=datetime.now(UTC),
        )

    def find_posted(self, target_id, text, key):
        # nothing to read back and no idempotency key: the rep looks first (the next send,
        # after this refusal, is a new one)
        raise ReplyError(
            str(
                _lt(
                    "WhatsApp: the previous sending of this reply did not come back; look at "
                    "the conversation (WhatsApp Manager, or the card's delivery notes) before "
                    "sending it again"
                )
            )
        )

    def _template_message(self, text):
        """The chosen approved template as a message, its values the lines of ``text``,
        and the text it sends (what the card keeps)."""
        if not self.option:
            raise ReplyError(
                str(
                    _lt(
                        "WhatsApp: the 24 hours after the person's message are over; only an "
                        "approved template may be sent now: choose one"
                    )
                )
            )
        chosen = next((t for k, _l, t in self._approved() if k == self.option), None)
        if chosen is None:
            raise ReplyError(
                str(_lt("WhatsApp: this template is not (or no longer) approved for sending"))
            )
        slots = _template_slots(chosen)
        # a template without values sends its own words: the rep's text is not used
        values = [line.strip() for line in (text or "").splitlines() if line.strip()]
        values = values if slots else []
        if len(values) != len(slots):
            listed = _slot_names(slots)
            raise ReplyError(
                str(
                    _lt(
                        "WhatsApp: the template %(name)s takes %(count)s value(s) (%(slots)s), "
                        "one per line of your text; it has %(lines)s",
                        name=chosen["name"],
                        count=len(slots),
                        slots=listed,
                        lines=len(values),
                    )
                )
            )
        filled = dict(zip(slots, values, strict=True))
        template = {"name": chosen["name"], "language": {"code": chosen["language"]}}
        components = [
            {
                "type": part,
                "parameters": [
                    {"type": "text", "text": filled[_slot(part, name)][:1024]}
                    | ({} if name.isdigit() else {"parameter_name": name})
                    for name in names
                ],
            }
            for part, names in _template_variables(chosen)
            if names
        ]
        if components:
            template["components"] = components
        return {"type": "template", "template": template}, _template_text(chosen, filled)

    def _approved(self):
        """``(key, label, template)`` of the account's approved templates whose variables
        are text the rep can write (header and body): not those with a picture, video,
        document or place in their header nor a link to complete in a button."""
        if self._templates is None:
            try:
                listed = self.adapter.get_json(
                    f"{self.endpoint}/{self.config.api_key}/message_templates",
                    params={"status": "APPROVED", "limit": 100,
                            "fields": "name,language,status,components,parameter_format"},
                    headers=self._headers(),
                )  # fmt: skip
            except FetchError as error:
                raise self._refused(error, self.label) from error
            self._templates = [
                (f"{t['name']}:{t['language']}", _template_label(t), t)
                for t in (listed or {}).get("data") or []
                if isinstance(t, dict)
                and t.get("status") == "APPROVED"
                and t.get("name")
                and t.get("language")
                and _fillable(t)
            ]
        return self._templates

    def _refused(self, error, what):
        """The Graph API's refusal in plain words (its ``error`` object)."""
        status = getattr(error, "status", None)
        detail = str(error).split(": ", 1)[-1][:500]
        code, words = None, detail
        try:
            body = json.loads(detail).get("error") or {}
            code = body.get("code")
            words = (body.get("error_data") or {}).get("details") or body.get("message") or detail
        except (ValueError, AttributeError):
            pass
        if status == 429 or code in self.RATE_CODES:
            reason = _lt("the rate limit is reached: try again in a few minutes")
        elif code == 131047:
            reason = _lt("more than 24 hours passed since the person's last message")
        elif status == 401 or code == 190:
            reason = _lt(
                "WhatsApp no longer accepts the connector's token (expired or revoked): an "
                "administrator enters a new one"
            )
        else:
            reason = _lt("WhatsApp refused the message")
        return ReplyError(f"{what}: {reason} ({words})")


_SLOT = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")


def _components(template):
    return [c for c in template.get("components") or [] if isinstance(c, dict)]


def _fillable(template):
    """Whether the rep can send ``template``: its variables are in its header's or body's
    text only (a media header needs a file, a button's variable a link)."""
    for component in _components(template):
        kind = component.get("type")
        if kind == "HEADER" and component.get("format", "TEXT") != "TEXT":
            return False
        if kind not in ("HEADER", "BODY") and "{{" in json.dumps(component):
            return False
    return True


def _template_variables(template):
    """``(part, [variable, ...])`` of the template's header and body, each in order:
    ``{{1}}`` before ``{{2}}``, a named one (``{{first_name}}``) where it first stands."""
    found = []
    for part in ("HEADER", "BODY"):
        for component in _components(template):
            if component.get("type") == part:
                names = list(dict.fromkeys(_SLOT.findall(str(component.get("text") or ""))))
                names.sort(key=lambda n, seen=names[:]: (0, int(n)) if n.isdigit() else
                           (1, seen.index(n)))  # fmt: skip
                found.append((part.lower(), names))
    return found


def _slot(part, name):
    """The value a variable takes: a numbered one is its part's own (the header and the
    body number theirs apart), a named one the same wherever it stands."""
    return (part, name) if name.isdigit() else ("", name)


def _template_slots(template):
    """The values the template takes, in the order the rep writes them (header first)."""
    slots = []
    for part, names in _template_variables(template):
        for name in names:
            if _slot(part, name) not in slots:
                slots.append(_slot(part, name))
    return slots


def _slot_names(slots):
    """The variables of ``slots`` as the template writes them: ``{{1}}, {{first_name}}``."""
    return ", ".join("{{" + name + "}}" for _part, name in slots)


def _template_label(template):
    """The template's name and language, and the values it takes."""
    label = f"{template['name']} ({template['language']})"
    slots = _template_slots(template)
    if slots:
        label += " - " + _slot_names(slots)
    return label


def _template_text(template, filled=None):
    """The text a template sends (its header and body), its variables filled from
    ``filled`` (``{slot: value}``, see :func:`_slot`), to keep on the card."""
    parts = []
    for component in _components(template):
        part = str(component.get("type") or "").lower()
        if part in ("header", "body") and component.get("text"):
            parts.append(
                _SLOT.sub(
                    lambda m, p=part: (filled or {}).get(_slot(p, m.group(1)), m.group(0)),
                    str(component["text"]),
                )
            )
    return "\n".join(part for part in parts if part) or template["name"]
