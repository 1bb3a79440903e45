"""Bluesky's post search, through the listening account's own service."""

import time

from odoo.addons.social_interest.lib.http import FetchError

from ..feeds import parse_date
from .base import Connector, iso_key, jwt_expiry
from .registry import polls

# renew a token this long before it expires
MARGIN = 300


@polls(
    "bluesky",
    "Bluesky (searchPosts)",
    "bluesky",
    sequence=50,
    credentials=("login", "app_password"),
)
class BlueskyConnector(Connector):
    """Bluesky ``app.bsky.feed.searchPosts`` (sort=latest), paged with ``cursor``.

    Search needs a logged-in account: the connector logs in with the account's handle and
    an app password (``com.atproto.server.createSession`` on the endpoint, Bluesky's entryway
    by default), keeps the session between runs, renews it before the access token expires
    (``refreshSession``; a new login when the refresh token is gone too) and searches
    through the account's own service (its PDS, from the session's DID document), which
    hands the query to the Bluesky app view.
    """

    default_endpoint = "https://bsky.social"

    def fetch_page(self, high, token):
        params = {"q": self.config.query or "", "sort": "latest", "limit": 100}
        if high:
            params["since"] = high[:19] + "Z"
        if token:
            params["cursor"] = token
        try:
            return self._search(params)
        except FetchError as exc:
            if exc.status not in (400, 401):  # ExpiredToken / InvalidToken
                raise
        # the token was refused before its time (revoked, server clock): log in again once
        self.session.clear()
        return self._search(params)

    def _search(self, params):
        session = self._logged_in()
        url = f"{session['service']}/xrpc/app.bsky.feed.searchPosts"
        headers = {"Authorization": f"Bearer {session['accessJwt']}"}
        return self.adapter.get_json(url, params=params, headers=headers)

    # ------------------------------------------------------------------ session

    def _logged_in(self):
        """The session, renewed or made anew when its access token is (nearly) expired."""
        now = time.time()
        if self.session.get("accessJwt") and self.session.get("access_exp", 0) - now > MARGIN:
            return self.session
        if self.session.get("refreshJwt") and self.session.get("refresh_exp", 0) - now > MARGIN:
            try:
                payload = self.adapter.post_json(
                    f"{self.session.get('service') or self.endpoint}"
                    "/xrpc/com.atproto.server.refreshSession",
                    None,
                    headers={"Authorization": f"Bearer {self.session['refreshJwt']}"},
                )
            except FetchError as exc:
                if exc.status not in (400, 401):
                    raise
            else:
                return self._keep(payload)
        return self._login()

    def _login(self):
        if not (self.config.login and self.config.app_password):
            raise FetchError("Bluesky's search needs an account: its handle and an app password")
        try:
            payload = self.adapter.post_json(
                f"{self.endpoint}/xrpc/com.atproto.server.createSession",
                {"identifier": self.config.login, "password": self.config.app_password},
            )
        except FetchError as exc:
            if exc.status in (400, 401):
                raise FetchError(
                    "Bluesky refused the login: check the handle and the app password",
                    status=exc.status,
                ) from exc
            raise
        return self._keep(payload)

    def _keep(self, payload):
        """Keep a session answered by createSession or refreshSession."""
        payload = self._require_dict(payload, "Bluesky session")
        if not payload.get("accessJwt") or not payload.get("refreshJwt"):
            raise FetchError("Unexpected Bluesky session: no tokens")
        service = _pds(payload.get("didDoc")) or self.session.get("service") or self.endpoint
        self.session.clear()
        self.session.update(
            accessJwt=payload["accessJwt"],
            refreshJwt=payload["refreshJwt"],
            access_exp=jwt_expiry(payload["accessJwt"]),
            refresh_exp=jwt_expiry(payload["refreshJwt"], 30 * 24 * 3600),
            did=payload.get("did") or "",
            handle=payload.get("handle") or "",
            service=service.rstrip("/"),
        )
        return self.session

    # ------------------------------------------------------------------ items

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
        external = ((post.get("embed") or {}).get("external") or {}) if post.get("embed") else {}
        return self._item(
            uri,
            iso_key(created),
            source_url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else "",
            title=external.get("title") or "",
            body=expand_links(record.get("text") or "", record.get("facets")),
            author_name=author.get("displayName") or handle,
            author_handle=handle,
            author_url=f"https://bsky.app/profile/{handle}" if handle else "",
            author_image_url=author.get("avatar") or "",
            interest_date=parse_date(created),
            lang=langs[0] if langs else "",
        )


def _pds(did_doc):
    """The account's personal data server, from its DID document."""
    services = (did_doc or {}).get("service") if isinstance(did_doc, dict) else None
    for service in services or []:
        if isinstance(service, dict) and (
            service.get("id") in ("#atproto_pds", "atproto_pds")
            or service.get("type") == "AtprotoPersonalDataServer"
        ):
            return str(service.get("serviceEndpoint") or "")
    return ""


def expand_links(text, facets):
    """``text`` with each link facet's shortened display (``example.com/lo...``) replaced by
    the link itself; facets index UTF-8 bytes (``app.bsky.richtext.facet``)."""
    data = text.encode("utf-8")
    links = []
    for facet in facets or []:
        try:
            index = facet["index"]
            start, end = int(index["byteStart"]), int(index["byteEnd"])
            uri = next(
                f["uri"]
                for f in facet.get("features") or []
                if f.get("$type") == "app.bsky.richtext.facet#link" and f.get("uri")
            )
        except (KeyError, TypeError, ValueError, StopIteration, AttributeError):
            continue
        if 0 <= start < end <= len(data):
            links.append((start, end, uri))
    for start, end, uri in sorted(links, reverse=True):
        data = data[:start] + uri.encode("utf-8") + data[end:]
    return data.decode("utf-8", "replace")
