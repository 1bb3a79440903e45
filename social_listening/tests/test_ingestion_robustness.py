import json

from odoo.tests import tagged

from odoo.addons.social_interest.lib.interest_data import InterestData, storable

from .common import ListeningCase
from .fake_platform import Reply, sample_json


@tagged("post_install", "-at_install")
class TestIngestionRobustness(ListeningCase):
    def test_nul_bytes_and_lone_surrogates_never_reach_the_database(self):
        self.assertEqual(storable("a\x00b\ud83dc"), "ab\ufffdc")
        item = InterestData(body="x\x00y", author_name="\udc00Ann")
        self.assertEqual((item.body, item.author_name), ("xy", "\ufffdAnn"))
        item["title"] = "t\x00"
        self.assertEqual(item.title, "t")

    def test_a_post_with_a_nul_byte_is_stored_with_the_others(self):
        statuses = sample_json("mastodon_tag_timeline.json")
        # JSON may carry U+0000 and half of a surrogate pair; PostgreSQL refuses the first
        statuses[0]["content"] = "<p>acme chair\\u0000 is great \\ud83d</p>"
        body = json.dumps(statuses).replace("\\\\u0000", "\\u0000").replace("\\\\ud83d", "\\ud83d")
        platform = self._platform(lambda r: Reply([] if "max_id" in r["query"] else body.encode()))
        connector = self._connector(platform)
        connector.action_poll()
        self.assertEqual(connector.state, "ok", connector.last_error)
        self.assertEqual(len(connector.mention_ids), len(statuses))
        first = connector.mention_ids.filtered(lambda m: "is great" in (m.body or ""))
        self.assertTrue(first)
        self.assertNotIn("\x00", first.body)

    def test_an_archived_identity_is_found_not_duplicated(self):
        identity = self.env["social.identity"].create(
            {"name": "Old Friend", "platform": "mastodon", "handle": "oldfriend@example.social"}
        )
        identity.action_archive()
        connector = self._connector(None)
        mention = self.env["social.mention"].create(
            {
                "connector_id": connector.id,
                "external_id": "m-archived-1",
                "posted_at": "2026-11-30 10:00:00",
                "platform": "mastodon",
                "author_name": "Old Friend",
                "author_handle": "@OldFriend@example.social",
                "body": "Still love the acme chair",
            }
        )
        card = mention._create_cards()
        self.assertEqual(mention.identity_id, identity)
        self.assertEqual(card.identity_id, identity, "found through the one road in")
        vals = [
            {
                "platform": "mastodon",
                "author_handle": "oldfriend@example.social",
                "company_id": connector.company_id.id,
            }
        ]
        self.env["social.mention"]._link_identities(vals)
        self.assertEqual(vals[0]["identity_id"], identity.id)
