"""The address checked is the address connected to: a real DNS server on loopback whose
answer changes between two queries (DNS rebinding), and a real HTTP server on loopback."""

import http.server
import os
import threading
from urllib.parse import urlsplit

from odoo.tests import BaseCase, tagged
from odoo.tests.common import _super_send

from odoo.addons.social_interest.lib.http import (
    FetchError,
    HttpAdapter,
    TransientError,
    dns_resolver,
    fetch_image,
)
from odoo.addons.social_interest.tests.dns_server import LoopbackDNS


class NameServer(LoopbackDNS):
    """``answers[name]`` is the list of A records given to the successive queries of
    ``name`` (the last one repeats); the queries are counted."""

    def __init__(self, answers):
        self.answers = answers
        self.queries = {}
        super().__init__(self._answer)

    def _answer(self, name, rdtype):
        if name not in self.answers:
            return None
        if rdtype != "A":
            return []
        count = self.queries.get(name, 0)
        self.queries[name] = count + 1
        given = self.answers[name]
        return [("A", given[min(count, len(given) - 1)])]


class Recorder(http.server.BaseHTTPRequestHandler):
    hits = []
    redirect_to = None

    def do_GET(self):  # the name is fixed by http.server
        Recorder.hits.append((self.path, self.headers.get("Host")))
        if self.path == "/redirect" and Recorder.redirect_to:
            self.send_response(302)
            self.send_header("Location", Recorder.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestPinnedAddresses(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
        cls.port = cls.server.server_address[1]
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.server.server_close)
        cls.addClassCleanup(cls.server.shutdown)

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        # names under .example (reserved, RFC 2606) resolve only through this test's own DNS
        # server on loopback: let them through Odoo's guard against external requests
        if (urlsplit(r.url).hostname or "").endswith(".example"):
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    def setUp(self):
        super().setUp()
        Recorder.hits = []
        Recorder.redirect_to = None

    def _names(self, answers):
        names = NameServer(answers)
        self.addCleanup(names.stop)
        return names

    def _adapter(self, names, **kwargs):
        kwargs = dict({"timeout": 1, "deadline": 3, "max_retries": 0}, **kwargs)
        return HttpAdapter(resolve=dns_resolver(names.address), **kwargs)

    def test_a_rebinding_answer_never_reaches_the_private_address(self):
        # first answer public (it passes the check), every later one loopback
        names = self._names({"rebind.example": ["1.1.1.1", "127.0.0.1"]})
        with self.assertRaises((FetchError, TransientError)):
            self._adapter(names).get_json(f"http://rebind.example:{self.port}/")
        self.assertEqual(Recorder.hits, [], "the loopback server was never reached")
        self.assertEqual(names.queries["rebind.example"], 1, "resolved once, when connecting")

    def test_a_name_on_a_private_address_is_refused_before_connecting(self):
        names = self._names({"inside.example": ["127.0.0.1"]})
        with self.assertRaises(FetchError) as caught:
            self._adapter(names).get_json(f"http://inside.example:{self.port}/")
        self.assertIn("non-public address (127.0.0.1)", str(caught.exception))
        self.assertEqual(Recorder.hits, [])

    def test_the_connection_goes_to_the_address_resolved(self):
        # allowed (an admin's choice): the request reaches the address the server gave,
        # still addressed to the name
        names = self._names({"intranet.example": ["127.0.0.1"]})
        payload = self._adapter(names, allow_private=True).get_json(
            f"http://intranet.example:{self.port}/feed"
        )
        self.assertEqual(payload, {"ok": True})
        self.assertEqual(Recorder.hits, [("/feed", f"intranet.example:{self.port}")])

    def test_every_redirect_hop_is_pinned_too(self):
        names = self._names({"intranet.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
        Recorder.redirect_to = f"http://other.example:{self.port}/landed"
        self._adapter(names, allow_private=True).get_json(
            f"http://intranet.example:{self.port}/redirect"
        )
        self.assertEqual(
            Recorder.hits,
            [
                ("/redirect", f"intranet.example:{self.port}"),
                ("/landed", f"other.example:{self.port}"),
            ],
        )
        self.assertEqual(names.queries, {"intranet.example": 1, "other.example": 1})

    def test_a_name_that_does_not_resolve_is_a_clear_error(self):
        names = self._names({})
        with self.assertRaises(FetchError) as caught:
            self._adapter(names).get_json("http://nowhere.example/")
        self.assertIn("Cannot resolve nowhere.example", str(caught.exception))

    def test_behind_a_proxy_the_name_is_checked_before_asking_the_proxy(self):
        names = self._names({"inside.example": ["127.0.0.1"]})
        for variable in ("HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"):
            if variable in os.environ:
                self.addCleanup(os.environ.__setitem__, variable, os.environ.pop(variable))
        os.environ["HTTP_PROXY"] = f"http://127.0.0.1:{self.port}"
        self.addCleanup(os.environ.pop, "HTTP_PROXY")
        with self.assertRaises(FetchError):
            self._adapter(names).get_json("http://inside.example/")
        self.assertEqual(Recorder.hits, [], "the proxy was never asked")

    def test_photos_are_pinned_as_well(self):
        names = self._names({"cdn.example": ["1.1.1.1", "127.0.0.1"]})
        with self.assertRaises(FetchError):
            fetch_image(
                f"http://cdn.example:{self.port}/a.png",
                timeout=1,
                resolve=dns_resolver(names.address),
            )
        self.assertEqual(Recorder.hits, [])
