"""Connectors per kind: how to ask a platform for a page and how to map what it answers.

Each class pairs the requests of one API (through :class:`HttpAdapter`) with a mapper that
turns one raw item into a plain ``dict`` (``external_id``, ``url``, ``body``, ``author_*``,
``posted_at``, ``lang``, ``platform``). The shared :meth:`Connector.fetch` loop pages back
until it reaches the cursor (the high-water mark of the last complete run), skips and reports
a broken item without losing its page, and returns the new cursor only when the run is
complete. When a run stops at ``max_pages`` before reaching the cursor, the new cursor keeps
the old high-water mark and where to resume, so the next run back-fills the gap first.
"""

import json
import logging
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from odoo.addons.social_interest.parsing.redirects import unwrap_redirect

from .adapter import FetchError, RateLimited
from .feeds import html_to_text, parse_date, parse_xml

_logger = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"
MEDIA = "{http://search.yahoo.com/mrss/}"
YT = "{http://www.youtube.com/xml/schemas/2015}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

REGISTRY = {}


def register(cls):
    REGISTRY[cls.kind] = cls
    return cls


def get_connector(kind, config, adapter):
    """The connector instance for ``kind`` (KeyError when the kind cannot be polled)."""
    return REGISTRY[kind](config, adapter)


@dataclass
class FetchResult:
    items: list = field(default_factory=list)
    cursor: str = None  # the cursor to store once the items are committed (None: keep)
    errors: list = field(default_factory=list)  # broken items, skipped
    pages: int = 0
    complete: bool = True


@dataclass
class Config:
    endpoint_url: str = ""
    query: str = ""
    api_key: str = ""
    api_secret: str = ""
    access_token: str = ""
    auth_url: str = ""
    platform: str = ""
    max_pages: int = 10
    page_size: int = 100


class Connector:
    kind = None
    platform = "other"
    default_endpoint = ""
    filter_by_cursor = True

    def __init__(self, config, adapter):
        self.config = config
        self.adapter = adapter
        self.endpoint = (config.endpoint_url or self.default_endpoint).rstrip("/")

    # ------------------------------------------------------------------ the loop

    def fetch(self, cursor=None):
        """Fetch what is new since ``cursor``; adapter errors propagate (cursor kept)."""
        state = self._load_cursor(cursor)
        high, token = state.get("high"), state.get("resume")
        newest = state.get("pending")
        result = FetchResult()
        seen = set()
        for _page in range(max(1, self.config.max_pages)):
            payload = self.fetch_page(high, token)
            result.pages += 1
            raw_items, token = self.split_page(payload)
            reached = False
            for raw in raw_items:
                try:
                    item = self.map_item(raw, payload)
                except Exception as exc:  # one broken item never loses its page
                    result.errors.append(f"{type(exc).__name__}: {exc}")
                    _logger.warning("Skipped a broken %s item: %s", self.kind, exc)
                    continue
                if item is None:
                    continue
                key = item.pop("_key", None)
                # Strictly older than the mark: seen by a complete run. Items of the mark's
                # own second are read again and deduplicated by their external id.
                if self.filter_by_cursor and high is not None and key is not None and key < high:
                    reached = True
                    continue
                if key is not None and (newest is None or key > newest):
                    newest = key
                if item["external_id"] not in seen:
                    seen.add(item["external_id"])
                    result.items.append(item)
            if reached or not token or not raw_items:
                result.cursor = json.dumps({"high": newest if newest is not None else high})
                return result
        # Stopped by max_pages before reaching the cursor: resume there next time.
        result.complete = False
        result.cursor = json.dumps({"high": high, "pending": newest, "resume": token})
        return result

    @staticmethod
    def _load_cursor(cursor):
        if not cursor:
            return {}
        try:
            state = json.loads(cursor)
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    # ------------------------------------------------------------------ per kind

    def fetch_page(self, high, token):
        """The raw payload of one page."""
        raise NotImplementedError

    def split_page(self, payload):
        """(raw items, token of the next older page or None)."""
        raise NotImplementedError

    def map_item(self, raw, payload):
        """A dict of values for a mention (with ``_key`` for the cursor) or None to skip."""
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers

    def _item(self, external_id, key, **values):
        if not external_id:
            raise ValueError("item without an id")
        values.setdefault("platform", self.config.platform or self.platform)
        values.setdefault("lang", False)
        body = values.get("body") or ""
        values["body"] = body.strip()
        values["external_id"] = str(external_id)
        values["_key"] = key
        return values

    @staticmethod
    def _require_dict(payload, what):
        if not isinstance(payload, dict):
            raise FetchError(f"Unexpected {what} response: {type(payload).__name__}")
        return payload


def _iso_key(value):
    parsed = parse_date(value)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.%f") if parsed else None


# ---------------------------------------------------------------------- RSS / Atom


@register
class RssConnector(Connector):
    """RSS 2.0 and Atom feeds: blogs, forums, review sites, Google Alerts, YouTube channel
    feeds, Reddit ``.rss``. A feed has no paging: each run reads it whole."""

    kind = "rss"
    platform = "rss"
    # A feed is read whole each time; an item dated in the past can be new to us.
    filter_by_cursor = False

    def fetch_page(self, high, token):
        response = self.adapter.get_bytes(self.endpoint)
        charset = None
        content_type = response.headers.get("Content-Type", "")
        if "charset=" in content_type:
            charset = content_type.split("charset=")[-1].split(";")[0].strip().strip('"')
        return parse_xml(response.content, charset)

    def split_page(self, root):
        if root.tag == f"{ATOM}feed":
            return root.findall(f"{ATOM}entry"), None
        channel = root.find("channel")
        if root.tag not in ("rss", "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"):
            raise FetchError(f"Not an RSS or Atom feed (root element {root.tag})")
        items = channel.findall("item") if channel is not None else []
        return items or root.findall("{http://purl.org/rss/1.0/}item"), None

    def map_item(self, entry, root):
        if entry.tag == f"{ATOM}entry":
            return self._map_atom(entry)
        return self._map_rss(entry)

    def _map_atom(self, entry):
        link = ""
        for element in entry.findall(f"{ATOM}link"):
            if element.get("rel") in (None, "alternate"):
                link = element.get("href") or ""
                break
        link = unwrap_redirect(link)
        title = html_to_text(entry.findtext(f"{ATOM}title") or "")
        content = entry.findtext(f"{ATOM}content") or entry.findtext(f"{ATOM}summary") or ""
        description = entry.findtext(f"{MEDIA}group/{MEDIA}description") or ""
        date = entry.findtext(f"{ATOM}published") or entry.findtext(f"{ATOM}updated")
        external_id = entry.findtext(f"{ATOM}id") or entry.findtext(f"{YT}videoId") or link
        body = "\n".join(p for p in (title, html_to_text(content) or description) if p)
        return self._item(
            external_id,
            _iso_key(date),
            url=link,
            title=title,
            body=body,
            author_name=(entry.findtext(f"{ATOM}author/{ATOM}name") or "").strip(),
            author_url=(entry.findtext(f"{ATOM}author/{ATOM}uri") or "").strip(),
            posted_at=parse_date(date),
        )

    def _map_rss(self, item):
        link = unwrap_redirect((item.findtext("link") or "").strip())
        title = html_to_text(item.findtext("title") or "")
        content = item.findtext(f"{CONTENT}encoded") or item.findtext("description") or ""
        date = item.findtext("pubDate") or item.findtext(f"{DC}date")
        external_id = (item.findtext("guid") or "").strip() or link
        author = item.findtext(f"{DC}creator") or item.findtext("author") or ""
        body = "\n".join(p for p in (title, html_to_text(content)) if p)
        return self._item(
            external_id,
            _iso_key(date),
            url=link,
            title=title,
            body=body,
            author_name=author.strip(),
            posted_at=parse_date(date),
        )


# ---------------------------------------------------------------------- Mastodon


@register
class MastodonConnector(Connector):
    """Mastodon: hashtag timeline (query "#tag") or status search, newest first, paged back
    with ``max_id`` and bounded by ``since_id``."""

    kind = "mastodon"
    platform = "mastodon"
    default_endpoint = "https://mastodon.social"

    def fetch_page(self, high, token):
        query = (self.config.query or "").strip()
        params = {"limit": min(self.config.page_size, 40)}
        if high is not None:
            params["since_id"] = str(high)
        if token:
            params["max_id"] = token
        headers = {}
        if self.config.access_token:
            headers["Authorization"] = f"Bearer {self.config.access_token}"
        if query.startswith("#"):
            tag = quote(query.lstrip("#"), safe="")
            url = f"{self.endpoint}/api/v1/timelines/tag/{tag}"
        else:
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
        status = status.get("reblog") or status  # a boost: the original post speaks
        account = status.get("account") or {}
        return self._item(
            status["id"],
            int(status["id"]),
            url=status.get("url") or status.get("uri") or "",
            body=html_to_text(status.get("content") or ""),
            author_name=account.get("display_name") or account.get("username") or "",
            author_handle=account.get("acct") or "",
            author_url=account.get("url") or "",
            author_image_url=account.get("avatar") or "",
            posted_at=parse_date(status.get("created_at")),
            lang=status.get("language") or False,
        )


# ---------------------------------------------------------------------- Hacker News


@register
class HackerNewsConnector(Connector):
    """Hacker News through Algolia's ``search_by_date`` (stories and comments, newest first).
    Pages are requested with ``numericFilters=created_at_i<oldest`` rather than page
    numbers, so new items arriving during the run cannot shift the pages."""

    kind = "hackernews"
    platform = "hackernews"
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
            url=f"https://news.ycombinator.com/item?id={object_id}",
            title=title,
            body=body or title,
            author_name=hit.get("author") or "",
            author_handle=hit.get("author") or "",
            author_url=f"https://news.ycombinator.com/user?id={quote(hit.get('author') or '')}"
            if hit.get("author")
            else "",
            posted_at=parse_date(hit.get("created_at") or hit.get("created_at_i")),
        )


# ---------------------------------------------------------------------- Reddit


@register
class RedditConnector(Connector):
    """Reddit search API with an OAuth application (client credentials), newest first,
    paged with ``after``."""

    kind = "reddit"
    platform = "reddit"
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
        return self._item(
            data.get("name") or f"{child.get('kind', 't3')}_{data['id']}",
            float(data["created_utc"]),
            url=f"https://www.reddit.com{data['permalink']}" if data.get("permalink") else "",
            title=title,
            body="\n".join(p for p in (title, text) if p),
            author_name=author,
            author_handle=author,
            author_url=f"https://www.reddit.com/user/{quote(author)}" if author else "",
            posted_at=parse_date(data.get("created_utc")),
        )


# ---------------------------------------------------------------------- Bluesky


@register
class BlueskyConnector(Connector):
    """Bluesky ``app.bsky.feed.searchPosts`` (sort=latest), paged with ``cursor``."""

    kind = "bluesky"
    platform = "bluesky"
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
            _iso_key(created),
            url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else "",
            body=record.get("text") or "",
            author_name=author.get("displayName") or handle,
            author_handle=handle,
            author_url=f"https://bsky.app/profile/{handle}" if handle else "",
            author_image_url=author.get("avatar") or "",
            posted_at=parse_date(created),
            lang=langs[0] if langs else False,
        )


# ---------------------------------------------------------------------- X


@register
class XConnector(Connector):
    """X API v2 recent search with an app bearer token; ``since_id`` bounds the run and
    ``next_token`` pages back."""

    kind = "x"
    platform = "x"
    default_endpoint = "https://api.x.com"

    def fetch_page(self, high, token):
        if not self.config.access_token:
            raise FetchError("X recent search needs a bearer token")
        params = {
            "query": self.config.query or "",
            "max_results": max(10, min(self.config.page_size, 100)),
            "tweet.fields": "created_at,lang,author_id,conversation_id",
            "expansions": "author_id",
            "user.fields": "name,username,profile_image_url",
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
        username = user.get("username") or ""
        return self._item(
            tweet["id"],
            int(tweet["id"]),
            url=f"https://x.com/{username or 'i'}/status/{tweet['id']}",
            body=tweet.get("text") or "",
            author_name=user.get("name") or username,
            author_handle=username,
            author_url=f"https://x.com/{username}" if username else "",
            author_image_url=user.get("profile_image_url") or "",
            posted_at=parse_date(tweet.get("created_at")),
            lang=tweet.get("lang") if tweet.get("lang") not in (None, "und", "zxx") else False,
        )


# ---------------------------------------------------------------------- YouTube


@register
class YoutubeConnector(Connector):
    """YouTube Data API v3 ``commentThreads`` (API key), newest first, ``pageToken``.
    The query is a video id, or ``channel:<id>`` for every video of a channel."""

    kind = "youtube"
    platform = "youtube"
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
            "key": self.config.api_key,
        }
        if query.startswith("channel:"):
            params["allThreadsRelatedToChannelId"] = query.split(":", 1)[1]
        else:
            params["videoId"] = query
        if token:
            params["pageToken"] = token
        url = f"{self.endpoint}/youtube/v3/commentThreads"
        return self.adapter.get_json(url, params=params)

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
        return self._item(
            comment.get("id") or thread["id"],
            _iso_key(published),
            url=f"https://www.youtube.com/watch?v={video}&lc={comment.get('id') or thread['id']}",
            body=snippet.get("textOriginal") or html_to_text(snippet.get("textDisplay") or ""),
            author_name=snippet.get("authorDisplayName") or "",
            author_handle=(snippet.get("authorDisplayName") or "").lstrip("@")
            if (snippet.get("authorDisplayName") or "").startswith("@")
            else urlsplit(channel_url).path.rsplit("/", 1)[-1],
            author_url=channel_url,
            author_image_url=snippet.get("authorProfileImageUrl") or "",
            posted_at=parse_date(published),
        )


# ---------------------------------------------------------------------- VK


VK_RATE_LIMIT_CODES = (6, 9, 29)


@register
class VkConnector(Connector):
    """VK ``newsfeed.search`` (user access token), paged with ``next_from``; or the comments
    of one wall post with the query ``wall:<owner_id>_<post_id>`` (``wall.getComments``)."""

    kind = "vk"
    platform = "vk"
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
        payload = self.adapter.get_json(f"{self.endpoint}/method/{method}", params=params)
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
            url=url,
            body=post.get("text") or "",
            author_name=name,
            author_handle=screen,
            author_url=f"https://vk.com/{screen}" if screen else "",
            author_image_url=author.get("photo_100") or "",
            posted_at=parse_date(post.get("date")),
        )


# ---------------------------------------------------------------------- webhooks


def map_meta_webhook(payload):
    """Items of a Facebook page / Instagram webhook delivery (comments, feed posts)."""
    items, errors = [], []
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise ValueError("not a Meta webhook payload")
    platform = "instagram" if payload.get("object") == "instagram" else "facebook"
    for entry in payload["entry"]:
        for change in (entry or {}).get("changes") or []:
            try:
                item = _map_meta_change(platform, entry, change)
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            if item:
                items.append(item)
    return items, errors


def _map_meta_change(platform, entry, change):
    value = change.get("value") or {}
    field_name = change.get("field")
    if platform == "instagram":
        if field_name not in ("comments", "live_comments") or not value.get("text"):
            return None
        author = value.get("from") or {}
        username = author.get("username") or ""
        return {
            "external_id": str(value["id"]),
            "platform": "instagram",
            "url": "",
            "body": value["text"],
            "author_name": username,
            "author_handle": username,
            "author_url": f"https://www.instagram.com/{username}/" if username else "",
            "posted_at": parse_date(entry.get("time")),
            "lang": False,
        }
    if field_name != "feed" or value.get("verb") not in ("add", "edited"):
        return None
    if value.get("item") not in ("comment", "post", "status") or not value.get("message"):
        return None
    external_id = value.get("comment_id") or value.get("post_id")
    author = value.get("from") or {}
    post_id = value.get("post_id") or ""
    url = value.get("permalink_url") or (f"https://www.facebook.com/{post_id}" if post_id else "")
    if value.get("comment_id") and url and "comment_id" not in url:
        url = f"{url}?comment_id={value['comment_id'].split('_')[-1]}"
    return {
        "external_id": str(external_id),
        "platform": "facebook",
        "url": url,
        "body": value["message"],
        "author_name": author.get("name") or "",
        "author_handle": str(author.get("id") or ""),
        "author_url": "",
        "posted_at": parse_date(value.get("created_time") or entry.get("time")),
        "lang": False,
    }


def map_generic_webhook(payload):
    """Items of our generic signed webhook: ``{"id", "timestamp", "items": [...]}``."""
    if not isinstance(payload, dict) or not isinstance(payload.get("items"), list):
        raise ValueError("the body needs an 'items' list")
    items, errors = [], []
    for raw in payload["items"]:
        try:
            if not isinstance(raw, dict) or not raw.get("id") or not raw.get("text"):
                raise ValueError("an item needs 'id' and 'text'")
            items.append(
                {
                    "external_id": str(raw["id"])[:255],
                    "platform": str(raw.get("platform") or "") or False,
                    "url": str(raw.get("url") or ""),
                    "body": str(raw["text"]),
                    "author_name": str(raw.get("author_name") or ""),
                    "author_handle": str(raw.get("author_handle") or ""),
                    "author_url": str(raw.get("author_url") or ""),
                    "posted_at": parse_date(raw.get("created_at")),
                    "lang": str(raw.get("lang") or "") or False,
                }
            )
        except ValueError as exc:
            errors.append(str(exc))
    return items, errors
