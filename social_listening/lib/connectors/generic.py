"""Our generic signed webhook: any system (an agency's tool, a forum) posts items to it."""

from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date
from ..webhook import signed_timestamp
from .registry import ConnectorKind, WebhookScheme, register_kind


def map_generic_webhook(payload):
    """Items of our generic signed webhook: ``{"id", "timestamp", "items": [...]}``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise ValueError("the body needs an 'items' list")
    items, errors = [], []
    for raw in payload["items"]:
        try:
            items.append(_map_generic_item(raw))
        except ValueError as exc:
            errors.append(str(exc))
    return items, errors


def _map_generic_item(raw):
    if not isinstance(raw, dict) or not raw.get("id") or not raw.get("text"):
        raise ValueError("an item needs 'id' and 'text'")
    return InterestData(
        external_id=str(raw["id"])[:255],
        platform=str(raw.get("platform") or ""),
        source_url=str(raw.get("url") or ""),
        body=str(raw["text"]),
        author_name=str(raw.get("author_name") or ""),
        author_handle=str(raw.get("author_handle") or ""),
        author_url=str(raw.get("author_url") or ""),
        author_image_url=str(raw.get("author_image_url") or ""),
        author_followers=_count(raw.get("author_followers")),
        interest_date=parse_date(raw.get("created_at")),
        lang=str(raw.get("lang") or ""),
    )


register_kind(
    ConnectorKind(
        code="generic_webhook",
        label="Generic signed webhook",
        platform="other",
        sequence=100,
        webhook=WebhookScheme(
            map_delivery=map_generic_webhook,
            delivered_at=signed_timestamp,
            delivery_id=lambda payload: payload.get("id"),
        ),
        credentials=("webhook_secret",),
    )
)


def _count(value):
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0
