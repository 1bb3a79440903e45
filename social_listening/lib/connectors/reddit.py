"""Reddit: post search and the comments of named subreddits (OAuth application-only)."""

import json
import re
import time
from urllib.parse import quote

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import parse_date
from .base import Connector, FetchResult
from .registry import polls

_SUBREDDIT = re.compile(r"(?<!\S)/?r/([A-Za-z0-9_]{2,21})(?!\S)")


@polls(
    "reddit",
    "Reddit (search API)",
    "reddit",
    sequence=40,
    credentials=("api_key", "api_secret", "auth_url", "access_token"),
)
class RedditConnector(Connector):
    """Reddit's API with an OAuth application (application-only, client credentials),
    newest first, paged with ``after``.

    The query's words are searched in posts; ``r/name`` in the query names subreddits: the
    search is then restricted to them, and their new comments are read too (those with
    every word of the query, or all of them when the query has no words). Posts and comments
    keep a cursor each. The application's token is kept between runs until it expires, and
    renewed when Reddit refuses it.
    """

    default_endpoint = "https://oauth.reddit.com"
    default_auth_url = "https://www.reddit.com/api/v1/access_token"

    def __init__(self, config, adapter):
        super().__init__(config, adapter)
        query = config.query or ""
        self.subreddits = _SUBREDDIT.findall(query)
        self.words = _SUBREDDIT.sub(" ", query).split()
        self.stream = "posts"

    # ------------------------------------------------------------------ streams

    def fetch(self, cursor=None):
        if not self.subreddits:  # post search only: one stream, the base cursor
            return super().fetch(cursor)
        state = self._load_cursor(cursor)
        if "high" in state or "resume" in state:  # a cursor of the posts-only connector
            state = {"posts": state}
        result = FetchResult(warnings=self.warnings)
        cursors = {}
        for stream in ("posts", "comments"):
            self.stream = stream
            part = super().fetch(json.dumps(state[stream]) if stream in state else None)
            result.items += part.items
            result.errors += part.errors
            result.pages += part.pages
            result.complete = result.complete and part.complete
            cursors[stream] = json.loads(part.cursor)
        result.cursor = json.dumps(cursors)
        return result

    def fetch_page(self, high, token):
        params = {"limit": min(self.config.page_size, 100), "raw_json": 1}
        if token:
            params["after"] = token
        where = "/r/" + "+".join(self.subreddits) if self.subreddits else ""
        if self.stream == "comments":
            path = f"{where}/comments"
        elif self.words or not self.subreddits:
            path = f"{where}/search"
            params.update(q=" ".join(self.words), sort="new", type="link")
            if self.subreddits:
                params["restrict_sr"] = 1
        else:
            path = f"{where}/new"
        return self._get(f"{self.endpoint}{path}", params)

    def _get(self, url, params):
        try:
            return self.adapter.get_json(url, params=params, headers=self._auth())
        except FetchError as exc:
            if exc.status != 401:
                raise
        # the token expired or was revoked before its time: a new one, once
        self.session.pop("access_token", None)
        return self.adapter.get_json(url, params=params, headers=self._auth())

    # ------------------------------------------------------------------ token

    def _auth(self):
        token, expires_at = self.session.get("access_token"), self.session.get("expires_at", 0)
        if token and expires_at > time.time() + 60:
            return {"Authorization": f"Bearer {token}"}
        if not (self.config.api_key and self.config.api_secret):
            raise FetchError("Reddit needs the application's client id and secret")
        try:
            payload = self.adapter.post_form_json(
                self.config.auth_url or self.default_auth_url,
                data={"grant_type": "client_credentials"},
                auth=(self.config.api_key, self.config.api_secret),
            )
        except FetchError as exc:
            if exc.status in (400, 401, 403):
                raise FetchError(
                    "Reddit refused the application's credentials", status=exc.status
                ) from exc
            raise
        token = isinstance(payload, dict) and payload.get("access_token")
        if not token:
            raise FetchError("Reddit refused the application's credentials")
        try:
            lifetime = float(payload.get("expires_in") or 3600)
        except (TypeError, ValueError):
            lifetime = 3600
        self.session.update(access_token=token, expires_at=time.time() + lifetime)
        return {"Authorization": f"Bearer {token}"}

    # ------------------------------------------------------------------ items

    def split_page(self, payload):
        data = self._require_dict(payload, "Reddit").get("data")
        if not isinstance(data, dict) or not isinstance(data.get("children"), list):
            raise FetchError("Unexpected Reddit response: not a Listing")
        return data["children"], data.get("after")

    def map_item(self, child, payload):
        data = child["data"]
        kind = child.get("kind") or "t3"
        author = data.get("author") or ""
        permalink = data.get("permalink")
        if kind == "t1":  # a comment: its words, on the post it answers
            body = data.get("body") or ""
            if body in ("[removed]", "[deleted]"):
                return None
            if self.words and not all(word.casefold() in body.casefold() for word in self.words):
                return None
            title = data.get("link_title") or ""
            text = body
        else:
            title = data.get("title") or ""
            text = "\n".join(p for p in (title, data.get("selftext") or "") if p)
        return self._item(
            data.get("name") or f"{kind}_{data['id']}",
            float(data["created_utc"]),
            source_url=f"https://www.reddit.com{permalink}" if permalink else "",
            title=title,
            body=text,
            author_name=author if author != "[deleted]" else "",
            author_handle=author if author != "[deleted]" else "",
            author_url=f"https://www.reddit.com/user/{quote(author)}"
            if author and author != "[deleted]"
            else "",
            interest_date=parse_date(data.get("created_utc")),
        )
