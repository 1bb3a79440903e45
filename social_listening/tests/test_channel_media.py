"""LINE and WhatsApp deliveries completed with the connector's token: the LINE person's
profile (name, picture, language) and the files people send in both chats, kept on the card;
a platform that does not give them never loses the message.

The loopback servers answer as the platforms' references say:
- LINE Messaging API reference (developers.line.biz/en/reference/messaging-api/): "Get
  profile" ``GET /v2/bot/profile/{userId}``, "Get group chat member profile"
  ``GET /v2/bot/group/{groupId}/member/{userId}`` (and the room's), "Get content"
  ``GET /v2/bot/message/{messageId}/content`` on api-data.line.me (the file's bytes with its
  Content-Type); bodies in ``data/listening/line_profiles.json``;
- WhatsApp Cloud API reference, "Media" (developers.facebook.com/docs/whatsapp/cloud-api/
  reference/media): "Retrieve Media URL" ``GET /{media-id}`` and the download of that URL
  with the same bearer token; bodies in ``data/listening/whatsapp_media.json``.
Webhook payloads: ``line_webhook_events.json`` and ``whatsapp_messages_webhook.json`` (see
SOURCES.md).
"""

import base64
import copy
import json
import logging
from urllib.parse import urlsplit

from odoo.exceptions import AccessError
from odoo.tests import BaseCase, HttpCase, new_test_user, tagged

from odoo.addons.social_interest.lib.http import HttpAdapter

from ..lib.connectors import Config, map_webhook
from ..lib.connectors.completion import MAX_FILE_BYTES, MAX_REQUESTS
from ..lib.connectors.line import complete_line_items
from ..lib.webhook import sign
from .fake_platform import FakePlatform, Reply, sample_json
from .test_channel_line import CHANNEL_SECRET, CHANNEL_TOKEN, PERSON, _delivery, _signature
from .test_channel_whatsapp import APP_SECRET, TOKEN, fresh, messages

# a 1x1 PNG: what a person sends as a picture
PICTURE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
IMAGE_ID = "354718705033693861"  # the image message of line_webhook_events.json
GROUP, MEMBER = "Ca56f94637cc4347f90a25382909b24b9", "U91eeaf62d901234567890123456789ab"
MEDIA_ID = "1047865129471052"  # the image of whatsapp_messages_webhook.json


def _profiles(name):
    return copy.deepcopy(sample_json("line_profiles.json")[name])


class LineData:
    """The Messaging API for the channel access token: profiles of the people who wrote
    (``profile``, member profiles of a group or room) and the content of their messages
    (``content``: message id -> bytes). ``fail``: path -> Reply answered instead."""

    def __init__(self, language="en"):
        profile = _profiles("profile")
        profile.update(userId=PERSON, language=language)
        self.profiles = {f"/v2/bot/profile/{PERSON}": profile}
        member = _profiles("member_profile")
        member.update(userId=MEMBER, displayName="Hanako (group)")
        self.profiles[f"/v2/bot/group/{GROUP}/member/{MEMBER}"] = member
        self.content = {IMAGE_ID: PICTURE}
        self.fail = {}

    def __call__(self, request):
        if request["headers"].get("Authorization") != f"Bearer {CHANNEL_TOKEN}":
            return Reply({"message": "Authentication failed. Confirm that the access token "
                          "in the authorization header is valid."}, 401)  # fmt: skip
        path = request["path"]
        if path in self.fail:
            return self.fail[path]
        if path in self.profiles:
            return Reply(self.profiles[path])
        parts = path.split("/")  # /v2/bot/message/{messageId}/content
        if path.endswith("/content") and parts[4] in self.content:
            return Reply(self.content[parts[4]], headers={"Content-Type": "image/png"})
        return Reply(_profiles("not_found"), 404)


@tagged("post_install", "-at_install")
class TestLineCompletion(BaseCase):
    def _complete(self, payload, token=CHANNEL_TOKEN):
        api = LineData()
        fake = FakePlatform(api).start(self)
        items, _errors = map_webhook("line", payload)
        config = Config(endpoint_url=fake.url, access_token=token)
        adapter = HttpAdapter(allow_private=True, sleep=lambda s: None, max_retries=0)
        return complete_line_items(items, config, adapter), fake

    def test_what_the_mapping_points_to(self):
        items, _errors = map_webhook("line", _delivery(2, 5, 0))
        self.assertEqual(items[0].get("line_content"),
                         {"provider": "line", "name": "", "size": None})  # fmt: skip
        self.assertEqual(items[1].get("line_content"),
                         {"provider": "line", "name": "file.txt", "size": 2138})  # fmt: skip
        self.assertIsNone(items[2].get("line_content"))

    def test_a_bot_sent_file_is_not_fetched(self):
        payload = _delivery(2)
        payload["events"][0]["message"]["contentProvider"] = {
            "type": "external",
            "originalContentUrl": "https://example.com/original.jpg",
            "previewImageUrl": "https://example.com/preview.jpg",
        }
        items, fake = self._complete(payload)
        self.assertFalse(items[0].get("attachments"))
        self.assertFalse([r for r in fake.requests if r["path"].endswith("/content")])

    def test_a_delivery_asks_a_bounded_number_of_times(self):
        payload = _delivery(*([0] * (MAX_REQUESTS + 5)))
        for number, event in enumerate(payload["events"]):
            event["source"]["userId"] = f"U{number:032x}"  # as many people as events
            event["message"]["id"] = str(number)
        items, fake = self._complete(payload)
        self.assertEqual(len(items), MAX_REQUESTS + 5, "every message goes on")
        self.assertEqual(len(fake.requests), MAX_REQUESTS)

    def test_without_a_token_nothing_is_asked(self):
        items, fake = self._complete(_delivery(0, 2), token="")
        self.assertEqual(items[0].author_name, "")
        self.assertFalse(fake.requests)


class MediaCase(HttpCase):
    kind = secret = token = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the road would fetch the LINE picture from the internet: not in these tests
        cls.env["ir.config_parameter"].sudo().set_param("social_interest.photo_download", "0")
        team = cls.env["crm.team"].create({"name": f"{cls.kind} team"})
        cls.source = cls.env["social.interest.source"].create(
            {"name": f"ACME {cls.kind}", "platform": cls.kind, "team_id": team.id}
        )
        cls.connector = cls.env["social.listening.connector"].create(
            {"name": cls.kind, "kind": cls.kind, "webhook_secret": cls.secret,
             "verify_token": "acme-whatsapp-verify", "access_token": cls.token,
             "source_id": cls.source.id, "allow_private_network": True}
        )  # fmt: skip
        cls.outsider = new_test_user(
            cls.env, login=f"{cls.kind}_outsider", groups="sales_team.group_sale_salesman"
        )

    def _serve(self, api):
        fake = FakePlatform(api).start(self)
        self.connector.endpoint_url = fake.url
        return fake

    def _deliver(self, payload):
        """Post ``payload`` signed, process it; the cards it made, and the log lines."""
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", **self._sign(body)}
        response = self.url_open(f"/social_listening/webhook/{self.connector.id}", data=body,
                                 headers=headers)  # fmt: skip
        self.assertEqual(response.json()["status"], "accepted")
        self.env.flush_all()  # what the test itself wrote is not the processing's
        # every logger, urllib3's request lines included
        with self.assertLogs(level=logging.DEBUG) as logs:
            self.env["social.listening.delivery"]._cron_process()
        delivery = self.env["social.listening.delivery"].search(
            [("connector_id", "=", self.connector.id)], order="id desc", limit=1
        )
        self.assertEqual(delivery.state, "done")
        self._assert_token_kept_secret(delivery, logs.output)
        return self.connector.mention_ids.interest_id

    def _assert_token_kept_secret(self, delivery, lines):
        stored = json.dumps(delivery.read()[0], default=str)
        self.assertNotIn(self.token, stored)
        self.assertNotIn(self.token, json.dumps(self.connector.read(["last_error"])[0]))
        for line in lines:
            self.assertNotIn(self.token, line)

    def _files(self, record):
        return self.env["ir.attachment"].search(
            [("res_model", "=", record._name), ("res_id", "in", record.ids)]
        )


@tagged("post_install", "-at_install")
class TestLineMedia(MediaCase):
    kind, secret, token = "line", CHANNEL_SECRET, CHANNEL_TOKEN

    def _sign(self, body):
        return {"x-line-signature": _signature(body)}

    def test_a_text_from_a_user_gets_the_persons_name_picture_and_language(self):
        api = LineData(language="ja")  # the person's LINE app speaks Japanese
        fake = self._serve(api)
        cards = self._deliver(_delivery(0, 1))  # a text and a sticker of the same person
        self.assertEqual(len(cards), 2)
        self.assertEqual(set(cards.mapped("author_name")), {"LINE taro"})
        self.assertEqual(set(cards.mapped("author_image_url")),
                         {"https://profile.line-scdn.net/ch/v2/p/uf9da5ee2b..."})  # fmt: skip
        self.assertEqual(set(cards.mapped("lang")), {"ja"})
        self.assertEqual(cards.identity_id.handle, PERSON)
        # asked once for the delivery, with the channel access token
        asked = [r for r in fake.requests if r["path"].startswith("/v2/bot/profile/")]
        self.assertEqual([r["path"] for r in asked], [f"/v2/bot/profile/{PERSON}"])
        self.assertEqual(asked[0]["headers"]["Authorization"], f"Bearer {CHANNEL_TOKEN}")

    def test_a_group_member_is_asked_of_the_group(self):
        fake = self._serve(LineData())
        card = self._deliver(_delivery(3))
        self.assertEqual(card.author_name, "Hanako (group)")
        self.assertEqual([r["path"] for r in fake.requests],
                         [f"/v2/bot/group/{GROUP}/member/{MEMBER}"])  # fmt: skip
        self.assertEqual(card.lang, "en", "a member profile has no language: the words'")

    def test_an_image_becomes_a_card_with_the_image_attached(self):
        fake = self._serve(LineData())
        card = self._deliver(_delivery(2))
        self.assertEqual(card.body, "[image]")
        self.assertIn(f"/v2/bot/message/{IMAGE_ID}/content", [r["path"] for r in fake.requests])
        files = self._files(card)
        self.assertEqual(len(files), 1)
        self.assertEqual((files.raw, files.mimetype), (PICTURE, "image/png"))
        self.assertEqual(files.name, f"line-image-{IMAGE_ID}.png")
        # kept on the mention too, until a card takes it; read by its own team only
        self.assertEqual(self._files(self.connector.mention_ids).raw, PICTURE)
        with self.assertRaises(AccessError):
            files.with_user(self.outsider).read(["raw"])

    def test_a_file_larger_than_the_cap_is_not_kept_and_the_message_goes_on(self):
        api = LineData()
        api.content[IMAGE_ID] = b"\0" * (MAX_FILE_BYTES + 1)
        self._serve(api)
        card = self._deliver(_delivery(2))
        self.assertEqual(card.body, "[image]")
        self.assertFalse(self._files(card))

    def test_a_file_said_too_large_is_not_even_asked(self):
        fake = self._serve(LineData())
        payload = _delivery(5)
        payload["events"][0]["message"]["fileSize"] = MAX_FILE_BYTES + 1
        card = self._deliver(payload)
        self.assertEqual(card.body, "[file] file.txt")
        self.assertFalse(self._files(card))
        self.assertFalse([r for r in fake.requests if r["path"].endswith("/content")])

    def test_profile_and_content_not_found_leave_the_card_made(self):
        api = LineData()
        api.profiles.clear()
        api.content.clear()
        fake = self._serve(api)
        card = self._deliver(_delivery(2))
        self.assertEqual(len(fake.requests), 2)  # both asked, both 404
        self.assertEqual((card.author_name or "", card.author_handle), ("", PERSON))
        self.assertFalse(self._files(card))

    def test_a_failing_platform_is_not_asked_again_and_nothing_is_lost(self):
        api = LineData()
        api.fail[f"/v2/bot/profile/{PERSON}"] = Reply(_profiles("server_error"), 500)
        fake = self._serve(api)
        cards = self._deliver(_delivery(0, 2))
        self.assertEqual(len(cards), 2)
        self.assertFalse(any(cards.mapped("author_name")))
        # the 500 was retried by the adapter, then the delivery stopped asking: no content
        self.assertEqual({r["path"] for r in fake.requests}, {f"/v2/bot/profile/{PERSON}"})
        self.assertFalse(self._files(cards))

    def test_a_platform_that_does_not_answer_in_time_loses_nothing(self):
        api = LineData()
        api.fail[f"/v2/bot/message/{IMAGE_ID}/content"] = Reply(PICTURE, delay=25)
        self._serve(api)
        card = self._deliver(_delivery(2))
        self.assertEqual(card.author_name, "LINE taro")
        self.assertFalse(self._files(card))

    def test_a_revoked_token_is_never_written_anywhere(self):
        self.connector.access_token = "revoked-" + CHANNEL_TOKEN
        self.token = self.connector.access_token
        self._serve(LineData())
        card = self._deliver(_delivery(2))  # 401 for the profile and the content
        self.assertEqual(card.body, "[image]")
        self.assertFalse(self._files(card))


@tagged("post_install", "-at_install")
class TestWhatsAppMedia(MediaCase):
    kind, secret, token = "whatsapp", APP_SECRET, TOKEN

    def _sign(self, body):
        return {"X-Hub-Signature-256": sign(APP_SECRET, body)}

    def _cloud(self, size=None, media=None, download=None):
        """The Graph API's media node and Meta's download host on one loopback server."""
        answer = copy.deepcopy(sample_json("whatsapp_media.json")["media_url"])
        if size is not None:
            answer["file_size"] = str(size)

        def handler(request):
            if request["headers"].get("Authorization") != f"Bearer {TOKEN}":
                return Reply({"error": {"message": "Invalid OAuth access token.",
                                        "type": "OAuthException", "code": 190}}, 401)  # fmt: skip
            if request["path"] == f"/{MEDIA_ID}":
                return media or Reply(answer)
            if request["path"] == "/whatsapp_business/attachments/":
                return download or Reply(PICTURE, headers={"Content-Type": "image/jpeg"})
            return Reply({"error": {"message": "Unknown path", "code": 100}}, 404)

        fake = self._serve(handler)
        # the media URL on Meta's download host, here on the same loopback server
        answer["url"] = fake.url + urlsplit(answer["url"])._replace(scheme="", netloc="").geturl()
        return fake

    def test_an_image_with_caption_becomes_a_card_with_the_image_attached(self):
        fake = self._cloud()
        card = self._deliver(fresh(messages("image")))
        self.assertEqual(card.body, "This one, in the 180 cm size")
        files = self._files(card)
        self.assertEqual(len(files), 1)
        self.assertEqual((files.raw, files.mimetype), (PICTURE, "image/jpeg"))
        self.assertEqual(files.name, f"whatsapp-image-{MEDIA_ID}.jpg")
        download = fake.requests[-1]
        self.assertEqual(download["query"]["mid"], MEDIA_ID)
        self.assertEqual(download["headers"]["Authorization"], f"Bearer {TOKEN}")
        with self.assertRaises(AccessError):
            files.with_user(self.outsider).read(["raw"])

    def test_a_media_said_too_large_is_not_downloaded(self):
        fake = self._cloud(size=MAX_FILE_BYTES + 1)
        card = self._deliver(fresh(messages("image")))
        self.assertEqual(card.body, "This one, in the 180 cm size")
        self.assertFalse(self._files(card))
        self.assertEqual([r["path"] for r in fake.requests], [f"/{MEDIA_ID}"])

    def test_a_download_larger_than_the_cap_is_not_kept(self):
        self._cloud(download=Reply(b"\0" * (MAX_FILE_BYTES + 1),
                                   headers={"Content-Type": "image/jpeg"}))  # fmt: skip
        card = self._deliver(fresh(messages("image")))
        self.assertTrue(card)
        self.assertFalse(self._files(card))

    def test_an_unknown_media_leaves_the_card_made(self):
        invalid = sample_json("whatsapp_media.json")["invalid_media"]
        fake = self._cloud(media=Reply(invalid, 400))
        card = self._deliver(fresh(messages("image")))
        self.assertEqual(card.body, "This one, in the 180 cm size")
        self.assertFalse(self._files(card))
        self.assertEqual([r["path"] for r in fake.requests], [f"/{MEDIA_ID}"])

    def test_an_expired_download_url_leaves_the_card_made(self):
        fake = self._cloud(download=Reply(b"", 404))
        card = self._deliver(fresh(messages("image")))
        self.assertEqual(card.body, "This one, in the 180 cm size")
        self.assertFalse(self._files(card))
        self.assertEqual(len(fake.requests), 2)

    def test_a_platform_that_fails_loses_nothing(self):
        self._cloud(media=Reply({"error": {"message": "An unknown error occurred",
                                           "code": 1}}, 500))  # fmt: skip
        card = self._deliver(fresh(messages("image")))
        self.assertEqual(card.body, "This one, in the 180 cm size")
        self.assertFalse(self._files(card))

    def test_a_refused_token_is_never_written_anywhere(self):
        self.connector.access_token = "expired-" + TOKEN
        self.token = self.connector.access_token
        fake = self._cloud()
        card = self._deliver(fresh(messages("image")))
        self.assertTrue(card)
        self.assertFalse(self._files(card))
        self.assertEqual([r["path"] for r in fake.requests], [f"/{MEDIA_ID}"])
