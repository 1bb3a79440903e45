"""Helpers of the mail-gateway tests: fixtures on disk, a loopback HTTP server."""

import email
import http.server
import json
import threading
from email.message import EmailMessage
from pathlib import Path

from .common import SocialInterestCase

# the fields of a card compared with a sample e-mail's expected result
COMPARED = (
    "platform",
    "action_type",
    "author_name",
    "author_handle",
    "author_url",
    "author_email",
    "author_phone",
    "author_image_url",
    "body",
    "source_url",
    "external_id",
    "rating",
    "lang",
)

MAIL_DIR = Path(__file__).resolve().parents[2] / "data" / "mail"


def fixture_paths():
    """Every .eml of data/mail/ with its expected cards (.json beside it)."""
    return sorted(MAIL_DIR.glob("*/*.eml"))


def expected_cards(eml_path):
    return json.loads(eml_path.with_suffix(".json").read_text(encoding="utf-8"))["cards"]


def make_mail(
    subject="Question about your sofa",
    body="Hello, do you deliver to Kyoto?",
    sender="Ken Ito <ken.ito@example.com>",
    to="social@acme.example.com",
    message_id="<q-1@mail.example.com>",
    date="Fri, 20 Nov 2026 10:00:00 +0000",
    html=None,
    headers=None,
):
    """A small, valid e-mail as bytes."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if date:
        message["Date"] = date
    message["Message-Id"] = message_id
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body)
    if html:
        message.add_alternative(html, subtype="html")
    return bytes(message)


TRUSTED_SERVER = "mx.acme.example.com"


def as_verified(raw):
    """``raw`` as our receiving server hands it on: its DKIM signature checked and passed."""
    sender = email.message_from_bytes(raw).get("From", "")
    domain = sender.rpartition("@")[2].strip(" >").lower()
    header = f"Authentication-Results: {TRUSTED_SERVER}; dkim=pass header.d={domain}\r\n"
    return header.encode() + raw


class GatewayCase(SocialInterestCase):
    """Products with keywords, photos off by default, the gateway at hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Interest = cls.env["social.interest"]
        cls.env["ir.config_parameter"].sudo().set_param("social_interest.photo_download", "0")
        # the receiving server of the tests, whose Authentication-Results count
        cls.env["ir.config_parameter"].sudo().set_param(
            "social_interest.trusted_mail_servers", TRUSTED_SERVER
        )
        Product = cls.env["product.template"]
        cls.oak_table = Product.create(
            {
                "name": "Oak Dining Table",
                "social_keywords": "オーク材テーブル, дубовый стол",
            }
        )
        cls.velvet_sofa = Product.create(
            {"name": "Velvet Sofa", "social_keywords": "ベルベットソファ, бархатный диван"}
        )
        cls.walnut_bookcase = Product.create(
            {
                "name": "Walnut Bookcase",
                "social_keywords": "ウォールナット本棚, книжный шкаф, книжного шкафа, шкаф",
            }
        )

    def process(self, raw, model="social.interest", **kwargs):
        """Deliver one e-mail through Odoo's gateway, as fetchmail and the mailgate do."""
        return self.env["mail.thread"].message_process(model, raw, **kwargs)

    def cards_of(self, message_id):
        return self.Interest.with_context(active_test=False).search(
            [("message_id", "=", message_id)], order="id"
        )


class ImageHandler(http.server.BaseHTTPRequestHandler):
    """Serves /photo.png (a real PNG), /big.png, /page.html, /slow.png and a redirect."""

    png = b""
    big = b""

    def do_GET(self):  # the name is fixed by http.server
        self.server.paths.append(self.path)  # what was fetched, for the tests to check
        routes = {
            "/photo.png": (200, "image/png", self.png),
            "/big.png": (200, "image/png", self.big),
            "/page.html": (200, "text/html", b"<html>not a photo</html>"),
            "/broken.png": (200, "image/png", b"\x89PNG not really"),
        }
        if self.path == "/redirect.png":
            self.send_response(302)
            self.send_header("Location", "/photo.png")
            self.end_headers()
            return
        if self.path == "/slow.png":
            threading.Event().wait(5)
        status, ctype, data = routes.get(self.path, (404, "text/plain", b"missing"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def start_image_server(png, big):
    """A real HTTP server on 127.0.0.1 (random port) in a thread; returns (server, base URL)."""
    handler = type("Handler", (ImageHandler,), {"png": png, "big": big})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.paths = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
