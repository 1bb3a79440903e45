"""Turning untrusted HTML and dates into plain values (lxml, entities and network off)."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from odoo.addons.social_interest.lib.html import html_to_text as tree_to_text
from odoo.addons.social_interest.lib.html import parse_html


def html_to_text(markup):
    """Plain text of an HTML fragment from the internet, read by the mail gateway's reader
    (lxml with network and entities off, scripts dropped, one line per block)."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    root = parse_html(markup)
    return tree_to_text(root) if root is not None else markup.strip()


def parse_date(value):
    """A naive UTC datetime from ISO 8601, RFC 822 or epoch seconds; None when unreadable."""
    if value in (None, ""):
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            return datetime.fromtimestamp(float(value), UTC).replace(tzinfo=None)
        value = value.strip()
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    if parsed.tzinfo:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
