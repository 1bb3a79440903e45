"""X API v2 recent search."""

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import parse_date
from .base import Connector
from .registry import polls


@polls("x", "X (recent search v2)", "x", sequence=60, credentials=("access_token",))
class XConnector(Connector):
    """X API v2 recent search with an app bearer token; ``since_id`` bounds the run and
    ``next_token`` pages back."""

    default_endpoint = "https://api.x.com"

    def fetch_page(self, high, token):
        if not self.config.access_token:
            raise FetchError("X recent search needs a bearer token")
        params = {
            "query": self.config.query or "",
            "max_results": max(10, min(self.config.page_size, 100)),
            "tweet.fields": "created_at,lang,author_id,conversation_id,note_tweet",
            "expansions": "author_id",
            "user.fields": "name,username,profile_image_url,public_metrics,withheld",
        }
        if high is not None:
            params["since_id"] = str(high)
        if token:
            params["next_token"] = token
        headers = {"Authorization": f"Bearer {self.config.access_token}"}
        url = f"{self.endpoint}/2/tweets/search/recent"
        return self.adapter.get_json(url, params=params, headers=headers)

    def split_page(self, payload):
        payload = self._require_dict(payload, "X")
        if "data" not in payload and payload.get("errors") and not payload.get("meta"):
            raise FetchError(f"X error: {payload['errors'][0].get('detail', '')}")
        tweets = payload.get("data") or []
        if not isinstance(tweets, list):
            raise FetchError("Unexpected X response")
        return tweets, (payload.get("meta") or {}).get("next_token")

    def map_item(self, tweet, payload):
        users = {u.get("id"): u for u in (payload.get("includes") or {}).get("users", [])}
        user = users.get(tweet.get("author_id")) or {}
        username = user.get("username") or ""  # none: the author is gone or withheld
        # a long post's ``text`` is cut; its whole text is in ``note_tweet``
        text = (tweet.get("note_tweet") or {}).get("text") or tweet.get("text") or ""
        return self._item(
            tweet["id"],
            int(tweet["id"]),
            source_url=f"https://x.com/{username or 'i'}/status/{tweet['id']}",
            body=text,
            author_followers=int((user.get("public_metrics") or {}).get("followers_count") or 0),
            author_name=user.get("name") or username,
            author_handle=username,
            author_url=f"https://x.com/{username}" if username else "",
            author_image_url=user.get("profile_image_url") or "",
            interest_date=parse_date(tweet.get("created_at")),
            lang=tweet.get("lang") if tweet.get("lang") not in (None, "und", "zxx") else "",
        )
