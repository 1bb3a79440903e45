"""The outbound HTTP guard: redirects that change host or scheme carry no body and no
credential, error messages are redacted in linear time, absurd photo URLs are not fetched.

Real HTTP(S) servers on loopback: 127.0.0.1 and localhost are two hosts for the client; one
port speaks both TLS and plain HTTP, so that https → http on the same host can be tried."""

import datetime
import http.server
import ipaddress
import json
import socket
import ssl
import tempfile
import threading
import time

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from odoo.tests import BaseCase, tagged

from odoo.addons.social_interest.lib.http import FetchError, HttpAdapter, redact

SECRET = "app-pass-w0rd"


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers with ``route(path)`` (status, headers, body) and records every request."""

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.server.requests.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": dict(self.headers.items()),
                "body": self.rfile.read(length) if length else b"",
            }
        )
        status, headers, body = self.server.route(self)
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer  # the names are fixed by http.server

    def log_message(self, *args):
        pass


class DualServer(http.server.ThreadingHTTPServer):
    """Plain HTTP, or TLS when the client starts a TLS handshake, on one port."""

    daemon_threads = True
    tls = None

    def get_request(self):
        sock, address = super().get_request()
        sock.settimeout(5)
        if self.tls and sock.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS ClientHello
            sock = self.tls.wrap_socket(sock, server_side=True)
        return sock, address


def self_signed(directory):
    """Paths of a certificate for 127.0.0.1 and localhost and of its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.utcnow()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = f"{directory}/cert.pem", f"{directory}/key.pem"
    with open(cert_path, "wb") as handle:
        handle.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as handle:
        handle.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return cert_path, key_path


@tagged("post_install", "-at_install")
class TestRedirectsCarryNoSecret(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.cert, key = self_signed(cls.tmp.name)
        cls.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cls.tls.load_cert_chain(cls.cert, key)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def _server(self, route):
        server = DualServer(("127.0.0.1", 0), RecordingHandler)
        server.tls = self.tls
        server.requests = []
        server.route = route
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    def _landing(self):
        """A server answering ``{"ok": true}``, named by its other host name (localhost)."""
        server, url = self._server(lambda handler: (200, {"Content-Type": "application/json"},
                                                    b'{"ok": true}'))  # fmt: skip
        return server, url.replace("127.0.0.1", "localhost")

    def _redirecting(self, status, location):
        return self._server(lambda handler: (status, {"Location": location}, b""))

    def _adapter(self):
        session = requests.Session()
        session.verify = self.cert
        session.trust_env = False  # else a CA bundle named in the environment wins
        return HttpAdapter(allow_private=True, backoff=0.01, sleep=lambda s: None, session=session)

    def test_a_redirect_to_another_host_drops_the_json_body_and_the_credentials(self):
        for status in (301, 302, 303, 307, 308):
            with self.subTest(status=status):
                landing, landing_url = self._landing()
                first, first_url = self._redirecting(status, landing_url + "/landing")
                self._adapter().post_json(
                    first_url + "/login",
                    {"identifier": "acme", "password": SECRET},
                    headers={"Authorization": f"Bearer {SECRET}"},
                )
                self.assertIn(SECRET.encode(), first.requests[0]["body"])
                [hop] = landing.requests
                self.assertNotIn(SECRET.encode(), hop["body"])
                self.assertNotIn("Authorization", hop["headers"])

    def test_a_303_on_the_same_host_is_a_get_without_body(self):
        server, url = self._server(
            lambda handler: (200, {}, b"{}")
            if handler.path == "/done"
            else (303, {"Location": "/done"}, b"")
        )
        self._adapter().post_json(url + "/login", {"password": SECRET})
        second = server.requests[1]
        self.assertEqual(second["method"], "GET")
        self.assertEqual(second["body"], b"")

    def test_a_307_on_the_same_host_keeps_the_body_and_the_credentials(self):
        server, url = self._server(
            lambda handler: (200, {}, b"{}")
            if handler.path == "/v2/login"
            else (307, {"Location": "/v2/login"}, b"")
        )
        self._adapter().post_json(
            url + "/login", {"password": SECRET}, headers={"Authorization": f"Bearer {SECRET}"}
        )
        second = server.requests[1]
        self.assertEqual(second["method"], "POST")
        self.assertEqual(json.loads(second["body"]), {"password": SECRET})
        self.assertEqual(second["headers"].get("Authorization"), f"Bearer {SECRET}")

    def test_https_to_http_on_the_same_host_drops_the_credentials(self):
        server, url = self._server(
            lambda handler: (200, {}, b"{}")
            if handler.path == "/plain"
            else (302, {"Location": url + "/plain"}, b"")
        )
        secure_url = url.replace("http://", "https://")
        self._adapter().get_json(secure_url + "/api", headers={"Authorization": f"Bearer {SECRET}"})
        self.assertEqual(len(server.requests), 2)
        self.assertIn("Authorization", server.requests[0]["headers"])
        self.assertNotIn("Authorization", server.requests[1]["headers"])


@tagged("post_install", "-at_install")
class TestRedactIsLinear(BaseCase):
    def _timed(self, text):
        start = time.thread_time()  # CPU time of this thread: load elsewhere does not count
        result = redact(text)
        return time.thread_time() - start, result

    def test_redacting_64_kb_of_any_character_the_pattern_looks_for_is_fast(self):
        size = 64 * 1024
        for piece in ("?", "&", "=", "#", "a", "?a", "&a", "?a=", "a=", "?=", "'", " "):
            with self.subTest(piece=piece):
                text = piece * (size // len(piece))
                elapsed, _result = self._timed(text)
                self.assertLess(elapsed, 0.2)

    def test_redacting_still_masks_every_query_value(self):
        self.assertEqual(
            redact("GET https://api.example.com/x??key=abc&q=chair failed"),
            "GET https://api.example.com/x??key=***&q=*** failed",
        )

    def test_an_error_message_quoting_a_huge_url_is_cut_and_redacted(self):
        error = FetchError(f"Network error: https://x.example/?token={SECRET}&" + "x" * 500_000)
        self.assertNotIn(SECRET, str(error))
        self.assertLess(len(str(error)), 5000)
