"""Our generic signed webhook."""

from ..feeds import parse_date


def map_generic_webhook(payload):
    """Items of our generic signed webhook: ``{"id", "timestamp", "items": [...]}``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise ValueError("the body needs an 'items' list")
    items, errors = [], []
    for raw in payload["items"]:
        try:
            if not isinstance(raw, dict) or not raw.get("id") or not raw.get("text"):
                raise ValueError("an item needs 'id' and 'text'")
            items.append(
                {
                    "external_id": str(raw["id"])[:255],
                    "platform": str(raw.get("platform") or "") or False,
                    "url": str(raw.get("url") or ""),
                    "body": str(raw["text"]),
                    "author_name": str(raw.get("author_name") or ""),
                    "author_handle": str(raw.get("author_handle") or ""),
                    "author_url": str(raw.get("author_url") or ""),
                    "posted_at": parse_date(raw.get("created_at")),
                    "lang": str(raw.get("lang") or "") or False,
                }
            )
        except ValueError as exc:
            errors.append(str(exc))
    return items, errors
