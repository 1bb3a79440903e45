"""The LINE channel: signed webhook deliveries become private message cards through the one
road in, and a card is answered with LINE's reply API while the event's reply token is
valid, else with a push message (monthly quota) under a retry key.

Payloads: ``data/listening/line_webhook_events.json`` (the event objects of the Messaging
API reference, "Webhook event objects", with ids of line-bot-sdk-python's
``tests/v3/text/webhook.json``); the signature vector is line-bot-sdk-python's
``tests/test_signature.py``. The loopback LINE server answers as the Messaging API
reference says (developers.line.biz/en/reference/messaging-api/): ``sentMessages``, 400
"Invalid reply token", 409 for a retry key already accepted, 429 past the quota.
"""

import base64
import copy
import hashlib
import hmac
import json
import threading
import time
import uuid
from datetime import datetime

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, new_test_user, tagged

from odoo.addons.social_interest import platforms

from ..lib.connectors import map_webhook, verify_signature
from ..lib.connectors.line import line_delivery_id, line_sent_at, retry_key
from .fake_platform import FakePlatform, Reply, sample_json
from .test_replies import ReplyCase

CHANNEL_SECRET = "8c570fa6dd201bb328f1c1eac23a96d8"
CHANNEL_TOKEN = "line-long-lived-channel-access-token"
PERSON = "U206d25c2ea6bd87c17655609a1c37cb8"


def _signature(body, secret=CHANNEL_SECRET):
    """LINE's: base64 of the HMAC-SHA256 of the body keyed with the channel secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _delivery(*indexes, age=0, redelivery=False):
    """A delivery of the sample's events ``indexes``, dated ``age`` seconds ago."""
    payload = sample_json("line_webhook_events.json")
    events = [copy.deepcopy(payload["events"][index]) for index in indexes]
    for event in events:
        event["timestamp"] = int((time.time() - age) * 1000)
        event["deliveryContext"]["isRedelivery"] = redelivery
    return {"destination": payload["destination"], "events": events}


class LineApi:
    """The Messaging API as the channel access token sees it: ``/v2/bot/info``, the quota
    (``/v2/bot/message/quota`` and ``/quota/consumption``), ``/v2/bot/message/reply`` (a
    reply token LINE issued, once) and ``/v2/bot/message/push`` (``X-Line-Retry-Key``: a
    UUID; the same key again is answered 409 with what was sent)."""

    def __init__(self, tokens=(), quota=1000, used=300):
        self.tokens = set(tokens)  # reply tokens issued and not used yet
        self.replies, self.pushes = [], []
        self.accepted = {}  # retry key -> the answer given when it was accepted
        self.fail = {}  # path -> (status, body) answered instead (nothing sent)
        self.lose = set()  # paths whose message is sent but whose answer is a 500
        self.quota, self.used = quota, used
        self.lock = threading.Lock()

    def __call__(self, request):
        if request["headers"].get("Authorization") != f"Bearer {CHANNEL_TOKEN}":
            return Reply({"message": "Authentication failed. Confirm that the access token "
                          "in the authorization header is valid."}, 401)  # fmt: skip
        path = request["path"]
        if path == "/v2/bot/info":
            return Reply({"userId": "Ub9952f8a7c1e0d3b2a4f5e6d7c8b9a0f", "basicId": "@216ruvqs",
                          "displayName": "ACME Furniture", "chatMode": "chat",
                          "markAsReadMode": "manual"})  # fmt: skip
        if path == "/v2/bot/message/quota":
            return Reply({"type": "limited", "value": self.quota})
        if path == "/v2/bot/message/quota/consumption":
            return Reply({"totalUsage": self.used})
        if path in self.fail:
            return Reply(self.fail[path][1], self.fail[path][0])
        body = json.loads(request["body"] or b"{}")
        with self.lock:
            if path == "/v2/bot/message/reply":
                return self._reply(body, path)
            if path == "/v2/bot/message/push":
                return self._push(body, path, request["headers"].get("X-Line-Retry-Key"))
        return Reply({"message": "Not found"}, 404)

    def _reply(self, body, path):
        if body.get("replyToken") not in self.tokens:
            return Reply({"message": "Invalid reply token"}, 400)
        self.tokens.discard(body["replyToken"])
        self.replies.append(body)
        return self._answer(path, self._sent(len(self.replies)))

    def _push(self, body, path, key):
        if key in self.accepted:
            return Reply({"message": "The retry key is already accepted",
                          "sentMessages": self.accepted[key]["sentMessages"]}, 409,
                         headers={"x-line-accepted-request-id": "f70dd685-499a-4231"})  # fmt: skip
        if key is not None:
            try:
                uuid.UUID(key)
            except ValueError:
                return Reply({"message": "The value for the 'X-Line-Retry-Key' header is "
                              "invalid"}, 400)  # fmt: skip
        self.pushes.append(dict(body, retry_key=key))
        self.used += 1
        answer = self._sent(100 + len(self.pushes))
        if key is not None:
            self.accepted[key] = answer
        return self._answer(path, answer)

    def _answer(self, path, answer):
        if path in self.lose:
            return Reply({"message": "An error occurred on the server."}, 500)
        return Reply(answer)

    @staticmethod
    def _sent(number):
        return {"sentMessages": [{"id": str(461230966842064000 + number),
                                  "quoteToken": "IStG5h1Tz7b..."}]}  # fmt: skip


@tagged("post_install", "-at_install")
class TestLineWebhookScheme(BaseCase):
    def test_signature_of_line_bot_sdk_python_test(self):
        # line-bot-sdk-python, tests/test_signature.py: secret, body and signature as there
        vector = "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
        self.assertEqual(_signature(b"bodybodybodybody", "channel_secret"), vector)
        self.assertTrue(verify_signature("line", b"bodybodybodybody", "channel_secret", vector))
        self.assertFalse(verify_signature("line", b"bodybodybodybody", "channel_secret",
                                          "invalid_signature"))  # fmt: skip
        self.assertFalse(verify_signature("line", b"bodybodybodybodY", "channel_secret", vector))
        self.assertFalse(verify_signature("line", b"bodybodybodybody", "other_secret", vector))
        self.assertFalse(verify_signature("line", b"bodybodybodybody", "channel_secret", ""))
        # the X-Hub-Signature-256 form of the same HMAC is not LINE's
        hexa = "sha256=" + hmac.new(b"channel_secret", b"bodybodybodybody", "sha256").hexdigest()
        self.assertFalse(verify_signature("line", b"bodybodybodybody", "channel_secret", hexa))

    def test_message_events_are_private_messages_of_the_person(self):
        items, errors = map_webhook("line", sample_json("line_webhook_events.json"))
        self.assertEqual(errors, [])
        by_id = {item.external_id: item for item in items}
        text = by_id["444573844083572737"]
        self.assertEqual((text.platform, text.action_type), ("line", "message"))
        self.assertEqual(text.body, "Is the Ergo Chair available in green?")
        self.assertEqual(text.author_handle, PERSON)
        self.assertEqual(text.author_name, "")  # LINE sends no name with the event
        self.assertEqual(text.interest_date, datetime(2016, 5, 7, 13, 57, 59, 859000))
        self.assertEqual(text.get("reply_token"), "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA")
        self.assertEqual(by_id["468789577898262530"].body, "[sticker]")
        self.assertEqual(by_id["354718705033693861"].body, "[image]")
        self.assertEqual(by_id["325709"].body, "[file] file.txt")
        location = by_id["325708"]
        self.assertEqual(
            location.body, "my location\n1-3 Kioicho, Chiyoda-ku, Tokyo, 102-8282, Japan"
        )
        self.assertEqual((location.get("line_source"), location.page),
                         ("room", "Ra8dbf4673c4c812cd491258042226c99"))  # fmt: skip

    def test_a_group_message_is_its_authors_and_notes_the_group(self):
        items, _errors = map_webhook("line", _delivery(3))
        self.assertEqual(items[0].author_handle, "U91eeaf62d901234567890123456789ab")
        self.assertEqual(items[0].page, "Ca56f94637cc4347f90a25382909b24b9")
        self.assertEqual(items[0].get("line_source"), "group")
        self.assertEqual(items[0].body, "Does the delivery include assembly?")

    def test_a_postback_is_a_message_and_follows_record_nothing(self):
        items, errors = map_webhook("line", _delivery(6, 7, 8))
        self.assertEqual(errors, [])
        self.assertEqual(len(items), 1)  # follow and unfollow: no item
        self.assertEqual(items[0].external_id, "postback-01FZ74A0TDDPYRVKNK77XKC3ZS")
        self.assertEqual(
            (items[0].body, items[0].action_type), ("action=buy&itemid=111", "message")
        )

    def test_a_broken_event_is_an_error_and_the_others_go_on(self):
        payload = _delivery(0, 1)
        del payload["events"][1]["message"]["id"]
        items, errors = map_webhook("line", payload)
        self.assertEqual([item.external_id for item in items], ["444573844083572737"])
        self.assertEqual(len(errors), 1)
        with self.assertRaises(ValueError):
            map_webhook("line", {"object": "page", "entry": []})

    def test_delivery_key_and_date(self):
        one = sample_json("line_webhook_events.json")
        one["events"] = one["events"][:1]
        self.assertEqual(line_delivery_id(one), "line:01FZ74A0TDDPYRVKNK77XKC3ZR")
        both = sample_json("line_webhook_events.json")
        both["events"] = both["events"][:2]
        swapped = dict(both, events=both["events"][::-1])
        self.assertEqual(line_delivery_id(both), line_delivery_id(swapped))
        self.assertNotEqual(line_delivery_id(both), line_delivery_id(one))
        self.assertEqual(line_sent_at(both), 1462629479.86)
        self.assertIsNone(line_delivery_id({"destination": "U1", "events": []}))
        # the console's "Verify" sends no event: nothing to replay, dated now
        before = time.time()
        self.assertGreaterEqual(line_sent_at({"destination": "U1", "events": []}), before)

    def test_the_platform_keeps_userids_as_sent_and_counts_as_line(self):
        line = platforms.get("line")
        self.assertEqual(line.normalize_handle(" U206D25c2ea6bd87c17655609a1c37cb8 "),
                         "U206D25c2ea6bd87c17655609a1c37cb8")  # fmt: skip
        self.assertEqual(line.reply_count("👍 ok"), 5)  # UTF-16 code units
        self.assertEqual(line.reply_limit("message"), 5000)
        self.assertTrue(line.private)


@tagged("post_install", "-at_install")
class TestLineWebhook(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = cls.env["crm.team"].create({"name": "LINE team"})
        cls.source = cls.env["social.interest.source"].create(
            {"name": "ACME LINE account", "platform": "line", "team_id": team.id}
        )
        cls.connector = cls.env["social.listening.connector"].create(
            {"name": "LINE", "kind": "line", "webhook_secret": CHANNEL_SECRET,
             "access_token": CHANNEL_TOKEN, "source_id": cls.source.id,
             "allow_private_network": True}
        )  # fmt: skip
        cls.manager = new_test_user(
            cls.env, login="line_manager", groups="sales_team.group_sale_manager"
        )

    def setUp(self):
        super().setUp()
        # the delivery's completion asks LINE for profiles and contents: here on loopback
        self.connector.endpoint_url = FakePlatform(LineApi()).start(self).url

    def _post(self, payload, signature=None):
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        if signature is not False:
            headers["x-line-signature"] = signature or _signature(body)
        return self.url_open(f"/social_listening/webhook/{self.connector.id}", data=body,
                             headers=headers)  # fmt: skip

    def _deliveries(self):
        return self.env["social.listening.delivery"].search(
            [("connector_id", "=", self.connector.id)]
        )

    def _process(self):
        self.env["social.listening.delivery"]._cron_process()

    def test_a_message_becomes_a_private_message_card_through_the_one_road(self):
        response = self._post(_delivery(0, 7))
        self.assertEqual((response.status_code, response.json()["status"]), (200, "accepted"))
        self._process()
        self.assertEqual(self._deliveries().state, "done")
        mention = self.connector.mention_ids
        self.assertEqual(len(mention), 1)  # the follow recorded nothing
        self.assertEqual((mention.platform, mention.action_type), ("line", "message"))
        self.assertEqual(mention.reply_token, "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA")
        card = mention.interest_id
        self.assertEqual((card.platform, card.action_type), ("line", "message"))
        self.assertFalse(card.is_public)
        self.assertEqual(card.source_id, self.source)
        self.assertEqual(card.body, "Is the Ergo Chair available in green?")
        self.assertEqual(card.identity_id.handle, PERSON)

    def test_follow_and_unfollow_are_the_persons_status_never_a_card(self):
        follower = "U206d25c2ea6bd87c17655609a1c37cb8"
        self.assertEqual(self._post(_delivery(7, age=60)).status_code, 200)
        self._process()
        identity = self.env["social.identity"].search(
            [("platform", "=", "line"), ("handle", "=", follower)]
        )
        self.assertEqual(identity.channel_status, "following")
        self.assertFalse(self.connector.mention_ids, "following is no question")
        self.assertFalse(self.env["social.interest"].search([("identity_id", "=", identity.id)]))
        self._post(_delivery(8))
        self._process()
        self.assertEqual(identity.channel_status, "blocked")
        # a follow of two minutes earlier arriving late changes nothing
        late = _delivery(7, age=120)
        late["events"][0]["webhookEventId"] = "01FZ74LATEFOLLOWEVENT00000"
        self.assertEqual(self._post(late).status_code, 200)
        self._process()
        self.assertEqual(identity.channel_status, "blocked")
        self.assertEqual(self.env["social.identity"].search_count([("handle", "=", follower)]), 1)

    def test_forged_or_missing_signatures_are_refused_and_nothing_stored(self):
        payload = _delivery(0)
        forged = _signature(json.dumps(payload).encode(), "not-the-channel-secret")
        self.assertEqual(self._post(payload, signature=forged).status_code, 401)
        self.assertEqual(self._post(payload, signature=False).status_code, 401)
        body = json.dumps(payload).encode()
        hub = "sha256=" + hmac.new(CHANNEL_SECRET.encode(), body, "sha256").hexdigest()
        self.assertEqual(self._post(payload, signature=hub).status_code, 401)
        self.assertFalse(self._deliveries())
        self._process()
        self.assertFalse(self.connector.mention_ids)

    def test_an_old_delivery_is_refused(self):
        response = self._post(_delivery(0, age=30 * 86400))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._deliveries())

    def test_a_redelivered_event_is_stored_once(self):
        first = _delivery(0)
        self.assertEqual(self._post(first).json()["status"], "accepted")
        # LINE redelivers the event: same webhookEventId, isRedelivery true
        again = copy.deepcopy(first)
        again["events"][0]["deliveryContext"]["isRedelivery"] = True
        self.assertEqual(self._post(again).json()["status"], "duplicate")
        # redelivered with another event: a new delivery, the same item
        grouped = _delivery(0, 1, redelivery=True)
        self.assertEqual(self._post(grouped).json()["status"], "accepted")
        self._process()
        self.assertEqual(len(self._deliveries()), 2)
        mentions = self.connector.mention_ids
        self.assertEqual(sorted(mentions.mapped("external_id")),
                         ["444573844083572737", "468789577898262530"])  # fmt: skip
        cards = self.env["social.interest"].search([("source_id", "=", self.source.id)])
        self.assertEqual(len(cards), 2)

    def test_a_fresh_message_is_answered_with_the_free_reply(self):
        api = LineApi(tokens={"nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"})
        fake = FakePlatform(api).start(self)
        self.connector.endpoint_url = fake.url
        self._post(_delivery(0))
        self._process()
        card = self.connector.mention_ids.interest_id
        card.user_id = self.manager
        self.env["social.interest.reply"].with_user(self.manager).create(
            {"interest_id": card.id, "text": "Yes, in green from Monday."}
        ).action_send()
        self.assertEqual(api.replies[0]["replyToken"], "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA")
        self.assertEqual(api.replies[0]["messages"],
                         [{"type": "text", "text": "Yes, in green from Monday."}])  # fmt: skip
        self.assertFalse(api.pushes)
        self.assertEqual(card.reply_external_id, "461230966842064001")
        self.assertEqual(card.state, "replied")


@tagged("post_install", "-at_install")
class TestLineReply(ReplyCase):
    def _line_card(self, api, token="", age=0, **mention):
        self.fake = self._platform(api)
        connector = self._connector(self.fake, kind="line", access_token=CHANNEL_TOKEN,
                                    webhook_secret=CHANNEL_SECRET, query=False)  # fmt: skip
        card = self._card_heard(
            connector, "line", "444573844083572737", author_handle=PERSON,
            reply_token=token or False, action_type="message",
            posted_at=fields.Datetime.subtract(fields.Datetime.now(), seconds=age), **mention,
        )  # fmt: skip
        card.action_type = "message"
        return card

    def _posts(self):
        return [r for r in self.fake.requests if r["method"] == "POST"]

    def _send_expecting(self, card, text, words):
        # (no assertRaises: its savepoint would undo the attempt written on the way)
        try:
            self._send(card, text)
        except UserError as error:
            self.assertIn(words, str(error))
        else:
            self.fail(f"expected a refusal saying {words!r}")

    def test_composer_says_reply_or_push_and_the_quota_left(self):
        api = LineApi(tokens={"tok-1"})
        card = self._line_card(api, token="tok-1")
        wizard = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "text": "👍"})
        )
        self.assertIn("reply (free)", wizard.channel_notice)
        self.assertIn("700 of 1000", wizard.channel_notice)
        self.assertEqual((wizard.char_limit, wizard.char_count), (5000, 2))
        old = self._line_card(LineApi(), token="tok-2", age=120)
        wizard = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": old.id, "text": "Hello"})
        )
        self.assertIn("push message", wizard.channel_notice)
        self.assertNotIn("reply (free)", wizard.channel_notice)

    def test_a_reply_with_a_valid_token_is_free_and_recorded(self):
        api = LineApi(tokens={"tok-1"})
        card = self._line_card(api, token="tok-1")
        # a private answer may hold a phone number
        self._send(card, "Call us on +81 3-1234-5678.")
        self.assertEqual([r["path"] for r in self._posts()], ["/v2/bot/message/reply"])
        self.assertEqual(api.replies[0]["replyToken"], "tok-1")
        self.assertEqual(card.reply_external_id, "461230966842064001")
        self.assertEqual(card.reply_author, "ACME Furniture")
        self.assertEqual(card.reply_text, "Call us on +81 3-1234-5678.")
        self.env.invalidate_all()
        self.assertEqual(card.reply_attempt_ids.state, "done")

    def test_a_token_line_refuses_falls_back_to_a_push(self):
        api = LineApi(tokens=set())  # LINE answers 400 "Invalid reply token"
        card = self._line_card(api, token="tok-spent")
        self._send(card, "Yes, in green.")
        self.assertEqual([r["path"] for r in self._posts()],
                         ["/v2/bot/message/reply", "/v2/bot/message/push"])  # fmt: skip
        push = api.pushes[0]
        self.assertEqual(push["to"], PERSON)
        self.env.invalidate_all()
        self.assertEqual(push["retry_key"], retry_key(card.reply_attempt_ids.key))
        self.assertEqual(card.reply_external_id, "461230966842064101")

    def test_a_token_older_than_a_minute_is_not_tried(self):
        api = LineApi(tokens={"tok-old"})
        card = self._line_card(api, token="tok-old", age=120)
        self._send(card, "Yes, in green.")
        self.assertEqual([r["path"] for r in self._posts()], ["/v2/bot/message/push"])
        self.assertEqual(card.reply_external_id, "461230966842064101")

    def test_the_quota_reached_is_a_clear_refusal_and_nothing_is_recorded(self):
        api = LineApi()
        api.fail["/v2/bot/message/push"] = (
            429,
            {"message": "You have reached your monthly limit."},
        )
        card = self._line_card(api)
        self._send_expecting(card, "Hello", "monthly message quota")
        self.assertFalse(card.reply_external_id)
        self.assertFalse(api.pushes)
        self.env.invalidate_all()
        self.assertEqual(card.reply_attempt_ids.state, "failed")
        del api.fail["/v2/bot/message/push"]
        self._send(card, "Hello")
        self.assertEqual(len(api.pushes), 1)
        self.assertEqual(card.reply_external_id, "461230966842064101")

    def test_a_lost_push_is_sent_again_under_its_retry_key_and_lands_once(self):
        api = LineApi()
        api.lose.add("/v2/bot/message/push")
        card = self._line_card(api)
        self._send_expecting(card, "Yes, in green.", "did not answer")
        self.assertFalse(card.reply_external_id)
        self.env.invalidate_all()
        attempt = card.reply_attempt_ids
        self.assertEqual(attempt.state, "sending")
        self._age(attempt)
        api.lose.clear()
        self._send(card, "Yes, in green.")
        self.assertEqual(len(api.pushes), 1)  # LINE answered 409: accepted once
        self.assertEqual(card.reply_external_id, "461230966842064101")
        keys = {r["headers"].get("X-Line-Retry-Key") for r in self._posts()}
        self.assertEqual(keys, {retry_key(attempt.key)})

    def test_a_lost_reply_is_not_sent_again_blindly(self):
        api = LineApi(tokens={"tok-1"})
        api.lose.add("/v2/bot/message/reply")
        card = self._line_card(api, token="tok-1")
        self._send_expecting(card, "Yes, in green.", "did not answer")
        self.env.invalidate_all()
        self._age(card.reply_attempt_ids)
        self._send_expecting(card, "Yes, in green.", "LINE Official Account Manager")
        self.assertEqual((len(api.replies), len(api.pushes)), (1, 0))
        self.assertFalse(card.reply_external_id)

    def test_a_salesman_who_is_not_responsible_cannot_send(self):
        api = LineApi(tokens={"tok-1"})
        card = self._line_card(api, token="tok-1")
        with self.assertRaises(AccessError):
            self._send(card, "Hi", user=self.rep_a2)
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a2)._post_reply("Hi")
        self.assertFalse(self._posts())
        self.assertEqual(api.tokens, {"tok-1"})

    def test_a_revoked_channel_token_is_a_plain_refusal(self):
        api = LineApi(tokens={"tok-1"})
        card = self._line_card(api, token="tok-1")
        card.reply_connector_id.access_token = "revoked"
        self._send_expecting(card, "Hi", "no longer accepts")
        self.assertFalse(self._posts())
        self.assertFalse(card.reply_external_id)
