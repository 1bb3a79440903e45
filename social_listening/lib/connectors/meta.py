"""Facebook page and Instagram webhook deliveries (Meta's Graph API webhooks)."""

from functools import partial

from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date
from .registry import ConnectorKind, WebhookScheme, map_events, register_kind


def map_meta_webhook(payload):
    """Items of a Facebook page / Instagram webhook delivery: page feed comments and posts,
    Instagram comments and mentions (``entry[].changes[]``), Messenger and Instagram direct
    messages (``entry[].messaging[]``)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise ValueError("not a Meta webhook payload")
    instagram = payload.get("object") == "instagram"
    map_change = _map_instagram_change if instagram else _map_page_change
    map_message = partial(_map_message, platform="instagram" if instagram else "facebook")
    calls = []
    for entry in payload["entry"]:
        entry = entry if isinstance(entry, dict) else {}
        calls += [(map_change, entry, change) for change in entry.get("changes") or []]
        calls += [(map_message, entry, event) for event in entry.get("messaging") or []]
    return map_events(calls)


def meta_sent_at(payload):
    """Seconds since the epoch of the delivery's latest entry (``entry[].time``, signed with
    the body), or None when no entry is dated."""
    times = [
        _epoch(entry.get("time"))
        for entry in payload.get("entry") or []
        if isinstance(entry, dict) and isinstance(entry.get("time"), int | float)
    ]
    return float(max(times)) if times else None


def _epoch(value):
    """Meta's times: epoch seconds, or milliseconds (Messenger, Instagram)."""
    if isinstance(value, int | float) and value > 1e12:
        return value / 1000
    return value


def _map_message(entry, event, platform):
    """A direct message to the page or the Instagram account (not its own replies)."""
    message = event.get("message")
    if not isinstance(message, dict) or message.get("is_echo") or message.get("is_deleted"):
        return None
    attachments = [a for a in message.get("attachments") or [] if isinstance(a, dict)]
    text = message.get("text") or ""
    if not text and not attachments:
        return None
    sender = str((event.get("sender") or {})["id"])
    link = next(
        (str((a.get("payload") or {}).get("url") or "") for a in attachments if a.get("payload")),
        "",
    )
    return InterestData(
        external_id=str(message["mid"]),
        platform=platform,
        action_type="message",
        body=text,
        source_url=link,
        author_handle=sender,
        interest_date=parse_date(_epoch(event.get("timestamp") or entry.get("time"))),
    )


def _map_instagram_change(entry, change):
    value = change.get("value") or {}
    if change.get("field") == "mentions":
        # the account was @mentioned in a comment or a caption: Meta sends the ids only
        # (the text is read through the Graph API, which this webhook connector does not call)
        item_id = value.get("comment_id") or value["media_id"]
        return InterestData(
            external_id=str(item_id),
            platform="instagram",
            action_type="mention",
            interest_date=parse_date(_epoch(entry.get("time"))),
            extra={"media_id": str(value.get("media_id") or "")},
        )
    if change.get("field") not in ("comments", "live_comments") or not value.get("text"):
        return None
    author = value.get("from") or {}
    username = author.get("username") or ""
    return InterestData(
        external_id=str(value["id"]),
        platform="instagram",
        body=value["text"],
        author_name=username,
        author_handle=username,
        author_url=f"https://www.instagram.com/{username}/" if username else "",
        interest_date=parse_date(_epoch(entry.get("time"))),
    )


def _map_page_change(entry, change):
    value = change.get("value") or {}
    if change.get("field") != "feed" or value.get("verb") not in ("add", "edited"):
        return None
    if value.get("item") not in ("comment", "post", "status") or not value.get("message"):
        return None
    external_id = value.get("comment_id") or value.get("post_id")
    author = value.get("from") or {}
    post_id = value.get("post_id") or ""
    post = value.get("post") if isinstance(value.get("post"), dict) else {}
    # a comment's delivery carries its post's permalink in ``value.post``
    url = (
        post.get("permalink_url")
        or value.get("permalink_url")
        or (f"https://www.facebook.com/{post_id}" if post_id else "")
    )
    if value.get("comment_id") and url and "comment_id" not in url:
        url = f"{url}?comment_id={value['comment_id'].split('_')[-1]}"
    return InterestData(
        external_id=str(external_id),
        platform="facebook",
        source_url=url,
        body=value["message"],
        author_name=author.get("name") or "",
        author_handle=str(author.get("id") or ""),
        interest_date=parse_date(value.get("created_time") or entry.get("time")),
    )


register_kind(
    ConnectorKind(
        code="meta_webhook",
        label="Facebook / Instagram webhook",
        platform="facebook",
        sequence=90,
        webhook=WebhookScheme(
            map_delivery=map_meta_webhook,
            # No freshness window: Meta signs no delivery date (``entry.time`` is the event's)
            # and retries for hours after an outage; what was seen is told apart by the
            # items' own ids (a mention is unique per connector and id) and the same body
            # by its digest (Meta sends no delivery id). A body whose entries are all older
            # than the digests are kept is refused: its replay could no longer be told apart.
            delivered_at=None,
            sent_at=meta_sent_at,
            handshake=True,
        ),
        # the Page access token posts the replies from Odoo (none: the post opens instead)
        credentials=("webhook_secret", "verify_token", "access_token"),
        action_type="comment",
        other_platforms=("instagram",),
    )
)
