"""Reddit's search API."""

from urllib.parse import quote

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import parse_date
from .base import Connector
from .registry import polls


@polls(
    "reddit",
    "Reddit (search API)",
    "reddit",
    sequence=40,
    credentials=("api_key", "api_secret", "auth_url"),
)
class RedditConnector(Connector):
    """Reddit search API with an OAuth application (client credentials), newest first,
    paged with ``after``."""

    default_endpoint = "https://oauth.reddit.com"
    default_auth_url = "https://www.reddit.com/api/v1/access_token"

    def __init__(self, config, adapter):
        super().__init__(config, adapter)
        self._token = None

    def _bearer(self):
        if self._token is None:
            if not (self.config.api_key and self.config.api_secret):
                raise FetchError("Reddit needs the application's client id and secret")
            payload = self.adapter.post_form_json(
                self.config.auth_url or self.default_auth_url,
                data={"grant_type": "client_credentials"},
                auth=(self.config.api_key, self.config.api_secret),
            )
            token = isinstance(payload, dict) and payload.get("access_token")
            if not token:
                raise FetchError("Reddit refused the application's credentials")
            self._token = token
        return self._token

    def fetch_page(self, high, token):
        params = {
            "q": self.config.query or "",
            "sort": "new",
            "limit": min(self.config.page_size, 100),
            "type": "link",
            "raw_json": 1,
        }
        if token:
            params["after"] = token
        headers = {"Authorization": f"Bearer {self._bearer()}"}
        return self.adapter.get_json(f"{self.endpoint}/search", params=params, headers=headers)

    def split_page(self, payload):
        data = self._require_dict(payload, "Reddit").get("data")
        if not isinstance(data, dict) or not isinstance(data.get("children"), list):
            raise FetchError("Unexpected Reddit response: not a Listing")
        return data["children"], data.get("after")

    def map_item(self, child, payload):
        data = child["data"]
        title = data.get("title") or ""
        text = data.get("selftext") or data.get("body") or ""
        author = data.get("author") or ""
        permalink = data.get("permalink")
        return self._item(
            data.get("name") or f"{child.get('kind', 't3')}_{data['id']}",
            float(data["created_utc"]),
            source_url=f"https://www.reddit.com{permalink}" if permalink else "",
            title=title,
            body="\n".join(p for p in (title, text) if p),
            author_name=author,
            author_handle=author,
            author_url=f"https://www.reddit.com/user/{quote(author)}" if author else "",
            interest_date=parse_date(data.get("created_utc")),
        )
