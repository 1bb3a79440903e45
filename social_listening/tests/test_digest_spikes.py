from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ListeningCase


@tagged("post_install", "-at_install")
class TestDigestSpikes(ListeningCase):
    def test_the_executive_digest_lists_the_periods_spikes(self):
        now = fields.Datetime.now()
        loud = self._connector(None, name="Brand on Mastodon")
        quiet = self._connector(None, name="Old spike")
        loud.sudo().spike_alerted_at = now - timedelta(days=2)
        quiet.sudo().spike_alerted_at = now - timedelta(days=20)
        sections = self.env.company._social_digest_sections(now - timedelta(days=7), now)
        (spikes,) = [s for s in sections if s["title"] == "Spikes"]
        self.assertEqual(len(spikes["lines"]), 1)
        self.assertIn("Brand on Mastodon", spikes["lines"][0])
