"""Facebook page and Instagram webhook deliveries (Meta's Graph API webhooks)."""

from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date
from .registry import ConnectorKind, WebhookScheme, register_kind


def map_meta_webhook(payload):
    """Items of a Facebook page / Instagram webhook delivery (comments, feed posts)."""
    items, errors = [], []
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise ValueError("not a Meta webhook payload")
    map_change = _map_instagram_change if payload.get("object") == "instagram" else _map_page_change
    for entry in payload["entry"]:
        for change in (entry or {}).get("changes") or []:
            try:
                item = map_change(entry, change)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if item:
                items.append(item)
    return items, errors


def _map_instagram_change(entry, change):
    value = change.get("value") or {}
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
        interest_date=parse_date(entry.get("time")),
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
    url = value.get("permalink_url") or (f"https://www.facebook.com/{post_id}" if post_id else "")
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


def meta_delivery_time(payload):
    """When Meta made the delivery: its newest entry's ``time`` (signed with the body)."""
    times = [e.get("time") for e in payload.get("entry") or [] if isinstance(e, dict)]
    times = [t for t in times if isinstance(t, int | float)]
    if not times:
        return None
    newest = max(times)
    return newest / 1000 if newest > 1e12 else newest  # Instagram sends milliseconds


register_kind(
    ConnectorKind(
        code="meta_webhook",
        label="Facebook / Instagram webhook",
        platform="facebook",
        sequence=90,
        webhook=WebhookScheme(
            map_delivery=map_meta_webhook,
            delivered_at=meta_delivery_time,
            # Meta sends no delivery id: the body's digest tells deliveries apart
            handshake=True,
        ),
        credentials=("webhook_secret", "verify_token"),
        action_type="comment",
        other_platforms=("instagram",),
    )
)
