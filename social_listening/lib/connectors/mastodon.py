"""Mastodon: hashtag timelines and status search."""

from urllib.parse import quote

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import html_to_text, parse_date
from .base import Connector
from .registry import polls


@polls("mastodon", "Mastodon", "mastodon", sequence=20, credentials=("access_token",))
class MastodonConnector(Connector):
    """Mastodon: a hashtag timeline (query "#tag", readable without an account) or a keyword
    search of statuses (``/api/v2/search``, which returns statuses only to a user's access
    token), newest first, paged back with ``max_id``. The timeline is bounded by
    ``since_id``; search takes no ``since_id``: its run ends at the first status at or below
    the cursor."""

    default_endpoint = "https://mastodon.social"

    def fetch_page(self, high, token):
        query = (self.config.query or "").strip()
        params = {"limit": min(self.config.page_size, 40)}
        if token:
            params["max_id"] = token
        headers = {}
        if self.config.access_token:
            headers["Authorization"] = f"Bearer {self.config.access_token}"
        if query.startswith("#"):
            tag = quote(query.lstrip("#"), safe="")
            url = f"{self.endpoint}/api/v1/timelines/tag/{tag}"
            if high is not None:
                params["since_id"] = str(high)
        else:
            if not self.config.access_token:
                raise FetchError(
                    "Mastodon returns statuses to a keyword search only with a user's access "
                    "token; without one, listen to a hashtag (#tag)"
                )
            url = f"{self.endpoint}/api/v2/search"
            params.update({"q": query, "type": "statuses", "resolve": "false"})
        return self.adapter.get_json(url, params=params, headers=headers)

    def split_page(self, payload):
        statuses = payload.get("statuses") if isinstance(payload, dict) else payload
        if not isinstance(statuses, list):
            raise FetchError("Unexpected Mastodon response")
        token = str(statuses[-1]["id"]) if statuses and isinstance(statuses[-1], dict) else None
        return statuses, token

    def map_item(self, status, payload):
        # the timeline entry's own id orders it (the cursor); a boost speaks with the original
        # post's words, author and id (the same post boosted twice is one mention)
        position = int(status["id"])
        status = status.get("reblog") or status
        account = status.get("account") or {}
        return self._item(
            status["id"],
            position,
            source_url=status.get("url") or status.get("uri") or "",
            body=html_to_text(status.get("content") or ""),
            author_name=account.get("display_name") or account.get("username") or "",
            author_handle=account.get("acct") or "",
            author_url=account.get("url") or "",
            author_image_url=account.get("avatar") or "",
            author_followers=int(account.get("followers_count") or 0),
            interest_date=parse_date(status.get("created_at")),
            lang=status.get("language") or "",
        )
