"""A real HTTP server on loopback that replays a platform's responses, for the tests."""

import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from odoo.addons.social_interest.lib.http import HttpAdapter

from ..lib.connectors import Config, get_connector

DATA_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "data", "listening")


def sample_bytes(name):
    with open(os.path.join(DATA_DIR, name), "rb") as handle:
        return handle.read()


def sample_json(name):
    return json.loads(sample_bytes(name))


class Reply:
    def __init__(self, body=b"", status=200, headers=None, delay=0.0):
        if not isinstance(body, bytes | str):
            body = json.dumps(body)
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.status = status
        self.headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        self.delay = delay


class FakePlatform:
    """``handler(request) -> Reply`` answers every request; ``requests`` records them
    (``path``, ``query`` as a dict of single values, ``headers``, ``body``)."""

    def __init__(self, handler=None):
        self.handler = handler or (lambda request: Reply({}))
        self.requests = []
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = {
                    "method": self.command,
                    "path": parts.path,
                    "query": {k: v[-1] for k, v in parse_qs(parts.query).items()},
                    "headers": dict(self.headers),
                    "body": self.rfile.read(length) if length else b"",
                }
                platform.requests.append(request)
                reply = platform.handler(request)
                if reply.delay:
                    threading.Event().wait(reply.delay)
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = _serve

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def start(self, testcase):
        """Start now and stop when ``testcase`` ends."""
        self.__enter__()
        testcase.addCleanup(self.__exit__)
        return self


def fake_jwt(subject, seconds):
    """A token shaped like Bluesky's (a JWT whose ``exp`` says when it expires)."""

    def part(data):
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {
        "scope": "com.atproto.access",
        "sub": subject,
        "exp": int(time.time() + seconds),
        "jti": base64.b32encode(os.urandom(10)).decode(),
    }
    return f"{part({'typ': 'at+jwt', 'alg': 'ES256K'})}.{part(claims)}.c2lnbmF0dXJl"


class BlueskyServers:
    """Bluesky as it behaves for an app-password login (lexicons
    ``com.atproto.server.createSession`` / ``refreshSession`` and
    ``app.bsky.feed.searchPosts``): the entryway logs in and names the account's PDS in the
    DID document; the PDS answers search only to a valid access token (401 ExpiredToken
    otherwise), refreshes with the refresh token, which is then spent."""

    def __init__(self, testcase, access_seconds=7200, page=None):
        self.access_seconds = access_seconds
        self.page = page if page is not None else sample_json("bluesky_search_posts.json")
        self.valid_access, self.valid_refresh = set(), set()
        self.pds = FakePlatform(self._pds).start(testcase)
        self.entryway = FakePlatform(self._entryway).start(testcase)

    def _session(self):
        access = fake_jwt("did:plc:listener", self.access_seconds)
        refresh = fake_jwt("did:plc:listener", 90 * 86400)
        self.valid_access.add(access)
        self.valid_refresh.add(refresh)
        return {
            "did": "did:plc:listener",
            "handle": "acme-listening.bsky.social",
            "email": "social@acme.example.com",
            "emailConfirmed": True,
            "accessJwt": access,
            "refreshJwt": refresh,
            "active": True,
            "didDoc": {
                "@context": ["https://www.w3.org/ns/did/v1"],
                "id": "did:plc:listener",
                "alsoKnownAs": ["at://acme-listening.bsky.social"],
                "service": [
                    {
                        "id": "#atproto_pds",
                        "type": "AtprotoPersonalDataServer",
                        "serviceEndpoint": self.pds.url,
                    }
                ],
            },
        }

    def _bearer(self, request):
        return (request["headers"].get("Authorization") or "").removeprefix("Bearer ")

    def _entryway(self, request):
        if request["path"] == "/xrpc/com.atproto.server.createSession":
            body = json.loads(request["body"] or b"{}")
            if (
                body.get("identifier") == "acme-listening.bsky.social"
                and body.get("password") == "abcd-efgh-ijkl-mnop"
            ):
                return Reply(self._session())
            return Reply(
                {"error": "AuthenticationRequired", "message": "Invalid identifier or password"},
                401,
            )
        # search on the entryway (or the public app view) without a session: refused
        return Reply({"error": "AuthMissing", "message": "Authentication Required"}, 403)

    def _pds(self, request):
        token = self._bearer(request)
        if request["path"] == "/xrpc/com.atproto.server.refreshSession":
            if token not in self.valid_refresh:
                return Reply({"error": "ExpiredToken", "message": "Token has expired"}, 400)
            self.valid_refresh.discard(token)  # a refresh token is spent once
            return Reply({k: v for k, v in self._session().items() if k != "email"})
        if request["path"] == "/xrpc/app.bsky.feed.searchPosts":
            if token not in self.valid_access:
                return Reply({"error": "ExpiredToken", "message": "Token has expired"}, 401)
            if request["query"].get("cursor"):
                return Reply({"posts": []})
            return Reply(self.page)
        return Reply({"error": "MethodNotImplemented"}, 501)

    def connector(self, session=None, **config):
        config = dict(
            {
                "endpoint_url": self.entryway.url,
                "query": "acme",
                "login": "acme-listening.bsky.social",
                "app_password": "abcd-efgh-ijkl-mnop",
                "session": session or {},
            },
            **config,
        )
        adapter = HttpAdapter(allow_private=True, sleep=lambda s: None, backoff=0.01, max_retries=1)
        return get_connector("bluesky", Config(**config), adapter)

    def paths(self, server):
        return [r["path"].rsplit("/", 1)[-1] for r in server.requests]
