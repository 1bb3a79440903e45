"""YouTube Data API v3: comments (and their replies) of videos, of a channel, or of the
videos a keyword search finds; every call counted against the connector's daily quota."""

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from odoo.addons.social_interest.lib.http import FetchError, RateLimited

from ..feeds import html_to_text, parse_date
from .base import Connector, FetchResult, iso_key
from .registry import polls

# what each call costs in quota units (YouTube Data API's quota calculator)
SEARCH_COST = 100
LIST_COST = 1
DEFAULT_DAILY_QUOTA = 10_000
# the quota day ends at midnight, Pacific time
QUOTA_ZONE = ZoneInfo("America/Los_Angeles")
# a video found by a keyword search is watched for new comments this long
WATCH_DAYS = 30
MAX_WATCHED = 50
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


class QuotaExhausted(RateLimited):
    """The connector's daily budget of quota units would be exceeded: wait for YouTube's
    quota day to turn (midnight, Pacific time)."""

    def __init__(self, message):
        now = datetime.now(QUOTA_ZONE)
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        wait = (midnight.replace(tzinfo=QUOTA_ZONE) - now).total_seconds()
        super().__init__(message, retry_after=max(int(wait), 60))


@polls(
    "youtube",
    "YouTube comments",
    "youtube",
    sequence=70,
    credentials=("api_key", "access_token"),
    action_type="comment",
)
class YoutubeConnector(Connector):
    """YouTube comments, replies included, newest first.

    The query is a video id (or ``video:<id>``), ``channel:<id>`` for every video of a
    channel, or words: the videos that ``search.list`` finds for them (newest first, those
    published since the last search) are watched for a month and their comments read.
    Every call is counted against the connector's daily budget of quota units (search 100,
    a page of comments 1); a run never exceeds it and stops where it must, to go on once
    YouTube's quota day (Pacific time) has turned.
    """

    default_endpoint = "https://www.googleapis.com"

    # ------------------------------------------------------------------ quota

    def _spend(self, units):
        today = datetime.now(QUOTA_ZONE).date().isoformat()
        if self.session.get("quota_day") != today:
            self.session.update(quota_day=today, quota_used=0)
        budget = self.config.daily_quota or DEFAULT_DAILY_QUOTA
        if self.session["quota_used"] + units > budget:
            raise QuotaExhausted(
                f"YouTube's daily budget of {budget} quota units is spent "
                f"({self.session['quota_used']} used today, Pacific time)"
            )
        self.session["quota_used"] += units

    def _get(self, path, params, cost):
        self._spend(cost)
        # the key in a header, not the URL: URLs end up in logs, proxies and error texts
        # (Google APIs take it as ``X-Goog-Api-Key``)
        try:
            return self.adapter.get_json(
                f"{self.endpoint}/youtube/v3/{path}",
                params=params,
                headers={"X-Goog-Api-Key": self.config.api_key},
            )
        except FetchError as exc:
            # the project's quota is spent for the day (other users of the same key too)
            if exc.status == 403 and ("quotaExceeded" in str(exc) or "dailyLimit" in str(exc)):
                raise QuotaExhausted(
                    f"YouTube: the project's daily quota is spent ({exc})"
                ) from exc
            raise

    # ------------------------------------------------------------------ modes

    def _mode(self):
        query = (self.config.query or "").strip()
        if query.startswith("channel:"):
            return "channel", query.split(":", 1)[1].strip()
        if query.startswith("video:"):
            return "video", query.split(":", 1)[1].strip()
        if _VIDEO_ID.match(query):
            return "video", query
        return "search", query.removeprefix("search:").strip()

    def fetch(self, cursor=None):
        if not self.config.api_key:
            raise FetchError("YouTube needs a Data API key")
        mode, value = self._mode()
        if mode != "search":
            # a spent budget raises QuotaExhausted: the run waits for the quota day to turn
            self.video, self.channel = (value, None) if mode == "video" else (None, value)
            return super().fetch(cursor)
        return self._fetch_search(value, cursor)

    def _fetch_search(self, words, cursor):
        """Search new videos, then read the comments of every watched video."""
        state = self._load_cursor(cursor)
        now = datetime.now(UTC).replace(tzinfo=None)
        watched = dict(state.get("videos") or {})  # video id -> published at (ISO)
        result = FetchResult(warnings=self.warnings)
        try:
            params = {
                "part": "snippet",
                "q": words,
                "type": "video",
                "order": "date",
                "maxResults": 50,
            }
            if state.get("searched"):
                params["publishedAfter"] = state["searched"]
            found = self._require_dict(self._get("search", params, SEARCH_COST), "YouTube")
            if not isinstance(found.get("items"), list):
                raise FetchError("Unexpected YouTube search response: no items")
            for item in found["items"]:
                video = (item.get("id") or {}).get("videoId")
                if video:
                    published = (item.get("snippet") or {}).get("publishedAt") or ""
                    watched[video] = published
            searched = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        except QuotaExhausted as exc:
            self.warnings.append(str(exc))
            searched = state.get("searched")
        limit = (now - timedelta(days=WATCH_DAYS)).strftime("%Y-%m-%dT%H:%M:%S")
        watched = dict(
            sorted(
                ((v, p) for v, p in watched.items() if not p or p[:19] >= limit),
                key=lambda pair: pair[1],
                reverse=True,
            )[:MAX_WATCHED]
        )
        marks = dict(state.get("marks") or {})
        for video in watched:
            self.video, self.channel = video, None
            try:
                part = super().fetch(json.dumps(marks[video]) if video in marks else None)
            except QuotaExhausted as exc:
                # this video is read again from its mark next time: nothing of it is lost
                self.warnings.append(str(exc))
                break
            result.items += part.items
            result.errors += part.errors
            result.pages += part.pages
            marks[video] = json.loads(part.cursor)
        marks = {video: mark for video, mark in marks.items() if video in watched}
        result.cursor = json.dumps({"searched": searched, "videos": watched, "marks": marks})
        return result

    # ------------------------------------------------------------------ pages

    def fetch_page(self, high, token):
        params = {
            "part": "snippet,replies",
            "order": "time",
            "maxResults": min(self.config.page_size, 100),
            "textFormat": "plainText",
        }
        if self.channel:
            params["allThreadsRelatedToChannelId"] = self.channel
        else:
            params["videoId"] = self.video
        if token:
            params["pageToken"] = token
        payload = self._get("commentThreads", params, LIST_COST)
        payload = self._require_dict(payload, "YouTube")
        if "error" in payload:
            raise FetchError(f"YouTube error: {payload['error'].get('message', '')}")
        self._complete_replies(payload)
        return payload

    def _complete_replies(self, payload):
        """A thread carries at most a few replies: the others are read with comments.list."""
        for thread in payload.get("items") or []:
            if not isinstance(thread, dict):
                continue
            snippet = thread.get("snippet") or {}
            given = (thread.get("replies") or {}).get("comments") or []
            if int(snippet.get("totalReplyCount") or 0) <= len(given):
                continue
            replies, token = [], None
            while True:
                params = {"part": "snippet", "parentId": thread["id"], "maxResults": 100}
                params.update(textFormat="plainText", **({"pageToken": token} if token else {}))
                page = self._require_dict(self._get("comments", params, LIST_COST), "YouTube")
                replies += [c for c in page.get("items") or [] if isinstance(c, dict)]
                token = page.get("nextPageToken")
                if not token:
                    break
            thread.setdefault("replies", {})["comments"] = replies

    def split_page(self, payload):
        payload = self._require_dict(payload, "YouTube")
        if "error" in payload:
            raise FetchError(f"YouTube error: {payload['error'].get('message', '')}")
        items = payload.get("items")
        if not isinstance(items, list):
            raise FetchError("Unexpected YouTube response: no items")
        # each thread, then its replies, as items of their own
        flat = []
        for thread in items:
            flat.append(thread)
            if isinstance(thread, dict):
                replies = (thread.get("replies") or {}).get("comments") or []
                flat += [{"reply": reply, "thread": thread} for reply in replies]
        return flat, payload.get("nextPageToken")

    def map_item(self, raw, payload):
        if "reply" in raw:
            return self._map_comment(raw["reply"], raw["thread"])
        return self._map_comment(raw["snippet"]["topLevelComment"], raw)

    def _map_comment(self, comment, thread):
        snippet = comment["snippet"]
        thread_snippet = thread.get("snippet") or {}
        video = snippet.get("videoId") or thread_snippet.get("videoId") or ""
        channel = snippet.get("channelId") or thread_snippet.get("channelId") or ""
        published = snippet.get("publishedAt")
        channel_url = snippet.get("authorChannelUrl") or ""
        comment_id = comment.get("id") or thread["id"]
        name = snippet.get("authorDisplayName") or ""
        if video:
            link = f"https://www.youtube.com/watch?v={video}&lc={comment_id}"
        elif channel:  # a comment on the channel itself, on no video
            link = f"https://www.youtube.com/channel/{channel}/discussion?lc={comment_id}"
        else:
            link = ""
        return self._item(
            comment_id,
            iso_key(published),
            source_url=link,
            body=snippet.get("textOriginal") or html_to_text(snippet.get("textDisplay") or ""),
            author_name=name,
            author_handle=name.lstrip("@")
            if name.startswith("@")
            else urlsplit(channel_url).path.rsplit("/", 1)[-1],
            author_url=channel_url,
            author_image_url=snippet.get("authorProfileImageUrl") or "",
            interest_date=parse_date(published),
        )
