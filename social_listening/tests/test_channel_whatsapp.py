"""WhatsApp Business (Cloud API): messages in through the signed webhook and the one road,
statuses of our replies noted on their cards, replies out inside the 24-hour window or as an
approved template.

Payloads: Meta's WhatsApp Cloud API reference, "Webhooks payload examples"
(developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples), in
``data/listening/whatsapp_*_webhook.json`` (see its SOURCES.md). The Cloud API on loopback
answers as its reference says: ``POST /{phone-number-id}/messages``
(developers.facebook.com/docs/whatsapp/cloud-api/reference/messages),
``GET /{waba-id}/message_templates`` (business-management-api/message-templates) and Graph
API errors (cloud-api/support/error-codes)."""

import copy
import json
import re
import time
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, tagged
from odoo.tools import html2plaintext

from odoo.addons.social_interest import platforms

from ..lib.connectors import map_webhook, verify_signature
from ..lib.connectors.whatsapp import whatsapp_receipts, whatsapp_sent_at
from ..lib.webhook import sign
from .fake_platform import Reply, sample_json
from .test_replies import ReplyCase

APP_SECRET = "6c1f3e0a9b8d7c6b5a4f3e2d1c0b9a8f"
VERIFY_TOKEN = "acme-whatsapp-verify"
TOKEN = "EAAJB-system-user-token"
PHONE_ID = "106540352242922"
WABA_ID = "102290129340398"
WA_ID = "819012345678"
ASKED = "wamid.HBgMODE5MDEyMzQ1Njc4FQIAEhggQjVBNjQ0QTc3QzNCRjFGRjRDN0Y1MTc5OTIyRUZGNTgA"
REPLY_ID = "wamid.HBgMODE5MDEyMzQ1Njc4FQIAERgSNkQ0RDk5QzJFNjE3NUE0QjcwAA=="


def messages(name):
    return copy.deepcopy(sample_json("whatsapp_messages_webhook.json")[name])


def statuses(name):
    return copy.deepcopy(sample_json("whatsapp_statuses_webhook.json")[name])


def fresh(payload, seconds_ago=0):
    """``payload`` with every message and status dated ``seconds_ago`` (Meta's examples are
    dated when they were written; a delivery older than its key's retention is refused)."""
    stamp = str(int(time.time()) - seconds_ago)
    for entry in payload["entry"]:
        for change in entry["changes"]:
            for event in change["value"].get("messages", []) + change["value"].get("statuses", []):
                event["timestamp"] = stamp
    return payload


@tagged("post_install", "-at_install")
class TestWhatsAppMapping(BaseCase):
    def _one(self, name):
        items, errors = map_webhook("whatsapp", messages(name))
        self.assertEqual(errors, [])
        self.assertEqual(len(items), 1)
        return items[0]

    def test_a_text_message_is_a_private_message_of_the_number(self):
        item = self._one("text")
        self.assertEqual(item.external_id, ASKED)
        self.assertEqual((item.platform, item.action_type), ("whatsapp", "message"))
        self.assertEqual(item.body, "Hello! Is the walnut bookcase still available?")
        self.assertEqual((item.author_name, item.author_handle), ("Yuki Tanaka", WA_ID))
        self.assertEqual(item.author_phone, "+819012345678")
        self.assertEqual(str(item.interest_date), "2026-11-18 08:20:00")  # 1794990000 s, UTC

    def test_captions_titles_and_buttons_are_the_words(self):
        self.assertEqual(self._one("image").body, "This one, in the 180 cm size")
        self.assertEqual(self._one("button_reply").body, "Morning delivery")
        self.assertEqual(self._one("list_reply").body, "Walnut")
        self.assertEqual(self._one("quick_reply_button").body, "Yes, call me")
        for name in ("image", "button_reply", "list_reply", "quick_reply_button"):
            self.assertEqual(self._one(name).action_type, "message")

    def test_a_reaction_is_a_like_and_a_removed_one_is_nothing(self):
        item = self._one("reaction")
        self.assertEqual((item.action_type, item.body), ("like", "👍"))
        self.assertEqual(map_webhook("whatsapp", messages("reaction_removed")), ([], []))

    def test_an_unreadable_message_is_an_error_not_an_item(self):
        items, errors = map_webhook("whatsapp", messages("unsupported"))
        self.assertEqual(items, [])
        self.assertIn("unsupported", errors[0])

    def test_statuses_are_receipts_never_items(self):
        for name in ("sent", "delivered", "read", "failed"):
            with self.subTest(status=name):
                self.assertEqual(map_webhook("whatsapp", statuses(name)), ([], []))
                receipt = whatsapp_receipts(statuses(name))[0]
                self.assertEqual((receipt["reply_id"], receipt["status"]), (REPLY_ID, name))
        failed = whatsapp_receipts(statuses("failed"))[0]["error"]
        self.assertIn("131047: Re-engagement message", failed)
        self.assertIn("more than 24 hours", failed)
        self.assertEqual(whatsapp_receipts(messages("text")), [])

    def test_the_newest_event_dates_the_delivery(self):
        payload = messages("text")
        self.assertEqual(whatsapp_sent_at(payload), 1794990000.0)
        payload["entry"][0]["changes"][0]["value"]["statuses"] = statuses("read")["entry"][0][
            "changes"
        ][0]["value"]["statuses"]
        self.assertEqual(whatsapp_sent_at(payload), 1794990500.0)
        value = payload["entry"][0]["changes"][0]["value"]
        value.pop("messages"), value.pop("statuses")
        self.assertIsNone(whatsapp_sent_at(payload), "undated: refused")

    def test_another_object_is_refused(self):
        page = sample_json("messenger_messages_webhook.json")
        with self.assertRaises(ValueError):
            map_webhook("whatsapp", page)

    def test_the_signature_is_metas(self):
        body = json.dumps(messages("text")).encode()
        self.assertTrue(verify_signature("whatsapp", body, APP_SECRET, sign(APP_SECRET, body)))
        self.assertFalse(verify_signature("whatsapp", body, APP_SECRET, sign("forged", body)))
        self.assertFalse(
            verify_signature("whatsapp", body + b" ", APP_SECRET, sign(APP_SECRET, body))
        )

    def test_a_number_is_one_handle_however_it_is_written(self):
        whatsapp = platforms.get("whatsapp")
        for written in ("819012345678", "+81 90-1234-5678", " +81 (90) 1234.5678 "):
            self.assertEqual(whatsapp.normalize_handle(written), WA_ID)
        self.assertTrue(whatsapp.private)
        self.assertEqual(whatsapp.reply_limit("message"), 4096)


@tagged("post_install", "-at_install")
class TestWhatsAppWebhook(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = cls.env["crm.team"].create({"name": "WhatsApp team"})
        source = cls.env["social.interest.source"].create(
            {"name": "WhatsApp number", "platform": "whatsapp", "team_id": team.id}
        )
        cls.connector = cls.env["social.listening.connector"].create(
            {
                "name": "WhatsApp",
                "kind": "whatsapp",
                "webhook_secret": APP_SECRET,
                "verify_token": VERIFY_TOKEN,
                "source_id": source.id,
            }
        )
        cls.yuki = cls.env["res.partner"].create(
            {"name": "Yuki Tanaka (ACME Japan)", "phone": "+81 90-1234-5678"}
        )

    def _url(self):
        return f"/social_listening/webhook/{self.connector.id}"

    def _post(self, payload, signature=None):
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": signature or sign(APP_SECRET, body),
        }
        return self.url_open(self._url(), data=body, headers=headers)

    def _process(self):
        self.env["social.listening.delivery"]._cron_process()

    def _deliveries(self):
        return self.env["social.listening.delivery"].search(
            [("connector_id", "=", self.connector.id)]
        )

    def test_the_subscription_handshake(self):
        query = "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token="
        right = self.url_open(self._url() + query + VERIFY_TOKEN)
        self.assertEqual((right.status_code, right.text), (200, "1158201444"))
        wrong = self.url_open(self._url() + query + "guessed")
        self.assertEqual(wrong.status_code, 403)
        self.assertNotIn("1158201444", wrong.text)

    def test_a_forged_delivery_is_refused_and_nothing_is_stored(self):
        payload = fresh(messages("text"))
        forged = sign("not-the-app-secret", json.dumps(payload).encode())
        self.assertEqual(self._post(payload, signature=forged).status_code, 401)
        self.assertEqual(self._post(payload, signature="sha256=").status_code, 401)
        self._process()
        self.assertFalse(self._deliveries())
        self.assertFalse(self.connector.mention_ids)

    def test_a_message_is_a_private_card_of_the_contact_of_that_number(self):
        Partner = self.env["res.partner"]
        partners = Partner.search_count([])
        self.assertEqual(self._post(fresh(messages("text"))).json()["status"], "accepted")
        self._process()
        card = self.connector.mention_ids.interest_id
        self.assertEqual(len(card), 1, "a direct message always makes a card")
        self.assertEqual((card.platform, card.action_type), ("whatsapp", "message"))
        self.assertFalse(card.is_public)
        self.assertEqual(card.body, "Hello! Is the walnut bookcase still available?")
        self.assertEqual(card.author_name, "Yuki Tanaka")
        self.assertEqual(card.partner_id, self.yuki, "found by the number (E.164)")
        self.assertEqual(card.identity_id.handle, WA_ID)
        self.assertEqual(card.identity_id.partner_id, self.yuki)
        # the same person again: the same identity and contact, no new contact
        self.assertEqual(self._post(fresh(messages("image"))).status_code, 200)
        self._process()
        cards = self.connector.mention_ids.interest_id
        self.assertEqual(len(cards), 2)
        self.assertEqual(cards.partner_id, self.yuki)
        self.assertEqual(cards.identity_id, card.identity_id)
        self.assertEqual(Partner.search_count([]), partners)

    def test_a_replayed_delivery_is_stored_once(self):
        payload = fresh(messages("text"))
        self._post(payload)
        self.assertEqual(self._post(payload).json()["status"], "duplicate")
        self._process()
        self.assertEqual(len(self.connector.mention_ids), 1)

    def test_statuses_make_no_card_and_are_noted_on_the_replied_card(self):
        self._post(fresh(messages("text")))
        self._process()
        card = self.connector.mention_ids.interest_id
        card.user_id = self.env.ref("base.user_admin")
        # our reply, as the Cloud API answered it (see TestWhatsAppReply for the sending)
        self.env["social.interest.reply.attempt"].create(
            {"interest_id": card.id, "key": f"card-{card.id}-1", "text": "Yes!",
             "state": "done", "result": REPLY_ID}
        )  # fmt: skip
        card.reply_external_id = REPLY_ID
        mentions, cards = self.env["social.mention"].search_count([]), card.search_count([])
        for name in ("sent", "delivered", "read", "failed"):
            self.assertEqual(self._post(fresh(statuses(name))).status_code, 200, name)
        # Meta's second delivery of a status already received (another body)
        again = fresh(statuses("delivered"), seconds_ago=5)
        self.assertEqual(self._post(again).json()["status"], "accepted")
        self._process()
        self.assertEqual(set(self._deliveries().mapped("state")), {"done"})
        self.assertEqual(self.env["social.mention"].search_count([]), mentions)
        self.assertEqual(card.search_count([]), cards)
        notes = [
            html2plaintext(m.body) for m in card.message_ids if "WhatsApp: the reply" in m.body
        ]
        self.assertEqual(len(notes), 3, notes)
        self.assertEqual(sum("was delivered" in note for note in notes), 1)
        self.assertEqual(sum("was read" in note for note in notes), 1)
        failed = next(m for m in card.message_ids if "could not be delivered" in m.body)
        self.assertIn("131047", failed.body)
        self.assertIn(card.user_id.partner_id, failed.partner_ids, "the responsible is told")

    def test_a_status_of_a_message_sent_elsewhere_is_ignored(self):
        # a card answered through another connector with a reply of that id: not ours
        other = self.connector.copy({"name": "Other number", "webhook_secret": "other"})
        card = self.env["social.interest"].create(
            {"platform": "whatsapp", "action_type": "message", "author_name": "Ken",
             "reply_external_id": REPLY_ID}
        )  # fmt: skip
        self.env["social.mention"].create(
            {"connector_id": other.id, "external_id": "wamid.OTHER", "platform": "whatsapp",
             "posted_at": fields.Datetime.now(), "interest_id": card.id}
        )  # fmt: skip
        self.env["social.interest.reply.attempt"].create(
            {"interest_id": card.id, "key": f"card-{card.id}-9", "state": "done",
             "result": REPLY_ID}
        )  # fmt: skip
        self._post(fresh(statuses("read")))
        self._process()
        self.assertEqual(self._deliveries().state, "done")
        self.assertFalse(
            self.env["mail.message"].search([("body", "ilike", "WhatsApp: the reply")])
        )


TEMPLATES = {
    # GET /{waba-id}/message_templates (fields name, language, status, components,
    # parameter_format): Meta's sample template, one with a positional variable, one with
    # named ones in its header and body (Meta's reference: "Named parameters"), one with an
    # image header and one with a link to complete in a button (neither sendable from a
    # text), and a rejected one (filtered out by ``status=APPROVED``)
    "data": [
        {"name": "hello_world", "language": "en_US", "status": "APPROVED",
         "category": "UTILITY", "id": "1192339204654487",
         "components": [
             {"type": "HEADER", "format": "TEXT", "text": "Hello World"},
             {"type": "BODY", "text": "Welcome and congratulations!! This message demonstrates "
              "your ability to send a WhatsApp message notification from the Cloud API, hosted "
              "by Meta. Thank you for taking the time to test with us."},
             {"type": "FOOTER", "text": "WhatsApp Business Platform sample message"}]},
        {"name": "order_ready", "language": "ja", "status": "APPROVED", "category": "UTILITY",
         "id": "1203948573625141",
         "components": [{"type": "BODY", "text": "{{1}}様、ご注文の品が準備できました。",
                         "example": {"body_text": [["田中"]]}}]},
        {"name": "delivery_update", "language": "en_US", "status": "APPROVED",
         "category": "UTILITY", "id": "1219876543210987", "parameter_format": "NAMED",
         "components": [
             {"type": "HEADER", "format": "TEXT", "text": "Order {{order_number}}",
              "example": {"header_text_named_params": [
                  {"param_name": "order_number", "example": "S00042"}]}},
             {"type": "BODY", "text": "Hi {{first_name}}, your order {{order_number}} "
              "leaves our warehouse on {{day}}.",
              "example": {"body_text_named_params": [
                  {"param_name": "first_name", "example": "Pablo"},
                  {"param_name": "order_number", "example": "S00042"},
                  {"param_name": "day", "example": "Monday"}]}}]},
        {"name": "new_catalogue", "language": "en_US", "status": "APPROVED",
         "category": "MARKETING", "id": "1230987654321098",
         "components": [
             {"type": "HEADER", "format": "IMAGE",
              "example": {"header_handle": ["4::aW1hZ2UvanBlZw==:ARa"]}},
             {"type": "BODY", "text": "Our spring catalogue is out."}]},
        {"name": "track_parcel", "language": "en_US", "status": "APPROVED",
         "category": "UTILITY", "id": "1241098765432109",
         "components": [
             {"type": "BODY", "text": "Your parcel is on its way."},
             {"type": "BUTTONS", "buttons": [
                 {"type": "URL", "text": "Track", "url": "https://acme.example.com/t/{{1}}",
                  "example": ["https://acme.example.com/t/ABC123"]}]}]},
        {"name": "spring_sale", "language": "en_US", "status": "REJECTED",
         "category": "MARKETING", "id": "1284756392018475",
         "components": [{"type": "BODY", "text": "Spring sale!"}]},
    ],
    "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}},
}  # fmt: skip


def graph_error(code, message, details, status=400):
    return Reply(
        {"error": {"message": f"(#{code}) {message}", "type": "OAuthException", "code": code,
                   "error_data": {"messaging_product": "whatsapp", "details": details},
                   "fbtrace_id": "AWm3Mq2sZ9kV0oUq1nB7Xyz"}},
        status,
    )  # fmt: skip


class CloudApi:
    """The Cloud API for the system user's token: messages to a ``wa_id`` (text within 4096
    characters, or an approved template), answered with the ``wamid`` of each message."""

    def __init__(self):
        self.sent = []
        self.fail = None  # a Reply answered to every send, when set
        self.lost = False  # the message goes out, the answer is a server error
        self.templates_fail = None  # a Reply answered to the templates' listing, when set

    def __call__(self, request):
        if request["headers"].get("Authorization") != f"Bearer {TOKEN}":
            return graph_error(190, "Invalid OAuth access token", "", status=401)
        path, method = request["path"], request["method"]
        if path == f"/v21.0/{WABA_ID}/message_templates" and method == "GET":
            if self.templates_fail:
                return self.templates_fail
            wanted = request["query"].get("status")
            data = [t for t in TEMPLATES["data"] if not wanted or t["status"] == wanted]
            return Reply(dict(TEMPLATES, data=data))
        if path != f"/v21.0/{PHONE_ID}/messages" or method != "POST":
            return graph_error(100, "Unsupported post request", "")
        if self.fail:
            return self.fail
        body = json.loads(request["body"])
        if body.get("messaging_product") != "whatsapp" or body.get("to") != WA_ID:
            return graph_error(100, "Invalid parameter", "to")
        if body["type"] == "text" and not 0 < len(body["text"]["body"]) <= 4096:
            return graph_error(100, "Invalid parameter", "text.body")
        if body["type"] == "template":
            known = {t["name"]: t for t in TEMPLATES["data"] if t["status"] == "APPROVED"}
            template = known.get(body["template"]["name"])
            if template is None:
                return graph_error(132001, "Template name does not exist in the translation", "")
            for component in template["components"]:
                part = component["type"].lower()
                wanted = len(set(re.findall(r"\{\{(\w+)\}\}", component.get("text", ""))))
                given = [c for c in body["template"].get("components", []) if c["type"] == part]
                count = len(given[0]["parameters"]) if given else 0
                if component["type"] in ("HEADER", "BODY") and count != wanted:
                    return graph_error(
                        132000, "Number of parameters does not match the expected number of "
                        "params", f"{part}: number of localizable_params ({count}) does not "
                        f"match the expected number of params ({wanted})",
                    )  # fmt: skip
        self.sent.append(body)
        if self.lost:
            return Reply({"error": {"message": "An unknown error occurred", "code": 1}}, 500)
        answer = {"messaging_product": "whatsapp",
                  "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                  "messages": [{"id": f"wamid.HBgMODE5MDEyMzQ1Njc4FQIAERgSU0VOVD{len(self.sent)}AA=="}]}  # fmt: skip
        if body["type"] == "template":
            answer["messages"][0]["message_status"] = "accepted"
        return Reply(answer)


@tagged("post_install", "-at_install")
class TestWhatsAppReply(ReplyCase):
    def setUp(self):
        super().setUp()
        self.api = CloudApi()
        self.fake = self._platform(self.api)
        self.connector = self._connector(
            None, kind="whatsapp", endpoint_url=f"{self.fake.url}/v21.0", query=False,
            access_token=TOKEN, login=PHONE_ID, api_key=WABA_ID, webhook_secret=APP_SECRET,
        )  # fmt: skip

    def _whatsapp_card(self, hours_ago=1):
        posted = fields.Datetime.now() - timedelta(hours=hours_ago)
        card = self._card_heard(
            self.connector, "whatsapp", ASKED, author_handle=WA_ID, posted_at=posted
        )
        card.action_type = "message"
        return card

    def _composer(self, card, text, option=False, user=None):
        return (
            self.env["social.interest.reply"]
            .with_user(user or self.rep_a)
            .with_context(default_interest_id=card.id)
            .create({"interest_id": card.id, "text": text, "channel_option": option})
        )

    def _posts(self):
        return [r for r in self.fake.requests if r["method"] == "POST"]

    def test_inside_the_window_the_text_answers_the_message(self):
        card = self._whatsapp_card(hours_ago=1)
        composer = self._composer(card, "Yes, it is! Shall we deliver it on Saturday?")
        self.assertIn("inside the 24-hour customer service window until", composer.channel_notice)
        self.assertFalse(composer.channel_options, "free text goes: no template to choose")
        self.assertEqual(composer.char_limit, 4096)
        composer.action_send()
        request = self._posts()[0]
        self.assertEqual(request["path"], f"/v21.0/{PHONE_ID}/messages")
        self.assertEqual(request["headers"]["Authorization"], f"Bearer {TOKEN}")
        sent = self.api.sent[0]
        self.assertEqual(sent["to"], WA_ID)
        self.assertEqual(sent["context"], {"message_id": ASKED})
        self.assertEqual(sent["type"], "text")
        self.assertEqual(sent["text"]["body"], "Yes, it is! Shall we deliver it on Saturday?")
        self.assertEqual(card.reply_external_id, "wamid.HBgMODE5MDEyMzQ1Njc4FQIAERgSU0VOVD1AA==")
        self.assertEqual(card.reply_text, "Yes, it is! Shall we deliver it on Saturday?")
        self.assertEqual(card.state, "replied")

    def test_a_private_answer_may_carry_a_phone_number(self):
        card = self._whatsapp_card()
        self._composer(card, "Call us on +81 3-1234-5678, we are open until 7 pm.").action_send()
        self.assertEqual(len(self.api.sent), 1, "WhatsApp is private: not refused as public")

    def test_outside_the_window_only_an_approved_template_goes(self):
        card = self._whatsapp_card(hours_ago=25)
        composer = self._composer(card, "Are you still interested?")
        self.assertIn("window is closed", composer.channel_notice)
        self.assertEqual(
            [key for key, _label in composer.channel_options],
            ["hello_world:en_US", "order_ready:ja", "delivery_update:en_US"],
            "approved templates whose values are text only",
        )  # fmt: skip
        self.assertIn(["order_ready:ja", "order_ready (ja) - {{1}}"], composer.channel_options)
        with self.assertRaisesRegex(UserError, "hello_world"):
            composer.action_send()
        # the writer itself refuses free text, whoever calls it
        with self.assertRaisesRegex(UserError, "24 hours after the person's message are over"):
            card.with_user(self.rep_a)._post_reply("Are you still interested?")
        self.assertFalse(self._posts())
        self._composer(card, "Are you still interested?", option="hello_world:en_US").action_send()
        sent = self.api.sent[0]
        self.assertEqual(sent["type"], "template")
        self.assertEqual(sent["template"], {"name": "hello_world", "language": {"code": "en_US"}})
        self.assertEqual(sent["context"], {"message_id": ASKED})
        self.assertNotIn("text", sent)
        self.assertTrue(card.reply_text.startswith("Hello World\nWelcome and congratulations"))
        self.assertTrue(card.reply_external_id)

    def test_a_template_takes_its_values_from_the_text_one_per_line(self):
        card = self._whatsapp_card(hours_ago=26)
        composer = self._composer(card, "田中", option="order_ready:ja")
        self.assertIn("one value per line", composer.channel_notice)
        composer.action_send()
        sent = self.api.sent[0]
        self.assertEqual(
            sent["template"],
            {"name": "order_ready", "language": {"code": "ja"},
             "components": [{"type": "body", "parameters": [{"type": "text", "text": "田中"}]}]},
        )  # fmt: skip
        self.assertEqual(card.reply_text, "田中様、ご注文の品が準備できました。")

    def test_named_values_fill_the_header_and_the_body_in_order(self):
        card = self._whatsapp_card(hours_ago=30)
        self._composer(
            card, "S00042\nPablo\nMonday\n", option="delivery_update:en_US"
        ).action_send()
        (sent,) = self.api.sent
        header, body = sent["template"]["components"]
        self.assertEqual(header, {"type": "header", "parameters": [
            {"type": "text", "text": "S00042", "parameter_name": "order_number"}]})  # fmt: skip
        # a named value is written once, wherever the template uses it
        self.assertEqual(
            [(p["parameter_name"], p["text"]) for p in body["parameters"]],
            [("first_name", "Pablo"), ("order_number", "S00042"), ("day", "Monday")],
        )
        self.assertEqual(
            card.reply_text,
            "Order S00042\nHi Pablo, your order S00042 leaves our warehouse on Monday.",
        )

    def test_the_wrong_number_of_values_is_refused_before_sending(self):
        card = self._whatsapp_card(hours_ago=30)
        composer = self._composer(card, "Pablo", option="delivery_update:en_US")
        self.assertIn(
            ["delivery_update:en_US", "delivery_update (en_US) - {{order_number}}, "
             "{{first_name}}, {{day}}"], composer.channel_options,
        )  # fmt: skip
        with self.assertRaisesRegex(UserError, r"takes 3 value\(s\).*it has 1"):
            composer.action_send()
        self.assertFalse(self._posts(), "nothing was sent")
        self.assertFalse(card.reply_external_id)

    def test_unreadable_templates_are_said_and_free_text_still_refused(self):
        card = self._whatsapp_card(hours_ago=30)
        # a token without whatsapp_business_management may send but not list templates
        self.api.templates_fail = graph_error(
            200, "Permissions error", "The token lacks whatsapp_business_management", 403
        )
        composer = self._composer(card, "Are you still interested?")
        self.assertIn("templates could not be read", composer.channel_notice)
        self.assertFalse(composer.channel_options)
        with self.assertRaisesRegex(UserError, "only an approved template may be sent"):
            composer.action_send()
        self.assertFalse(self._posts())

    def test_rate_limit_is_plain_and_nothing_is_doubled(self):
        card = self._whatsapp_card()
        self.api.fail = graph_error(
            130429, "Rate limit hit", "Cloud API message throughput has been reached.", 429
        )
        with self.assertRaisesRegex(UserError, "rate limit is reached"):
            self._composer(card, "Yes!").action_send()
        self.assertFalse(card.reply_external_id)
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self.assertEqual(card.reply_attempt_ids.state, "failed")
        self.api.fail = None
        self._composer(card, "Yes!").action_send()
        self.assertEqual(len(self.api.sent), 1)
        self.assertEqual(len(self._posts()), 2)

    def test_an_expired_token_is_said_in_plain_words(self):
        card = self._whatsapp_card()
        self.connector.access_token = "EAAJB-revoked"
        with self.assertRaisesRegex(UserError, "no longer accepts the connector's token"):
            self._composer(card, "Yes!").action_send()
        self.assertFalse(self.api.sent)

    def test_a_lost_answer_is_never_sent_again_blindly(self):
        card = self._whatsapp_card()
        self.api.lost = True
        # (no assertRaises here: its savepoint would undo the attempt written on the way)
        try:
            self._composer(card, "Yes, in walnut.").action_send()
        except UserError as error:
            self.assertIn("did not answer", str(error))
        else:
            self.fail("a server error must not be taken for a reply")
        self.assertFalse(card.reply_external_id)
        self.env.invalidate_all()
        attempt = card.reply_attempt_ids
        self.assertEqual(attempt.state, "sending", "whether it went out is unknown")
        self.api.lost = False
        with self.assertRaisesRegex(UserError, "being sent"):
            self._composer(card, "Yes, in walnut.").action_send()
        self._age(attempt)
        with self.assertRaisesRegex(UserError, "did not come back"):
            self._composer(card, "Yes, in walnut.").action_send()
        self.assertEqual(len(self.api.sent), 1, "sent once: never repeated blindly")
        self.assertFalse(card.reply_external_id)

    def test_only_the_responsible_answers(self):
        card = self._whatsapp_card()
        with self.assertRaises(AccessError):
            self._composer(card, "Hi", user=self.rep_a2).action_send()
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a2)._post_reply("Hi")
        self.assertFalse(self._posts())
        self.assertFalse(card.reply_external_id)
