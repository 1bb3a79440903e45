import http.client
import json
import time
from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from ..lib.webhook import sign, verify_signature
from ..models.social_listening_connector import MAX_BODY_KB
from ..models.social_listening_delivery import (
    KEY_RETENTION,
    MAX_DELIVERY_AGE,
    MAX_REPLAY_WINDOW,
)
from .fake_platform import sample_json

SECRET = "It's a Secret to Everybody"


@tagged("post_install", "-at_install")
class TestWebhookSignature(HttpCase):
    def test_public_test_vector(self):
        expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        self.assertEqual(sign(SECRET, b"Hello, World!"), expected)
        self.assertTrue(verify_signature(SECRET, b"Hello, World!", expected))
        self.assertFalse(verify_signature(SECRET, b"Hello, World?", expected))
        self.assertFalse(verify_signature(SECRET, b"Hello, World!", expected[7:]))
        self.assertFalse(verify_signature("", b"Hello, World!", expected))


@tagged("post_install", "-at_install")
class TestWebhookEndpoint(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = cls.env["crm.team"].create({"name": "Webhook team"})
        source = cls.env["social.interest.source"].create(
            {"name": "Agency", "platform": "other", "team_id": team.id}
        )
        cls.generic = cls.env["social.listening.connector"].create(
            {
                "name": "Generic",
                "kind": "generic_webhook",
                "webhook_secret": SECRET,
                "source_id": source.id,
                "max_body_kb": 2,
            }
        )
        cls.meta = cls.env["social.listening.connector"].create(
            {
                "name": "Facebook page",
                "kind": "meta_webhook",
                "webhook_secret": SECRET,
                "verify_token": "verify-me",
                "source_id": source.id,
            }
        )

    def _url(self, connector):
        return f"/social_listening/webhook/{connector.id}"

    def _post(self, connector, payload, signature=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature is not False:
            headers["X-Hub-Signature-256"] = signature or sign(SECRET, body)
        return self.url_open(self._url(connector), data=body, headers=headers)

    def _generic_payload(self, delivery="d-1", **extra):
        return dict(
            {
                "id": delivery,
                "timestamp": int(time.time()),
                "items": [
                    {
                        "id": f"{delivery}-item",
                        "text": "Is the ACME sofa available in green?",
                        "author_name": "<b>Eve</b>",
                        "author_handle": "eve",
                        "url": "https://forum.example.com/t/1",
                        "platform": "forum",
                    }
                ],
            },
            **extra,
        )

    def _process(self):
        self.env["social.listening.delivery"]._cron_process()

    @staticmethod
    def _meta(name, age=0):
        """A Meta sample delivery whose entries are ``age`` seconds old (in its own unit)."""
        payload = sample_json(name)
        for entry in payload["entry"]:
            sent = time.time() - age
            entry["time"] = int(sent * 1000) if entry["time"] > 1e12 else int(sent)
        return payload

    def _refusal(self, response):
        return response.status_code, response.json()

    def test_signed_delivery_is_stored(self):
        response = self._post(self.generic, self._generic_payload())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "accepted")
        # the request only stored the delivery raw: nothing shared was written
        delivery = self.env["social.listening.delivery"].search(
            [("connector_id", "=", self.generic.id)]
        )
        self.assertEqual(delivery.state, "pending")
        self.assertIn("Is the ACME sofa available", delivery.payload)
        self.assertFalse(self.generic.mention_ids)
        self.assertEqual(self.generic.fetched_count, 0)
        self._process()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.stored_count, 1)
        self.assertFalse(delivery.payload, "the body is not kept once stored")
        self.assertEqual(self.generic.fetched_count, 1)
        self.assertEqual(self.generic.state, "ok")
        mention = self.generic.mention_ids
        self.assertEqual(mention.author_name, "<b>Eve</b>")
        self.assertEqual(mention.platform, "forum")
        self.assertEqual(mention.interest_id.action_type, "question")

    def test_wrong_signature_is_refused_before_parsing(self):
        response = self._post(self.generic, None, signature="sha256=" + "0" * 64, raw=b"not json")
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.generic.mention_ids)

    def test_missing_signature_is_refused(self):
        response = self._post(self.generic, self._generic_payload(), signature=False)
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.generic.mention_ids)

    def test_connector_without_secret_fails_closed(self):
        self.generic.webhook_secret = False
        response = self._post(self.generic, self._generic_payload())
        self.assertEqual(response.status_code, 401)
        self.assertFalse(self.generic.mention_ids)

    def test_unknown_inactive_and_unconfigured_connectors_answer_as_a_bad_signature(self):
        # an anonymous caller learns neither which ids exist nor how they are set up
        payload = self._generic_payload()
        bad = self._refusal(self._post(self.generic, payload, signature="sha256=" + "0" * 64))
        self.assertEqual(bad[0], 401)
        unknown = self.url_open(
            "/social_listening/webhook/999999",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(self._refusal(unknown), bad)
        inactive = self.generic.copy({"active": False, "webhook_secret": SECRET})
        self.assertEqual(self._refusal(self._post(inactive, payload)), bad)
        unconfigured = self.generic.copy({"webhook_secret": False})
        self.assertEqual(self._refusal(self._post(unconfigured, payload)), bad)
        feed = self.env["social.listening.connector"].create({"name": "Feed", "kind": "rss"})
        self.assertEqual(self._refusal(self._post(feed, payload)), bad)

    def test_an_unknown_connector_refuses_the_handshake_as_a_wrong_token(self):
        query = "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-me"
        wrong = self.url_open(self._url(self.meta) + query.replace("verify-me", "wrong"))
        unknown = self.url_open("/social_listening/webhook/999999" + query)
        self.assertEqual(self._refusal(unknown), self._refusal(wrong))
        self.assertEqual(wrong.status_code, 403)

    def test_the_size_limit_has_a_ceiling(self):
        for value in (0, -1, MAX_BODY_KB + 1, 10**9):
            with self.assertRaises(ValidationError, msg=value):
                self.generic.max_body_kb = value
        self.generic.max_body_kb = MAX_BODY_KB

    def test_stale_delivery_is_refused(self):
        payload = self._generic_payload(timestamp=int(time.time()) - MAX_REPLAY_WINDOW - 60)
        response = self._post(self.generic, payload)
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.generic.mention_ids)

    def test_replayed_delivery_is_stored_once(self):
        payload = self._generic_payload("d-replay")
        self.assertEqual(self._post(self.generic, payload).status_code, 200)
        # a platform re-sends what it believes lost: a 2xx ends its retries
        again = self._post(self.generic, payload)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again.json()["status"], "duplicate")
        self._process()
        again = self._post(self.generic, payload)
        self.assertEqual(again.json()["status"], "duplicate", "also once processed")
        self._process()
        self.assertEqual(len(self.generic.mention_ids), 1)

    def test_retry_after_an_outage_is_accepted(self):
        # a platform's retry an hour after the event it reports
        payload = self._generic_payload("d-late", timestamp=int(time.time()) - 3600)
        self.assertEqual(self._post(self.generic, payload).status_code, 200)
        self._process()
        self.assertEqual(len(self.generic.mention_ids), 1)

    def test_replay_window_never_outlives_the_keys(self):
        with self.assertRaises(ValidationError):
            self.generic.replay_window = MAX_REPLAY_WINDOW + 1
        with self.assertRaises(ValidationError):
            self.generic.replay_window = 0
        # a delivery dated a whole window ahead of its arrival is accepted until a window
        # after its date: its key is still there to refuse that replay
        self.assertGreater(KEY_RETENTION, timedelta(seconds=2 * MAX_REPLAY_WINDOW))
        payload = self._generic_payload("d-kept")
        self._post(self.generic, payload)
        self._process()
        Delivery = self.env["social.listening.delivery"]
        delivery = Delivery.search([("connector_id", "=", self.generic.id)])
        delivery.received_at = fields.Datetime.now() - timedelta(seconds=2 * MAX_REPLAY_WINDOW)
        Delivery._cron_purge()
        self.assertTrue(delivery.exists(), "still within reach of a replay")
        self.assertEqual(self._post(self.generic, payload).json()["status"], "duplicate")
        delivery.received_at = fields.Datetime.now() - KEY_RETENTION - timedelta(hours=1)
        Delivery._cron_purge()
        self.assertFalse(delivery.exists())

    def test_a_delivery_the_database_refuses_fails_alone(self):
        # the database itself refuses this delivery's mention (a real constraint, dropped with
        # the test's transaction): that delivery is marked failed with the reason, the next
        # one is stored, and the failed one can be retried
        self.env.cr.execute(
            "ALTER TABLE social_mention ADD CONSTRAINT test_refused "
            "CHECK (external_id IS NULL OR external_id != 'd-bad-item') NOT VALID"
        )
        self._post(self.generic, self._generic_payload("d-bad"))
        self._post(self.generic, self._generic_payload("d-good"))
        self._process()
        Delivery = self.env["social.listening.delivery"]
        bad = Delivery.search([("delivery_key", "=", "d-bad")])
        good = Delivery.search([("delivery_key", "=", "d-good")])
        self.assertEqual(bad.state, "failed")
        self.assertIn("test_refused", bad.error)
        self.assertTrue(bad.payload, "kept to be retried")
        self.assertEqual(good.state, "done")
        self.assertEqual(self.generic.mention_ids.external_id, "d-good-item")
        self.assertEqual(self.generic.state, "error")
        self.assertIn("test_refused", self.generic.last_error)
        self.env.cr.execute("ALTER TABLE social_mention DROP CONSTRAINT test_refused")
        bad.action_retry()
        self._process()
        self.assertEqual(bad.state, "done")
        self.assertEqual(len(self.generic.mention_ids), 2)

    def test_chunked_body_over_the_limit_is_cut_while_read(self):
        payload = self._generic_payload("d-chunked")
        payload["items"][0]["text"] = "x" * 5000
        body = json.dumps(payload).encode()
        sent = []

        def chunks():
            for start in range(0, len(body), 512):
                sent.append(start)
                yield body[start : start + 512]

        connection = http.client.HTTPConnection("127.0.0.1", self.http_port(), timeout=10)
        connection.request(
            "POST",
            self._url(self.generic),
            body=chunks(),
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": sign(SECRET, body),
            },
            encode_chunked=True,
        )
        response = connection.getresponse()
        self.assertEqual(response.status, 413)
        connection.close()
        self.assertFalse(self.env["social.listening.delivery"].search([]).payload)
        self._process()
        self.assertFalse(self.generic.mention_ids)

    def test_body_over_the_limit_gets_413(self):
        payload = self._generic_payload()
        payload["items"][0]["text"] = "x" * 5000
        response = self._post(self.generic, payload)
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self.generic.mention_ids)

    def test_unparseable_signed_body_gets_400(self):
        response = self._post(self.generic, None, raw=b"{'items': oops")
        self.assertEqual(response.status_code, 400)
        response = self._post(self.generic, {"no_items": True})
        self.assertEqual(response.status_code, 400)

    def test_unknown_connector_gets_401(self):
        response = self.url_open("/social_listening/webhook/999999", data=b"{}")
        self.assertEqual(response.status_code, 401)

    def test_polled_connector_has_no_webhook(self):
        feed = self.env["social.listening.connector"].create({"name": "Feed", "kind": "rss"})
        response = self._post(feed, self._generic_payload())
        self.assertEqual(response.status_code, 401)

    def test_meta_verification_handshake(self):
        url = (
            self._url(self.meta) + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
        )
        ok = self.url_open(url + "verify-me")
        self.assertEqual(ok.status_code, 200)
        self.assertEqual(ok.text, "1158201444")
        self.assertEqual(self.url_open(url + "wrong").status_code, 403)

    def test_generic_webhook_has_no_verification_handshake(self):
        # only a kind whose platform subscribes with a handshake answers one
        self.generic.verify_token = "verify-me"
        url = self._url(self.generic) + "?hub.mode=subscribe&hub.challenge=1158201444"
        response = self.url_open(url + "&hub.verify_token=verify-me")
        self.assertEqual(response.status_code, 403)

    def test_meta_challenge_with_markup_is_not_echoed(self):
        url = self._url(self.meta) + "?hub.mode=subscribe&hub.verify_token=verify-me"
        response = self.url_open(url + "&hub.challenge=<script>alert(1)</script>")
        self.assertEqual(response.status_code, 403)

    def test_meta_page_comment_is_stored_reaction_ignored(self):
        payload = sample_json("meta_page_feed_webhook.json")
        payload["entry"][0]["time"] = int(time.time())
        response = self._post(self.meta, payload)
        self.assertEqual(response.status_code, 200)
        self._process()
        mention = self.meta.mention_ids
        self.assertEqual(len(mention), 1)
        self.assertEqual(mention.author_name, "Maria Garcia")
        self.assertEqual(mention.interest_id.action_type, "question")
        # the same body again is a replay: acknowledged, not stored again
        self.assertEqual(self._post(self.meta, payload).json()["status"], "duplicate")
        self._process()
        self.assertEqual(len(self.meta.mention_ids), 1)

    def test_meta_retries_of_any_age_are_stored_once_by_the_items_ids(self):
        # Meta signs no delivery date and retries for hours: no freshness window; the same
        # comment delivered again (another body: a later entry time) is the same mention
        payload = sample_json("instagram_comments_webhook.json")  # entry time in 2026-11-20
        payload["entry"][0]["time"] = int(time.time()) - MAX_REPLAY_WINDOW - 3600
        self.assertEqual(self._post(self.meta, payload).json()["status"], "accepted")
        payload["entry"][0]["time"] = int(time.time())
        self.assertEqual(self._post(self.meta, payload).json()["status"], "accepted")
        self._process()
        (mention,) = self.meta.mention_ids
        self.assertEqual(mention.external_id, "17865799348089039")
        self.assertEqual(mention.platform, "instagram")

    def test_a_meta_delivery_older_than_its_kept_key_is_refused(self):
        # Meta signs no delivery date: the entries' own time tells a replay sent after the
        # body's digest was purged
        self.assertLess(MAX_DELIVERY_AGE, KEY_RETENTION)
        age = MAX_DELIVERY_AGE.total_seconds() + 3600
        old = self._meta("meta_page_feed_webhook.json", age=age)
        response = self._post(self.meta, old)
        self.assertEqual((response.status_code, response.json()["status"]), (403, "stale"))
        messenger = self._meta("messenger_messages_webhook.json", age=age)  # milliseconds
        self.assertEqual(self._post(self.meta, messenger).status_code, 403)
        undated = self._meta("meta_page_feed_webhook.json")
        del undated["entry"][0]["time"]
        self.assertEqual(self._post(self.meta, undated).status_code, 403)
        self._process()
        self.assertFalse(self.meta.mention_ids)
        recent = self._meta(
            "meta_page_feed_webhook.json", age=MAX_DELIVERY_AGE.total_seconds() - 3600
        )
        self.assertEqual(self._post(self.meta, recent).json()["status"], "accepted")

    def test_a_comment_links_to_its_post_permalink(self):
        self._post(self.meta, self._meta("meta_page_feed_webhook.json"))
        self._process()
        self.assertEqual(
            self.meta.mention_ids.url,
            "https://www.facebook.com/104321987654321/posts/pfbid02abc?comment_id=111222333",
        )

    def test_messenger_direct_messages_become_private_message_cards(self):
        self._post(self.meta, self._meta("messenger_messages_webhook.json"))
        self._process()
        mentions = self.meta.mention_ids.sorted("posted_at")
        # the page's own reply (echo) and the read receipt are not interest
        self.assertEqual(len(mentions), 2)
        text, photo = mentions
        self.assertEqual(text.action_type, "message")
        self.assertEqual(text.author_handle, "7010203040506070")
        # Messenger's time is in milliseconds
        self.assertEqual(f"{text.posted_at:%Y-%m-%d %H:%M:%S}", "2026-11-18 08:20:04")
        # a direct message is always a card, whatever the triage settings
        card = text.interest_id
        self.assertEqual(card.action_type, "message")
        self.assertFalse(card.is_public)
        self.assertIn("walnut bookcase", card.body)
        self.assertEqual(photo.url, "https://scontent.xx.fbcdn.net/v/t1.15752-9/photo.jpg")
        self.assertTrue(photo.interest_id)

    def test_instagram_direct_messages_and_mentions(self):
        self._post(self.meta, self._meta("instagram_messaging_webhook.json"))
        self._post(self.meta, self._meta("instagram_mentions_webhook.json"))
        self._process()
        message = self.meta.mention_ids.filtered(lambda m: m.action_type == "message")
        self.assertEqual(message.platform, "instagram")
        self.assertEqual(message.body, "このランプの在庫はありますか？")
        self.assertEqual(message.interest_id.action_type, "message")
        mention = self.meta.mention_ids.filtered(lambda m: m.action_type == "mention")
        self.assertEqual(mention.external_id, "17894227972186120")
        self.assertEqual(mention.platform, "instagram")
