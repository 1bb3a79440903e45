"""Telegram end to end: updates delivered to the bot's webhook become mentions and cards by
the one road in, and a rep's answer goes out through ``sendMessage`` to a Bot API on
loopback that checks each request as Telegram does.

Payloads: ``data/listening/telegram_updates.json`` — the update examples of Telegram's
webhook guide (core.telegram.org/bots/webhooks, "Testing your bot with updates") as
published, and updates built field by field from the Bot API reference
(core.telegram.org/bots/api: Update, Message, Chat types private / group / supergroup /
channel, User.language_code, MessageEntity mention / bot_command, PhotoSize and caption,
sender_chat, author_signature; sendMessage with reply_parameters; ResponseParameters).
Each test dates the update now: the examples' 2015 dates would be refused as stale.
"""

import copy
import json
import time
import traceback

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import BaseCase, HttpCase, tagged

from odoo.addons.social_interest import platforms

from ..lib.connectors import map_webhook, verify_signature
from ..lib.connectors.telegram import WEBHOOK_HEADER, telegram_sent_at
from ..lib.replies import writer_for
from .fake_platform import Reply, sample_json
from .test_replies import ReplyCase

SECRET = "tg-Webhook_Secret-42"
TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
BOT = "acme_support_bot"
SAMPLES = sample_json("telegram_updates.json")


def update(name, age=0, **changes):
    """The sample update ``name``, its message dated ``age`` seconds ago (and edited now)."""
    payload = copy.deepcopy(SAMPLES[name])
    message = next(v for k, v in payload.items() if k != "update_id")
    message["date"] = int(time.time()) - age
    if "edit_date" in message:
        message["edit_date"] = int(time.time())
    message.update(changes)
    return payload


def mapped(payload):
    items, errors = map_webhook("telegram", payload)
    return items, errors


@tagged("post_install", "-at_install")
class TestTelegramUpdates(BaseCase):
    """What each kind of Update yields, read as the Bot API reference describes it."""

    def test_a_private_message_is_a_message_of_its_author(self):
        (item,), errors = mapped(SAMPLES["webhooks_guide_private_text"])
        self.assertEqual(errors, [])
        self.assertEqual(item.external_id, "1111111:1365")
        self.assertEqual((item.platform, item.action_type), ("telegram", "message"))
        self.assertEqual(item.author_name, "Test Firstname Test Lastname")
        self.assertEqual(item.author_handle, "testusername")
        self.assertEqual(item.author_url, "https://t.me/Testusername")
        self.assertEqual(item.body, "/start")
        self.assertEqual(item.source_url, "")  # a private chat has no link
        self.assertEqual(str(item.interest_date), "2015-09-07 17:05:32")

    def test_a_person_without_username_is_their_numeric_id_and_language(self):
        (item,), _errors = mapped(SAMPLES["reference_private_no_username"])
        self.assertEqual(item.author_handle, "5012345678")
        self.assertEqual(item.author_url, "")
        self.assertEqual(item.lang, "ja")
        telegram = platforms.get("telegram")
        self.assertEqual(telegram.normalize_handle("5012345678"), "5012345678")
        self.assertEqual(telegram.normalize_handle("@Acme_Support_Bot"), BOT)

    def test_a_group_mention_of_the_bot_names_it_after_an_emoji(self):
        # the entity's offset counts UTF-16 code units: the emoji before it counts 2
        (item,), _errors = mapped(SAMPLES["reference_supergroup_mention"])
        self.assertEqual(item.action_type, "mention")
        self.assertEqual(item["addressed_to"], (BOT,))
        self.assertEqual(item.external_id, "-1001234567890:4211")
        self.assertEqual(item.source_url, "https://t.me/acmefans/4211")
        self.assertEqual((item.author_handle, item.lang), ("mariasilva", "pt"))

    def test_a_groups_own_talk_yields_nothing(self):
        # a mention of a person, not of a bot: the group talking among itself
        self.assertEqual(mapped(SAMPLES["reference_supergroup_not_addressed"]), ([], []))
        plain = update("reference_supergroup_not_addressed", text="Nice sofa", entities=[])
        self.assertEqual(mapped(plain), ([], []))

    def test_commands_and_replies_to_the_bot_address_it(self):
        (command,), _errors = mapped(SAMPLES["reference_group_command"])
        self.assertEqual((command.action_type, command["addressed_to"]), ("mention", (BOT,)))
        (reply,), _errors = mapped(SAMPLES["reference_group_reply_to_bot"])
        self.assertEqual((reply.action_type, reply["addressed_to"]), ("comment", (BOT,)))
        (other,), _errors = mapped(SAMPLES["reference_group_other_bot"])
        self.assertEqual(other["addressed_to"], ("pollbot",))
        bare = update("reference_group_command", text="/help", entities=[
            {"type": "bot_command", "offset": 0, "length": 5}])  # fmt: skip
        (item,), _errors = mapped(bare)
        self.assertEqual(item["addressed_to"], ())  # for the group's bots: kept

    def test_a_channel_post_is_a_mention_by_the_channel(self):
        (item,), _errors = mapped(SAMPLES["reference_channel_post"])
        self.assertEqual(item.action_type, "mention")
        self.assertEqual((item.author_name, item.author_handle), ("Lena", "interiornews"))
        self.assertEqual(item.source_url, "https://t.me/interiornews/310")
        self.assertNotIn("addressed_to", item)

    def test_a_caption_is_the_text_and_a_bare_file_is_named(self):
        (photo,), _errors = mapped(SAMPLES["reference_photo_caption"])
        self.assertEqual(photo.body, "The leg of my chair broke, see the photo")
        (document,), _errors = mapped(SAMPLES["webhooks_guide_document"])
        self.assertEqual((document.body, document.title), ("", "[document Testfile.pdf]"))
        (plain,), _errors = mapped(SAMPLES["webhooks_guide_entities"])
        self.assertEqual(plain.body, "Bold and italics")  # formatting is not kept

    def test_an_edit_is_the_same_item_dated_by_its_edit(self):
        (item,), _errors = mapped(SAMPLES["webhooks_guide_edited_message"])
        self.assertEqual(item.external_id, "1111111:1365")
        self.assertEqual(item.body, "Edited text")
        self.assertTrue(item["updatable"])
        self.assertEqual(str(item.interest_date), "2015-09-07 17:23:20")  # edit_date
        self.assertEqual(telegram_sent_at(SAMPLES["webhooks_guide_edited_message"]), 1441646600)

    def test_other_updates_yield_nothing_and_garbage_is_refused(self):
        callback = {"update_id": 10000, "callback_query": {"id": "4382bfdwdsb323b2d9",
                    "from": {"id": 1111111, "first_name": "Test"}, "data": "x"}}  # fmt: skip
        self.assertEqual(mapped(callback), ([], []))
        self.assertAlmostEqual(telegram_sent_at(callback), time.time(), delta=5)
        for garbage in ([], {"message": {}}, {"update_id": "1", "message": {}}):
            with self.subTest(garbage=garbage), self.assertRaises(ValueError):
                mapped(garbage)
        broken = {"update_id": 1, "message": {"text": "no chat"}}
        items, errors = mapped(broken)
        self.assertEqual(items, [])
        self.assertIn("chat", errors[0])

    def test_the_secret_token_is_compared_whole(self):
        self.assertTrue(verify_signature("telegram", b"{}", SECRET, SECRET))
        self.assertFalse(verify_signature("telegram", b"{}", SECRET, SECRET[:-1]))
        self.assertFalse(verify_signature("telegram", b"{}", SECRET, SECRET + "x"))
        self.assertFalse(verify_signature("telegram", b"{}", SECRET, ""))
        self.assertFalse(verify_signature("telegram", b"{}", "", ""))
        self.assertFalse(verify_signature("telegram", b"{}", SECRET, "tg-Webhook_Secret-4ä"))

    def test_an_answer_counts_utf16_units_up_to_4096(self):
        telegram = platforms.get("telegram")
        self.assertEqual(telegram.reply_limit(), 4096)
        self.assertEqual(telegram.reply_count("Hello 👋"), 8)
        self.assertEqual(telegram.reply_count("こんにちは"), 5)


@tagged("post_install", "-at_install")
class TestTelegramWebhook(HttpCase):
    """Updates posted to the connector's webhook URL as Telegram posts them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = cls.env["crm.team"].create({"name": "Telegram team"})
        cls.source = cls.env["social.interest.source"].create(
            {"name": "ACME bot", "platform": "telegram", "team_id": team.id}
        )
        cls.connector = cls.env["social.listening.connector"].create(
            {"name": "ACME bot", "kind": "telegram", "webhook_secret": SECRET,
             "access_token": TOKEN, "login": BOT, "source_id": cls.source.id}
        )  # fmt: skip

    def _post(self, payload, secret=SECRET):
        headers = {"Content-Type": "application/json"}
        if secret is not None:
            headers[WEBHOOK_HEADER] = secret
        url = f"/social_listening/webhook/{self.connector.id}"
        return self.url_open(url, data=json.dumps(payload).encode(), headers=headers)

    def _deliveries(self):
        return self.env["social.listening.delivery"].search(
            [("connector_id", "=", self.connector.id)]
        )

    def _process(self):
        self.env["social.listening.delivery"]._cron_process()

    def test_a_wrong_or_missing_secret_token_is_refused_and_nothing_stored(self):
        payload = update("reference_private_no_username")
        for secret in (None, "", "tg-Webhook_Secret-43", SECRET.lower()):
            with self.subTest(secret=secret):
                response = self._post(payload, secret=secret)
                self.assertEqual(response.status_code, 401)
        self.assertFalse(self._deliveries())
        self._process()
        self.assertFalse(self.connector.mention_ids)

    def test_a_replayed_update_is_stored_once(self):
        payload = update("reference_private_no_username")
        first, again = self._post(payload), self._post(payload)
        self.assertEqual((first.status_code, first.json()["status"]), (200, "accepted"))
        self.assertEqual((again.status_code, again.json()["status"]), (200, "duplicate"))
        self.assertEqual(self._deliveries().delivery_key, "734500011")
        self._process()
        self._post(payload)  # even once processed
        self._process()
        self.assertEqual(len(self.connector.mention_ids), 1)
        self.assertEqual(len(self.connector.mention_ids.interest_id), 1)

    def test_an_old_update_is_refused(self):
        response = self._post(update("reference_private_no_username", age=10 * 86400))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._deliveries())

    def test_a_private_message_becomes_a_private_message_card(self):
        self.assertEqual(self._post(update("reference_private_no_username")).status_code, 200)
        self._process()
        card = self.connector.mention_ids.interest_id
        self.assertEqual(len(card), 1)
        self.assertEqual((card.platform, card.action_type), ("telegram", "message"))
        self.assertFalse(card.is_public)
        self.assertEqual(card.body, "Is the Ergo Chair available in green? 🪑")
        self.assertEqual((card.author_name, card.author_handle), ("Aiko Tanaka", "5012345678"))
        self.assertEqual(card.source_id, self.source)
        self.assertEqual(card.identity_id.handle, "5012345678")

    def test_a_group_message_not_addressed_to_the_bot_stores_nothing(self):
        self._post(update("reference_supergroup_not_addressed"))
        self._post(update("reference_group_other_bot"))  # a command for another bot
        self._process()
        self.assertEqual(self._deliveries().mapped("state"), ["done", "done"])
        self.assertFalse(self.connector.mention_ids)
        # the bot itself addressed: kept (a question in a group: a card by the triage)
        self._post(update("reference_supergroup_mention"))
        self._process()
        mention = self.connector.mention_ids
        self.assertEqual(mention.external_id, "-1001234567890:4211")
        self.assertEqual(mention.interest_id.action_type, "mention")

    def test_an_edited_message_updates_the_card_text(self):
        self._post(update("webhooks_guide_private_text", age=120, text="Do you deliver to Osaka?"))
        self._process()
        card = self.connector.mention_ids.interest_id
        self.assertEqual(card.body, "Do you deliver to Osaka?")
        edited = update("webhooks_guide_edited_message", age=120)
        edited["update_id"] = 10001
        self.assertEqual(self._post(edited).status_code, 200)
        self._process()
        self.assertEqual(len(self.connector.mention_ids), 1)
        self.assertEqual(self.connector.mention_ids.interest_id, card)
        self.assertEqual(card.body, "Edited text")
        self.assertEqual(self.connector.mention_ids.body, "Edited text")


class BotApi:
    """The Bot API's ``sendMessage`` (core.telegram.org/bots/api#sendmessage): the token in
    the path (``/bot<token>/sendMessage``), a JSON body with ``chat_id``, ``text`` and
    ``reply_parameters``; the answer ``{"ok": true, "result": Message}``; errors as
    ``{"ok": false, "error_code", "description", "parameters"}``."""

    def __init__(self, fail=None):
        self.fail = fail  # (status, body) answered to every request, when set
        self.sent = []

    def __call__(self, request):
        if request["path"] != f"/bot{TOKEN}/sendMessage":
            return Reply({"ok": False, "error_code": 404, "description": "Not Found"}, 404)
        if self.fail:
            return Reply(self.fail[1], self.fail[0])
        body = json.loads(request["body"])
        if not isinstance(body.get("chat_id"), int) or not body.get("text"):
            return Reply({"ok": False, "error_code": 400,
                          "description": "Bad Request: message text is empty"}, 400)  # fmt: skip
        self.sent.append(body)
        answer = copy.deepcopy(SAMPLES["reference_send_message_result"])
        answer["result"]["message_id"] = 59 + len(self.sent)
        answer["result"]["text"] = body["text"]
        return Reply(answer)


@tagged("post_install", "-at_install")
class TestTelegramReply(ReplyCase):
    def _telegram_card(self, api, action_type="message", external_id="5012345678:58", **conn):
        fake = self._platform(api)
        connector = self._connector(
            fake, kind="telegram", query=False, access_token=TOKEN, login=BOT,
            webhook_secret=SECRET, **conn,
        )  # fmt: skip
        card = self._card_heard(
            connector, "telegram", external_id, author_handle="5012345678",
            posted_at=fields.Datetime.now(),
        )  # fmt: skip
        card.action_type = action_type
        return card, fake

    def _send_expecting(self, card, words):
        """Send, expecting a refusal with ``words`` (no assertRaises: its savepoint would
        undo the attempt written on the way)."""
        try:
            self._send(card, "Yes, in green from Monday.")
        except UserError as error:
            self.assertIn(words, str(error))
            return error
        self.fail(f"expected a refusal saying {words!r}")

    def test_the_answer_goes_to_the_chat_as_a_reply_and_telegrams_message_is_the_proof(self):
        api = BotApi()
        card, fake = self._telegram_card(api)
        self._send(card, "Yes, in green from Monday.")
        (request,) = fake.requests
        self.assertEqual(request["path"], f"/bot{TOKEN}/sendMessage")
        self.assertEqual(
            api.sent[0],
            {"chat_id": 5012345678, "text": "Yes, in green from Monday.",
             "reply_parameters": {"message_id": 58, "chat_id": 5012345678}},
        )  # fmt: skip
        self.assertEqual(card.reply_external_id, "5012345678:60")
        self.assertEqual(card.reply_author, BOT)
        self.assertEqual(card.reply_text, "Yes, in green from Monday.")
        self.assertEqual(str(card.reply_date), "2024-12-06 08:05:00")
        self.assertEqual(card.state, "replied")
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self.assertEqual(card.reply_attempt_ids.mapped("state"), ["done"])

    def test_a_private_chat_answer_is_private_a_group_answer_is_not(self):
        api = BotApi()
        private, _fake = self._telegram_card(api)
        group, _fake = self._telegram_card(api, "mention", "-1001234567890:4211")
        self.assertTrue(private._writer().private)
        self.assertFalse(group._writer().private)
        self.assertEqual(private._writer().notice(), "")
        self.assertIn("every member reads it", group._writer().notice())
        with self.assertRaisesRegex(UserError, "private channel"):
            self._send(group, "Call us on +81 3-1234-5678 or send 4111 1111 1111 1111")
        self.assertFalse(api.sent)
        self._send(private, "Call us on +81 3-1234-5678 or send 4111 1111 1111 1111")
        self.assertEqual(api.sent[0]["chat_id"], 5012345678)

    def test_flood_control_is_a_clear_refusal_and_nothing_is_doubled(self):
        api = BotApi(fail=(429, SAMPLES["reference_error_flood"]))
        card, fake = self._telegram_card(api)
        self._send_expecting(card, "send again in 35 seconds")
        self.assertFalse(card.reply_external_id)
        self.env.invalidate_all()
        self.assertEqual(card.reply_attempt_ids.mapped("state"), ["failed"])
        api.fail = None  # the flood is over: the rep sends again, once
        self._send(card, "Yes, in green from Monday.")
        self.assertEqual(len(fake.requests), 2)
        self.assertEqual(len(api.sent), 1)
        self.assertEqual(card.reply_external_id, "5012345678:60")

    def test_refusals_say_why_in_plain_words(self):
        for status, body, words in (
            (403, SAMPLES["reference_error_blocked"], "blocked"),
            (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}, "token"),
            (400, {"ok": False, "error_code": 400,
                   "description": "Bad Request: message to be replied not found"}, "not found"),
        ):  # fmt: skip
            with self.subTest(status=status):
                card, _fake = self._telegram_card(BotApi(fail=(status, body)))
                error = self._send_expecting(card, words)
                self.assertNotIn(TOKEN, str(error))
                self.assertFalse(card.reply_date)

    def test_a_server_error_is_never_sent_again_blindly(self):
        api = BotApi(fail=(502, b"<html><body>502 Bad Gateway</body></html>"))
        card, fake = self._telegram_card(api)
        self._send_expecting(card, "did not answer")
        self._send_expecting(card, "being sent")  # still in flight: nothing sent
        self.assertEqual(len(fake.requests), 1)
        self.env.invalidate_all()
        attempt = card.reply_attempt_ids
        self.assertEqual(attempt.state, "sending")
        self._age(attempt)
        api.fail = None
        # Telegram cannot be asked whether it went out: the rep looks at the chat first
        self._send_expecting(card, "look at the chat in Telegram")
        self.assertEqual(len(fake.requests), 1)
        self.assertFalse(card.reply_external_id)
        # the rep saw it did not arrive and sends it: now it goes, once
        self._send(card, "Yes, in green from Monday.")
        self.assertEqual(len(api.sent), 1)
        self.assertEqual(card.reply_external_id, "5012345678:60")

    def test_the_token_never_shows_in_an_error(self):
        card, fake = self._telegram_card(BotApi())
        # a Bot API that cannot be reached: requests names the URL's path in its error
        port = fake.server.server_address[1]
        fake.__exit__()
        card.reply_connector_id.endpoint_url = f"http://127.0.0.1:{port}"
        error = self._send_expecting(card, "did not answer")
        shown = "".join(traceback.format_exception(error))
        self.assertIn("/bot***/sendMessage", shown)
        self.assertNotIn(TOKEN, shown)
        self.assertNotIn(TOKEN.split(":")[1], shown)

    def test_the_token_never_reaches_the_logs(self):
        card, _fake = self._telegram_card(BotApi())
        # urllib3 writes every request's path in its debug lines
        with self.assertLogs("urllib3.connectionpool", "DEBUG") as logs:
            self._send(card, "Yes, in green from Monday.")
        lines = "\n".join(logs.output)
        self.assertIn("/bot***/sendMessage", lines)
        self.assertNotIn(TOKEN, lines)

    def test_a_salesman_who_is_not_responsible_cannot_send(self):
        api = BotApi()
        card, fake = self._telegram_card(api)
        for user in (self.rep_a2, self.rep_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._send(card, "Hi", user=user)
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a2)._post_reply("Hi")
        self.assertFalse(fake.requests)
        self.assertFalse(card.reply_external_id)

    def test_the_writer_is_telegrams_own(self):
        writer = writer_for("telegram", self.env["social.listening.connector"].new(
            {"kind": "telegram"})._connector_config(), None)  # fmt: skip
        self.assertEqual(writer.endpoint, "https://api.telegram.org")
        self.assertEqual(writer.limit(), 4096)
