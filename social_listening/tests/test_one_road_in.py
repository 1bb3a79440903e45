"""Every road makes its cards through the one service, ``social.interest._ingest``.

The e-mail, the polled connector, the webhook delivery and the click each end in the same
method (watched here, not replaced: the real one runs), and what it answers tells the road
what happened to each item.
"""

import json
import time
from datetime import datetime
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import tagged

from odoo.addons.social_interest.lib.interest_data import InterestData
from odoo.addons.social_interest.tests.gateway_common import make_mail

from .common import ListeningCase
from .fake_platform import Reply, sample_json


def mastodon_pages(request):
    return Reply([] if "max_id" in request["query"] else sample_json("mastodon_tag_timeline.json"))


@tagged("post_install", "-at_install")
class TestOneRoadIn(ListeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Interest = cls.env["social.interest"]
        cls.env["ir.config_parameter"].sudo().set_param("social_interest.photo_download", "0")

    def _watch(self):
        """The real ``_ingest``, its calls recorded: (items, what it answered)."""
        calls = []
        original = type(self.Interest)._ingest

        def ingest(model, items, *args, **kwargs):
            results = original(model, items, *args, **kwargs)
            calls.append((list(items), results))
            return results

        return calls, patch.object(type(self.Interest), "_ingest", ingest)

    def test_an_email_makes_its_card_through_the_service(self):
        calls, watching = self._watch()
        with watching:
            self.env["mail.thread"].message_process(
                "social.interest", make_mail(message_id="<road-mail-1@mail.example.com>")
            )
        card = self.Interest.search([("message_id", "=", "<road-mail-1@mail.example.com>")])
        self.assertEqual(len(card), 1)
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][1][0].card, card)
        self.assertEqual(calls[0][1][0].outcome, "created")

    def test_a_polled_post_makes_its_card_through_the_service(self):
        connector = self._connector(self._platform(mastodon_pages), triage_negative=True)
        calls, watching = self._watch()
        with watching:
            connector.action_poll()
        carded = connector.mention_ids.filtered("interest_id")
        self.assertTrue(carded, "the negative post is triaged into a card")
        made = [result.card for _items, results in calls for result in results]
        self.assertEqual(set(made), set(carded.interest_id))
        self.assertTrue(all(item.platform == "mastodon" for items, _r in calls for item in items))

    def test_a_webhook_delivery_makes_its_card_through_the_service(self):
        connector = self.env["social.listening.connector"].create(
            {
                "name": "Agency feed",
                "kind": "generic_webhook",
                "webhook_secret": "It's a Secret to Everybody",
                "source_id": self.source_listening.id,
            }
        )
        payload = {
            "id": "road-d-1",
            "timestamp": int(time.time()),
            "items": [
                {
                    "id": "road-item-1",
                    "text": "Is the ACME sofa available in green?",
                    "author_name": "Eve",
                    "author_handle": "eve",
                    "url": "https://forum.example.com/t/road-1",
                    "platform": "forum",
                }
            ],
        }
        Delivery = self.env["social.listening.delivery"]
        self.assertTrue(Delivery._receive(connector, "road-d-1", json.dumps(payload)))
        calls, watching = self._watch()
        with watching:
            Delivery._cron_process()
        mention = connector.mention_ids
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][1][0].card, mention.interest_id)
        self.assertEqual(mention.interest_id.action_type, "question")

    def test_a_click_makes_its_card_through_the_service(self):
        partner = self.env["res.partner"].create({"name": "Clicky Customer"})
        calls, watching = self._watch()
        with watching:
            cards = self.Interest._social_record_hits(
                [
                    (
                        self.source_web,
                        partner,
                        "click",
                        datetime(2026, 11, 3, 9, 0),
                        "https://shop.example.com/p/1",
                        None,
                    )
                ]
            )
        self.assertEqual(len(calls), 1)
        self.assertEqual(calls[0][1][0].card, cards)
        self.assertEqual((cards.partner_id, cards.hit_count), (partner, 1))

    def test_the_service_says_what_it_did_with_each_item(self):
        item = InterestData(
            platform="forum",
            action_type="comment",
            external_id="road-said-1",
            author_name="Ana Lima",
            author_handle="ana",
            body="Love the ACME chair",
        )
        broken = InterestData(platform="forum", interest_date="not a date")
        first = self.Interest._ingest([item, item, broken], source=self.source_listening)
        self.assertEqual([r.outcome for r in first], ["created", "found", "skipped"])
        self.assertEqual(first[1].reason, "repeated")
        self.assertEqual(first[0].card, first[1].card)
        self.assertFalse(first[2].card)
        self.assertTrue(first[2].reason)
        again = self.Interest._ingest([item], source=self.source_listening)
        self.assertEqual((again[0].outcome, again[0].reason), ("found", "same item"))
        self.assertEqual(again[0].card, first[0].card)
        self.assertEqual(first[0].card.source_id, self.source_listening)
        self.assertEqual(first[0].card.team_id, self.team_a, "the source's team")

    def test_the_service_is_not_callable_over_rpc(self):
        with self.assertRaises(AccessError):
            get_public_method(self.Interest, "_ingest")
