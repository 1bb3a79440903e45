"""Bluesky's post search."""

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import parse_date
from .base import Connector, iso_key
from .registry import polls


@polls("bluesky", "Bluesky (searchPosts)", "bluesky", sequence=50, credentials=("access_token",))
class BlueskyConnector(Connector):
    """Bluesky ``app.bsky.feed.searchPosts`` (sort=latest), paged with ``cursor``."""

    default_endpoint = "https://public.api.bsky.app"

    def fetch_page(self, high, token):
        params = {"q": self.config.query or "", "sort": "latest", "limit": 100}
        if high:
            params["since"] = high[:19] + "Z"
        if token:
            params["cursor"] = token
        headers = {}
        if self.config.access_token:
            headers["Authorization"] = f"Bearer {self.config.access_token}"
        url = f"{self.endpoint}/xrpc/app.bsky.feed.searchPosts"
        return self.adapter.get_json(url, params=params, headers=headers)

    def split_page(self, payload):
        posts = self._require_dict(payload, "Bluesky").get("posts")
        if not isinstance(posts, list):
            raise FetchError("Unexpected Bluesky response: no posts")
        return posts, payload.get("cursor")

    def map_item(self, post, payload):
        record = post.get("record") or {}
        author = post.get("author") or {}
        uri = post["uri"]  # at://did:plc:xxx/app.bsky.feed.post/rkey
        rkey = uri.rsplit("/", 1)[-1]
        handle = author.get("handle") or author.get("did") or ""
        langs = record.get("langs") or []
        created = record.get("createdAt") or post.get("indexedAt")
        return self._item(
            uri,
            iso_key(created),
            source_url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else "",
            body=record.get("text") or "",
            author_name=author.get("displayName") or handle,
            author_handle=handle,
            author_url=f"https://bsky.app/profile/{handle}" if handle else "",
            author_image_url=author.get("avatar") or "",
            interest_date=parse_date(created),
            lang=langs[0] if langs else "",
        )
