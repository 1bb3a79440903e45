from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import ListeningCase


def item(external_id, body, **values):
    return dict(
        {
            "external_id": external_id,
            "body": body,
            "platform": "x",
            "author_name": "Pat",
            "author_handle": f"pat_{external_id}",
            "url": f"https://x.com/pat/status/{external_id}",
            "posted_at": fields.Datetime.now() - timedelta(minutes=5),
            "lang": False,
        },
        **values,
    )


@tagged("post_install", "-at_install")
class TestTriage(ListeningCase):
    def setUp(self):
        super().setUp()
        self.connector = self._connector(
            None, kind="generic_webhook", triage_product=True, spike_min_count=3
        )

    def test_question_becomes_a_card_with_its_fields(self):
        (mention,) = self.connector._ingest([item("1", "Does the ACME desk come in oak?")])
        card = mention.interest_id
        self.assertEqual(mention.state, "card")
        self.assertEqual(card.action_type, "question")
        self.assertEqual(card.source_id, self.source_listening)
        self.assertEqual(card.team_id, self.team_a)
        self.assertEqual(card.source_url, "https://x.com/pat/status/1")
        self.assertEqual(card.body, "Does the ACME desk come in oak?")
        self.assertEqual(card.author_handle, "pat_1")
        self.assertEqual(card.identity_id.handle, "pat_1")
        self.assertEqual(card.platform, "x")

    def test_negative_post_becomes_a_card(self):
        (mention,) = self.connector._ingest(
            [item("2", "ACME support is terrible, still no refund")]
        )
        self.assertEqual(mention.sentiment, "negative")
        self.assertEqual(mention.interest_id.sentiment, "negative")

    def test_japanese_complaint_without_opinion_words_becomes_a_negative_card(self):
        # a negated verb is the whole complaint: the Japanese reading finds it
        complaint, fact = self.connector._ingest(
            [
                item("ja1", "ACMEの机、2週間たってもまだ届きません", lang="ja"),
                item("ja2", "ACMEの新しい店舗が駅前にできた", lang="ja"),
            ]
        )
        self.assertEqual(complaint.sentiment, "negative")
        self.assertEqual(complaint.state, "card")
        self.assertEqual(complaint.interest_id.sentiment, "negative")
        self.assertEqual(fact.sentiment, "neutral")
        self.assertEqual(fact.state, "new")  # no question, no opinion, no product: no card

    def test_the_inbox_shows_the_platforms_icon(self):
        (mention,) = self.connector._ingest([item("icon1", "ACME desk arrived")])
        self.assertEqual(mention.platform_icon, "fa-twitter")
        mention.sudo().platform = "line"
        self.assertEqual(mention.platform_icon, "fa-commenting")

    def test_product_named_becomes_a_card_with_the_product(self):
        (mention,) = self.connector._ingest([item("3", "Just sat on the ergo chair at the shop.")])
        self.assertEqual(mention.product_tmpl_id, self.product)
        self.assertEqual(mention.interest_id.product_tmpl_id, self.product)

    def test_known_customer_becomes_a_card_on_their_contact(self):
        partner = self.env["res.partner"].create({"name": "Known Customer"})
        self.env["social.identity"].create(
            {"name": "Known", "platform": "x", "handle": "known_one", "partner_id": partner.id}
        )
        (mention,) = self.connector._ingest(
            [item("4", "Nice weather today", author_handle="known_one")]
        )
        self.assertEqual(mention.partner_id, partner)
        self.assertEqual(mention.interest_id.partner_id, partner)

    def test_plain_post_stays_a_mention_and_can_be_made_a_card_by_hand(self):
        (mention,) = self.connector._ingest([item("5", "The weather is mild today.")])
        self.assertEqual(mention.state, "new")
        self.assertFalse(mention.interest_id)
        action = mention.with_user(self.rep_a).action_create_card()
        self.assertEqual(mention.state, "card")
        self.assertEqual(action["res_id"], mention.interest_id.id)
        self.assertEqual(mention.interest_id.action_type, "mention")

    def test_ignore_and_reset(self):
        (mention,) = self.connector._ingest([item("6", "The weather is mild today.")])
        mention.action_ignore()
        self.assertEqual(mention.state, "ignored")
        mention.action_reset()
        self.assertEqual(mention.state, "new")

    def test_markup_in_a_post_stays_text_on_the_card(self):
        (mention,) = self.connector._ingest(
            [item("7", "<img src=x onerror=alert(1)> is ACME ok?", url="javascript:alert(1)")]
        )
        self.assertEqual(mention.body, "<img src=x onerror=alert(1)> is ACME ok?")
        self.assertFalse(mention.url_link)
        self.assertFalse(mention.interest_id.source_link)

    def test_spike_of_negative_mentions_notifies_managers_once(self):
        negatives = [item(f"n{i}", "ACME is the worst, terrible service") for i in range(3)]
        self.connector._ingest(negatives[:2])
        self.assertFalse(self.connector.spike_active)
        messages_before = self.connector.message_ids
        self.connector._ingest(negatives[2:])
        self.assertTrue(self.connector.spike_active)
        alert = self.connector.message_ids - messages_before
        self.assertEqual(len(alert), 1)
        self.assertIn(self.manager.partner_id, alert.partner_ids)
        self.connector._ingest([item("n9", "ACME is awful, broken again")])
        self.assertEqual(
            len(self.connector.message_ids - messages_before), 1, "one alert per spike"
        )

    def test_spike_threshold_follows_the_baseline(self):
        old = fields.Datetime.now() - timedelta(days=2)
        history = [item(f"h{i}", "ACME is terrible", posted_at=old) for i in range(400)]
        self.connector.write({"spike_factor": 3.0, "triage_negative": False})
        self.connector._ingest(history)
        # 400 negatives over the past week is about 2.4 an hour: 3 in an hour is no spike
        self.connector._ingest([item(f"r{i}", "ACME is terrible") for i in range(3)])
        self.assertFalse(self.connector.spike_active)

    def test_a_broken_item_is_skipped_not_the_batch(self):
        broken = item("b1", "fine")
        broken["body"] = {"not": "text"}
        no_id = item("b2", "fine")
        del no_id["external_id"]
        mentions = self.connector._ingest([broken, no_id, item("b3", "The weather is mild.")])
        self.assertEqual(mentions.mapped("external_id"), ["b3"])
