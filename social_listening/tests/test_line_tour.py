"""The LINE tour (issue 28): a LINE message arrives through the signed webhook, a rep
answers it from its card with LINE's free reply, the card is Replied from LINE's answer.

The delivery is the first message event of ``data/listening/line_webhook_events.json`` (the
Messaging API reference's "Webhook event objects"), dated now so that its reply token is
still valid; the loopback LINE server (``LineApi`` of ``test_channel_line``) answers
``POST /v2/bot/message/reply`` with ``sentMessages`` as the Messaging API reference does.
LINE takes a reply token within one minute of the event: the tour (about 15 s here)
starts right after the delivery; past the minute the writer would push, and the test says so.
"""

import json

from odoo.tests import HttpCase, new_test_user, tagged

from .fake_platform import FakePlatform
from .test_channel_line import CHANNEL_SECRET, CHANNEL_TOKEN, LineApi, _delivery, _signature

REPLY_TOKEN = "nHuyWiB7yP5Zw52FIkcQobQuGDXCTA"  # the sample event's replyToken
ANSWER = "Yes, the Ergo Chair comes in green from Monday."


@tagged("post_install", "-at_install")
class TestLineTour(HttpCase):
    def setUp(self):
        super().setUp()
        self.api = LineApi(tokens={REPLY_TOKEN})
        self.fake = FakePlatform(self.api).start(self)
        self.rep = new_test_user(
            self.env, login="line_tour_rep", password="line_tour_rep", name="LINE Tour Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        team = self.env["crm.team"].create({"name": "LINE tour team"})
        self.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": self.rep.id})
        source = self.env["social.interest.source"].create(
            {"name": "ACME LINE tour account", "platform": "line", "team_id": team.id}
        )
        self.connector = self.env["social.listening.connector"].create(
            {"name": "LINE tour", "kind": "line", "webhook_secret": CHANNEL_SECRET,
             "access_token": CHANNEL_TOKEN, "endpoint_url": self.fake.url,
             "source_id": source.id, "allow_private_network": True}
        )  # fmt: skip
        # the message arrives for real: signed, posted to the webhook, then mapped by the
        # deliveries' scheduled action
        body = json.dumps(_delivery(0)).encode()
        response = self.url_open(
            f"/social_listening/webhook/{self.connector.id}",
            data=body,
            headers={"Content-Type": "application/json", "x-line-signature": _signature(body)},
        )
        self.assertEqual((response.status_code, response.json()["status"]), (200, "accepted"))
        self.env["social.listening.delivery"]._cron_process()
        self.card = self.connector.mention_ids.interest_id
        self.assertEqual(len(self.card), 1)
        self.assertEqual((self.card.platform, self.card.action_type), ("line", "message"))
        self.assertEqual(self.card.team_id, team)
        self.card.user_id = self.rep

    def test_rep_answers_a_line_message_with_the_free_reply(self):
        self.assertFalse(self.card.reply_date)
        self.start_tour(
            f"/odoo/social-interest/{self.card.id}",
            "social_listening_line_tour",
            login="line_tour_rep",
        )
        # one reply, with the event's token and the rep's text; no push
        self.assertEqual(len(self.api.replies), 1)
        self.assertEqual(self.api.replies[0]["replyToken"], REPLY_TOKEN)
        self.assertEqual(self.api.replies[0]["messages"], [{"type": "text", "text": ANSWER}])
        self.assertFalse(self.api.pushes)
        posts = [r["path"] for r in self.fake.requests if r["method"] == "POST"]
        self.assertEqual(posts, ["/v2/bot/message/reply"])
        self.env.invalidate_all()
        card = self.card
        self.assertEqual(card.reply_external_id, "461230966842064001")  # sentMessages[0].id
        self.assertEqual(card.reply_text, ANSWER)
        self.assertEqual(card.state, "replied")
        self.assertTrue(card.reply_date)
        self.assertEqual(card.first_response_date, card.reply_date)
        self.assertEqual(card.reply_attempt_ids.mapped("state"), ["done"])
        self.assertEqual(card.reply_user_id, self.rep)
