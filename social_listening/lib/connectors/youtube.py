"""YouTube Data API comment threads."""

from urllib.parse import urlsplit

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import html_to_text, parse_date
from .base import Connector, iso_key
from .registry import polls


@polls(
    "youtube",
    "YouTube comments",
    "youtube",
    sequence=70,
    credentials=("api_key",),
    action_type="comment",
)
class YoutubeConnector(Connector):
    """YouTube Data API v3 ``commentThreads`` (API key), newest first, ``pageToken``.
    The query is a video id, or ``channel:<id>`` for every video of a channel."""

    default_endpoint = "https://www.googleapis.com"

    def fetch_page(self, high, token):
        if not self.config.api_key:
            raise FetchError("YouTube needs a Data API key")
        query = (self.config.query or "").strip()
        params = {
            "part": "snippet",
            "order": "time",
            "maxResults": min(self.config.page_size, 100),
            "textFormat": "plainText",
        }
        if query.startswith("channel:"):
            params["allThreadsRelatedToChannelId"] = query.split(":", 1)[1]
        else:
            params["videoId"] = query
        if token:
            params["pageToken"] = token
        url = f"{self.endpoint}/youtube/v3/commentThreads"
        # the key in a header, not the URL: URLs end up in logs, proxies and error texts
        # (Google APIs take it as ``X-Goog-Api-Key``)
        return self.adapter.get_json(
            url, params=params, headers={"X-Goog-Api-Key": self.config.api_key}
        )

    def split_page(self, payload):
        payload = self._require_dict(payload, "YouTube")
        if "error" in payload:
            raise FetchError(f"YouTube error: {payload['error'].get('message', '')}")
        items = payload.get("items")
        if not isinstance(items, list):
            raise FetchError("Unexpected YouTube response: no items")
        return items, payload.get("nextPageToken")

    def map_item(self, thread, payload):
        comment = thread["snippet"]["topLevelComment"]
        snippet = comment["snippet"]
        video = snippet.get("videoId") or thread["snippet"].get("videoId") or ""
        published = snippet.get("publishedAt")
        channel_url = snippet.get("authorChannelUrl") or ""
        comment_id = comment.get("id") or thread["id"]
        name = snippet.get("authorDisplayName") or ""
        return self._item(
            comment_id,
            iso_key(published),
            source_url=f"https://www.youtube.com/watch?v={video}&lc={comment_id}",
            body=snippet.get("textOriginal") or html_to_text(snippet.get("textDisplay") or ""),
            author_name=name,
            author_handle=name.lstrip("@")
            if name.startswith("@")
            else urlsplit(channel_url).path.rsplit("/", 1)[-1],
            author_url=channel_url,
            author_image_url=snippet.get("authorProfileImageUrl") or "",
            interest_date=parse_date(published),
        )
