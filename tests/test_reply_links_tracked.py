"""A reply posted on a platform (listening) carries its links through Odoo's link tracker
(link tracker bridge), credited to the card's channel."""

from odoo.tests import tagged

from odoo.addons.social_interest_link_tracker.tests.common import RecordingServer, serve_names
from odoo.addons.social_listening.tests import test_replies
from odoo.addons.social_listening.tests.test_replies import MastodonInstance, ReplyCase


@tagged("post_install", "-at_install")
class TestPlatformReplyLinks(ReplyCase):
    # (the Mastodon test class is reached through its module: a class imported by name
    # would have its tests collected here a second time)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        serve_names(cls)  # acme.example.com is a public name

    def test_links_of_a_platform_reply_go_out_tracked_with_the_channels_utm(self):
        instance = MastodonInstance()
        fake = self._platform(instance)
        card = test_replies.TestMastodonReply._card_from(self, fake)
        self._send(card, "Green is here: https://acme.example.com/ergo-chair-green")
        posted = instance.posted[0]["content"]
        self.assertIn("/r/", posted)
        self.assertNotIn("acme.example.com/ergo-chair-green", posted)
        link = self.env["link.tracker"].search([("social_interest_id", "=", card.id)])
        self.assertEqual(link.url, "https://acme.example.com/ergo-chair-green")
        self.assertEqual(link.source_id, card.source_id.utm_source_id)
        self.assertEqual(link.medium_id, card.source_id.utm_medium_id)

    def test_a_link_to_an_internal_server_goes_out_as_it_is_never_fetched(self):
        server = RecordingServer()
        self.addCleanup(server.stop)
        instance = MastodonInstance()
        fake = self._platform(instance)
        card = test_replies.TestMastodonReply._card_from(self, fake)
        self._send(card, f"Our admin page: {server.url}/admin")
        self.assertIn(f"{server.url}/admin", instance.posted[0]["content"])
        self.assertEqual(server.paths, [])
        self.assertFalse(self.env["link.tracker"].search([("social_interest_id", "=", card.id)]))
