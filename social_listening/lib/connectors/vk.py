"""VK newsfeed search and wall comments."""

from odoo.addons.social_interest.lib.http import FetchError, RateLimited

from ..feeds import parse_date
from .base import Connector
from .registry import polls

VK_RATE_LIMIT_CODES = (6, 9, 29)


@polls("vk", "VK", "vk", sequence=80, credentials=("access_token",))
class VkConnector(Connector):
    """VK ``newsfeed.search`` (user access token), paged with ``next_from``; or the comments
    of one wall post with the query ``wall:<owner_id>_<post_id>`` (``wall.getComments``)."""

    default_endpoint = "https://api.vk.com"
    api_version = "5.199"

    def fetch_page(self, high, token):
        if not self.config.access_token:
            raise FetchError("VK needs an access token")
        query = (self.config.query or "").strip()
        params = {"access_token": self.config.access_token, "v": self.api_version, "extended": 1}
        if query.startswith("wall:"):
            owner, _sep, post = query.split(":", 1)[1].partition("_")
            method = "wall.getComments"
            params.update({"owner_id": owner, "post_id": post, "count": 100, "sort": "desc"})
            if token:
                params["offset"] = token
        else:
            method = "newsfeed.search"
            params.update({"q": query, "count": min(self.config.page_size, 200)})
            if high is not None:
                params["start_time"] = int(high)
            if token:
                params["start_from"] = token
        # VK takes a method's parameters as a form in the body of a POST as well: the token
        # stays out of the URL (which logs, proxies and error texts keep)
        payload = self.adapter.post_form_json(f"{self.endpoint}/method/{method}", data=params)
        payload = self._require_dict(payload, "VK")
        if "error" in payload:
            error = payload["error"] if isinstance(payload["error"], dict) else {}
            if error.get("error_code") in VK_RATE_LIMIT_CODES:
                raise RateLimited(f"VK: {error.get('error_msg', '')}", retry_after=None)
            raise FetchError(f"VK error {error.get('error_code')}: {error.get('error_msg', '')}")
        payload["_wall"] = query.startswith("wall:")
        payload["_offset"] = int(token or 0) if payload["_wall"] else 0
        return payload

    def split_page(self, payload):
        response = payload.get("response")
        if not isinstance(response, dict) or not isinstance(response.get("items"), list):
            raise FetchError("Unexpected VK response: no items")
        items = response["items"]
        if payload["_wall"]:
            offset = payload["_offset"] + len(items)
            more = items and offset < int(response.get("count") or 0)
            return items, str(offset) if more else None
        return items, response.get("next_from")

    def map_item(self, post, payload):
        response = payload["response"]
        people = {p["id"]: p for p in response.get("profiles", []) if "id" in p}
        groups = {-g["id"]: g for g in response.get("groups", []) if "id" in g}
        author_id = post.get("from_id") or post.get("owner_id")
        owner_id = post.get("owner_id") or author_id
        author = people.get(author_id) or groups.get(author_id) or {}
        name = author.get("name") or " ".join(
            p for p in (author.get("first_name"), author.get("last_name")) if p
        )
        screen = author.get("screen_name") or ""
        if payload["_wall"]:
            owner, _sep, post_id = self.config.query.split(":", 1)[1].partition("_")
            external_id = f"{owner}_{post_id}_{post['id']}"
            url = f"https://vk.com/wall{owner}_{post_id}?reply={post['id']}"
        else:
            external_id = f"{owner_id}_{post['id']}"
            url = f"https://vk.com/wall{owner_id}_{post['id']}"
        return self._item(
            external_id,
            int(post["date"]),
            source_url=url,
            body=post.get("text") or "",
            author_name=name,
            author_handle=screen,
            author_url=f"https://vk.com/{screen}" if screen else "",
            author_image_url=author.get("photo_100") or "",
            interest_date=parse_date(post.get("date")),
        )
