"""RSS and Atom feeds, read by feedparser (RSS 0.9x, 1.0, 2.0, Atom 0.3 and 1.0)."""

from datetime import datetime

import feedparser
from feedparser.exceptions import NonXMLContentType

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.lib.redirects import unwrap_redirect

from ..feeds import html_to_text
from .base import Connector
from .registry import polls

# feedparser never fetches anything here (it is given bytes); relative links are resolved
# against the feed's own URL and ``xml:base``
HTML_TYPES = ("text/html", "application/xhtml+xml")


@polls(
    "rss",
    "RSS / Atom feed",
    "rss",
    sequence=10,
    platform_choice=True,
    other_platforms=("review_site", "forum"),
)
class RssConnector(Connector):
    """RSS and Atom feeds: blogs, forums, review sites, Google Alerts, YouTube channel feeds,
    Reddit ``.rss``. A feed has no paging: each run reads it whole. A feed that is broken
    but still readable (an unescaped ``&``, a wrong encoding) is read, with a warning."""

    # A feed is read whole each time; an item dated in the past can be new to us.
    filter_by_cursor = False

    def fetch_page(self, high, token):
        response = self.adapter.get_bytes(self.endpoint)
        parsed = feedparser.parse(
            response.content,
            response_headers={
                "content-type": response.headers.get("Content-Type", ""),
                "content-location": response.url or self.endpoint,
            },
            sanitize_html=True,
            resolve_relative_uris=True,
        )
        readable = [entry for entry in parsed.entries if _identity(entry)]
        if parsed.bozo and not readable:
            raise FetchError(f"Malformed feed: {parsed.get('bozo_exception')}")
        if not parsed.version and not readable:
            raise FetchError("Not an RSS or Atom feed")
        # a feed served as text/html or text/plain is common and harmless: no warning for it
        if parsed.bozo and not isinstance(parsed.get("bozo_exception"), NonXMLContentType):
            self.warnings.append(f"Feed read despite an error: {parsed.get('bozo_exception')}")
        return parsed

    def split_page(self, parsed):
        return parsed.entries, None

    def map_item(self, entry, parsed):
        link = unwrap_redirect((entry.get("link") or "").strip())
        title = _text(entry.get("title_detail"), entry.get("title"))
        content = entry.get("content") or []
        text = _text(content[0], content[0].get("value")) if content else ""
        text = text or _text(entry.get("summary_detail"), entry.get("summary"))
        text = text or (entry.get("media_description") or "").strip()
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        date = datetime(*when[:6]) if when else None
        author = entry.get("author_detail") or {}
        return self._item(
            _identity(entry),
            date.strftime("%Y-%m-%dT%H:%M:%S.%f") if date else None,
            source_url=link,
            title=title,
            body="\n".join(part for part in (title, text) if part),
            author_name=(author.get("name") or entry.get("author") or "").strip(),
            author_url=(author.get("href") or "").strip(),
            interest_date=date,
        )


def _identity(entry):
    """An entry's id: its guid / id, else its link (YouTube: the video id)."""
    return (entry.get("id") or entry.get("yt_videoid") or entry.get("link") or "").strip()


def _text(detail, value):
    """Plain text of a feed's text construct (text, html or xhtml)."""
    value = value or ""
    if (detail or {}).get("type") in HTML_TYPES:
        return html_to_text(value)
    return value.strip()
