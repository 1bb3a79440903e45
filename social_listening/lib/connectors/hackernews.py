"""Hacker News through Algolia's search API."""

from urllib.parse import quote

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import html_to_text, parse_date
from .base import Connector
from .registry import polls


@polls("hackernews", "Hacker News (Algolia)", "hackernews", sequence=30)
class HackerNewsConnector(Connector):
    """Hacker News through Algolia's ``search_by_date`` (stories and comments, newest first).
    Pages are requested with ``numericFilters=created_at_i<oldest`` rather than page
    numbers, so new items arriving during the run cannot shift the pages."""

    default_endpoint = "https://hn.algolia.com"

    def fetch_page(self, high, token):
        filters = []
        if high is not None:
            filters.append(f"created_at_i>={int(high)}")
        if token:
            filters.append(f"created_at_i<={int(token)}")
        params = {
            "query": self.config.query or "",
            "tags": "(story,comment)",
            "hitsPerPage": self.config.page_size,
        }
        if filters:
            params["numericFilters"] = ",".join(filters)
        return self.adapter.get_json(f"{self.endpoint}/api/v1/search_by_date", params=params)

    def split_page(self, payload):
        hits = self._require_dict(payload, "Hacker News").get("hits")
        if not isinstance(hits, list):
            raise FetchError("Unexpected Hacker News response: no hits")
        full = len(hits) >= self.config.page_size and payload.get("nbPages", 1) > 1
        token = None
        if full and isinstance(hits[-1], dict) and hits[-1].get("created_at_i"):
            token = int(hits[-1]["created_at_i"])
        return hits, token

    def map_item(self, hit, payload):
        object_id = hit["objectID"]
        text = hit.get("comment_text") or hit.get("story_text") or ""
        title = hit.get("title") or hit.get("story_title") or ""
        body = "\n".join(p for p in (hit.get("title") or "", html_to_text(text)) if p)
        return self._item(
            object_id,
            int(hit.get("created_at_i") or 0),
            source_url=f"https://news.ycombinator.com/item?id={object_id}",
            title=title,
            body=body or title,
            author_name=hit.get("author") or "",
            author_handle=hit.get("author") or "",
            author_url=f"https://news.ycombinator.com/user?id={quote(hit.get('author') or '')}"
            if hit.get("author")
            else "",
            interest_date=parse_date(hit.get("created_at") or hit.get("created_at_i")),
        )
