"""A real HTTP server on loopback that replays a platform's responses, for the tests."""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

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
