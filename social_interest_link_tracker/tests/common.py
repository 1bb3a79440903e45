import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from odoo.tests import HttpCase

from odoo.addons.social_interest.tests.dns_server import LoopbackDNS

# a public address (documentation's example.com) and a private one, as a DNS server answers
PUBLIC_ADDRESS = "93.184.215.14"
PRIVATE_ADDRESS = "10.0.0.5"


def answer_names(name, rdtype):
    """Names of the tests: ``intranet.example.com`` is on the private network, the other
    ``example.com`` names on the internet."""
    if not name.endswith("example.com"):
        return None
    if rdtype != "A":
        return []
    return [("A", PRIVATE_ADDRESS if name.startswith("intranet.") else PUBLIC_ADDRESS)]


def serve_names(case_class):
    """Point the suite's DNS setting at a loopback DNS server answering :func:`answer_names`
    for the tests of ``case_class`` (no DNS is reached from the test machine)."""
    dns = LoopbackDNS(answer_names)
    case_class.addClassCleanup(dns.stop)
    case_class.env["ir.config_parameter"].sudo().set_param(
        "social_interest.dns_server", dns.address
    )
    return dns


class RecordingServer:
    """A web server on loopback that records the paths it was asked for."""

    def __init__(self):
        self.paths = []
        paths = self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                paths.append(self.path)
                body = b"<html><head><title>Internal admin</title></head></html>"
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


class ClickCase(HttpCase):
    """Clicks on Odoo's real redirect routes, counted by the bridge's scheduled run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        serve_names(cls)
        cls.source_clicks = cls.env.ref("social_interest_link_tracker.source_link_clicks")
        cls.jane = cls.env["res.partner"].create(
            {"name": "Jane Clicker", "email": "jane.clicker@example.com"}
        )
        cls.fb = cls.env["social.interest.source"].create(
            {"name": "Clicks test page", "platform": "facebook"}
        )

    def _click(self, path):
        response = self.url_open(path, allow_redirects=False)
        self.assertEqual(response.status_code, 301)
        return response

    def _click_cards(self, partner):
        self.env["link.tracker.click"]._cron_social_record_clicks()
        return self.env["social.interest"].search(
            [("partner_id", "=", partner.id), ("action_type", "=", "click")]
        )
