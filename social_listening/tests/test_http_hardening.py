"""Credentials stay with their host and out of stored errors; absurd waits are capped.

Real HTTP servers on loopback: the redirect from one host name (127.0.0.1) to another
(localhost) is a redirect to another host for the client, as in the wild."""

import socket
from datetime import timedelta

from odoo import fields
from odoo.tests import BaseCase, tagged

from odoo.addons.social_interest.lib.http import (
    MAX_RETRY_AFTER,
    FetchError,
    HttpAdapter,
    TransientError,
    parse_retry_after,
    redact,
)

from .common import ListeningCase
from .fake_platform import FakePlatform, Reply

SECRET = "s3cr3t-T0KEN"


def adapter():
    return HttpAdapter(allow_private=True, backoff=0.01, sleep=lambda seconds: None)


@tagged("post_install", "-at_install")
class TestCredentialsStayHome(BaseCase):
    def _pair(self, target_path="/landing"):
        """A server that redirects to a second server under another host name."""
        other = FakePlatform(lambda r: Reply({"ok": True})).start(self)
        other_url = other.url.replace("127.0.0.1", "localhost")
        first = FakePlatform(
            lambda r: Reply(b"", 302, {"Location": other_url + target_path})
        ).start(self)
        return first, other

    def test_redirect_to_another_host_drops_the_authorization_header(self):
        first, other = self._pair()
        adapter().get_json(first.url + "/api", headers={"Authorization": f"Bearer {SECRET}"})
        self.assertIn("Authorization", first.requests[0]["headers"])
        self.assertEqual(len(other.requests), 1)
        self.assertNotIn("Authorization", other.requests[0]["headers"])

    def test_redirect_to_another_host_drops_basic_auth(self):
        first, other = self._pair()
        adapter().post_form_json(first.url + "/token", {"grant": "x"}, auth=("app", SECRET))
        self.assertIn("Authorization", first.requests[0]["headers"])
        self.assertNotIn("Authorization", other.requests[0]["headers"])

    def test_redirect_on_the_same_host_keeps_the_header(self):
        platform = FakePlatform(
            lambda r: Reply({"ok": True})
            if r["path"] == "/v2"
            else Reply(b"", 301, {"Location": "/v2"})
        ).start(self)
        adapter().get_json(platform.url + "/v1", headers={"Authorization": f"Bearer {SECRET}"})
        self.assertEqual(platform.requests[1]["headers"].get("Authorization"), f"Bearer {SECRET}")

    def test_network_error_hides_the_key_in_the_query(self):
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        with self.assertRaises(TransientError) as caught:
            adapter().get_json(f"http://127.0.0.1:{port}/v3/items", params={"key": SECRET})
        self.assertNotIn(SECRET, str(caught.exception))

    def test_malformed_json_error_hides_the_key(self):
        platform = FakePlatform(lambda r: Reply(b"<html>not json</html>")).start(self)
        with self.assertRaises(FetchError) as caught:
            adapter().get_json(platform.url + "/v3/items", params={"access_token": SECRET})
        self.assertNotIn(SECRET, str(caught.exception))
        self.assertIn("access_token=***", str(caught.exception))

    def test_redact_masks_every_query_value(self):
        self.assertEqual(
            redact("GET https://api.example.com/x?key=abc&q=chair failed"),
            "GET https://api.example.com/x?key=***&q=*** failed",
        )
        self.assertEqual(redact("no url here"), "no url here")

    def test_absurd_retry_after_is_capped(self):
        self.assertEqual(parse_retry_after("1000000000000"), MAX_RETRY_AFTER)
        self.assertEqual(parse_retry_after("120"), 120)


@tagged("post_install", "-at_install")
class TestConnectorErrors(ListeningCase):
    def test_huge_retry_after_waits_at_most_the_cap(self):
        platform = self._platform(
            lambda r: Reply({"error": "slow down"}, 429, {"Retry-After": "1000000000000"})
        )
        connector = self._connector(platform)
        connector.action_poll()
        self.assertEqual(connector.state, "rate_limited")
        wait = connector.next_run_at - fields.Datetime.now()
        self.assertLessEqual(wait, timedelta(seconds=MAX_RETRY_AFTER + 60))
        self.assertGreater(wait, timedelta(days=1))

    def test_stored_error_has_no_credential(self):
        platform = self._platform(lambda r: Reply(b"<html>maintenance</html>"))
        connector = self._connector(platform, kind="youtube", api_key=SECRET, query="acme")
        connector.action_poll()
        self.assertEqual(connector.state, "error")
        self.assertTrue(connector.last_error)
        self.assertNotIn(SECRET, connector.last_error)
