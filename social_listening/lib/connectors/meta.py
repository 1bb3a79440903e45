"""Facebook page and Instagram webhook deliveries."""

from ..feeds import parse_date


def map_meta_webhook(payload):
    """Items of a Facebook page / Instagram webhook delivery (comments, feed posts)."""
    items, errors = [], []
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise ValueError("not a Meta webhook payload")
    platform = "instagram" if payload.get("object") == "instagram" else "facebook"
    for entry in payload["entry"]:
        for change in (entry or {}).get("changes") or []:
            try:
                item = _map_meta_change(platform, entry, change)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if item:
                items.append(item)
    return items, errors


def _map_meta_change(platform, entry, change):
    value = change.get("value") or {}
    field_name = change.get("field")
    if platform == "instagram":
        if field_name not in ("comments", "live_comments") or not value.get("text"):
            return None
        author = value.get("from") or {}
        username = author.get("username") or ""
        return {
            "external_id": str(value["id"]),
            "platform": "instagram",
            "url": "",
            "body": value["text"],
            "author_name": username,
            "author_handle": username,
            "author_url": f"https://www.instagram.com/{username}/" if username else "",
            "posted_at": parse_date(entry.get("time")),
            "lang": False,
        }
    if field_name != "feed" or value.get("verb") not in ("add", "edited"):
        return None
    if value.get("item") not in ("comment", "post", "status") or not value.get("message"):
        return None
    external_id = value.get("comment_id") or value.get("post_id")
    author = value.get("from") or {}
    post_id = value.get("post_id") or ""
    url = value.get("permalink_url") or (f"https://www.facebook.com/{post_id}" if post_id else "")
    if value.get("comment_id") and url and "comment_id" not in url:
        url = f"{url}?comment_id={value['comment_id'].split('_')[-1]}"
    return {
        "external_id": str(external_id),
        "platform": "facebook",
        "url": url,
        "body": value["message"],
        "author_name": author.get("name") or "",
        "author_handle": str(author.get("id") or ""),
        "author_url": "",
        "posted_at": parse_date(value.get("created_time") or entry.get("time")),
        "lang": False,
    }
