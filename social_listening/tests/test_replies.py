"""Answers posted in the channel from the card, against platforms on loopback that check
each request as the real APIs do and answer in their shapes."""

import json
import threading

import regex

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ListeningCase
from .fake_platform import BlueskyServers, Reply

TOKEN = "mastodon-user-token-with-write-statuses"


class MastodonInstance:
    """Mastodon's ``/api/v2/instance`` and ``POST /api/v1/statuses`` (REST API reference,
    docs.joinmastodon.org/methods/statuses/#create): bearer token with ``write:statuses``,
    ``status`` within the instance's ``max_characters``, ``in_reply_to_id`` of a status it
    knows, and the ``Idempotency-Key`` header (the same key returns the status already
    made). The answer is a Status entity."""

    def __init__(self, max_characters=500, fail=None):
        self.max_characters = max_characters
        self.fail = fail  # (status, body) answered to every POST, when set
        self.by_key = {}
        self.posted = []
        self.lock = threading.Lock()

    def __call__(self, request):
        if request["path"] == "/api/v2/instance":
            return Reply(
                {
                    "domain": "social.example",
                    "title": "Example",
                    "version": "4.3.0",
                    "configuration": {
                        "urls": {"streaming": "wss://social.example"},
                        "statuses": {
                            "max_characters": self.max_characters,
                            "max_media_attachments": 4,
                            "characters_reserved_per_url": 23,
                        },
                    },
                }
            )
        if request["path"] != "/api/v1/statuses" or request["method"] != "POST":
            return Reply({"error": "Record not found"}, 404)
        if request["headers"].get("Authorization") != f"Bearer {TOKEN}":
            return Reply({"error": "The access token is invalid"}, 401)
        if self.fail:
            return Reply(self.fail[1], self.fail[0])
        body = json.loads(request["body"] or b"{}")
        text = body.get("status") or ""
        if len(regex.findall(r"\X", text)) > self.max_characters:
            return Reply({"error": "Validation failed: Text character limit exceeded"}, 422)
        if body.get("in_reply_to_id") != "109876543210":
            return Reply({"error": "Record not found"}, 404)
        key = request["headers"].get("Idempotency-Key")
        with self.lock:
            if key and key in self.by_key:
                return Reply(self.by_key[key])
            status_id = str(110000000000000000 + len(self.posted) + 1)
            status = {
                "id": status_id,
                "created_at": "2026-12-01T09:30:12.345Z",
                "in_reply_to_id": body["in_reply_to_id"],
                "in_reply_to_account_id": "55",
                "sensitive": False,
                "spoiler_text": "",
                "visibility": "public",
                "language": "en",
                "uri": f"https://social.example/users/acme/statuses/{status_id}",
                "url": f"https://social.example/@acme/{status_id}",
                "content": "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>",
                "account": {"id": "1", "username": "acme", "acct": "acme", "url": "https://social.example/@acme"},
                "media_attachments": [],
                "mentions": [],
                "tags": [],
                "emojis": [],
                "reblog": None,
                "application": {"name": "Odoo"},
            }  # fmt: skip
            self.posted.append(status)
            if key:
                self.by_key[key] = status
        return Reply(status)


class ReplyCase(ListeningCase):
    def setUp(self):
        super().setUp()
        # an attempt is written in a transaction of its own: here it shares the test's
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)


@tagged("post_install", "-at_install")
class TestMastodonReply(ReplyCase):
    def _card_from(self, fake, **connector_vals):
        connector = self._connector(fake, access_token=TOKEN, **connector_vals)
        card = self._card(
            platform="mastodon",
            source_id=self.source_listening.id,
            source_url="https://social.example/@jane/109876543210",
            body="Does the Ergo Chair come in green?",
            user_id=self.rep_a.id,
        )
        self.env["social.mention"].create(
            {
                "connector_id": connector.id,
                "external_id": "109876543210",
                "platform": "mastodon",
                "body": card.body,
                "posted_at": "2026-12-01 09:00:00",
                "interest_id": card.id,
            }
        )
        return card

    def _compose(self, card, text, user=None):
        action = card.with_user(user or self.rep_a).action_reply()
        self.assertEqual(action["res_model"], "social.interest.reply")
        return (
            self.env["social.interest.reply"]
            .with_user(user or self.rep_a)
            .create({"interest_id": card.id, "text": text})
        )

    def test_a_rep_answers_and_the_platforms_answer_is_the_proof(self):
        instance = MastodonInstance()
        fake = self._platform(instance)
        card = self._card_from(fake)
        wizard = self._compose(card, "Yes! Green and grey, from next week.")
        self.assertEqual((wizard.char_limit, wizard.char_count), (500, 36))
        wizard.action_send()
        posted = fake.requests[-1]
        self.assertEqual(posted["headers"]["Authorization"], f"Bearer {TOKEN}")
        self.assertTrue(posted["headers"].get("Idempotency-Key"))
        self.assertEqual(card.reply_external_id, instance.posted[0]["id"])
        self.assertEqual(card.reply_url, instance.posted[0]["url"])
        self.assertEqual(card.reply_text, "Yes! Green and grey, from next week.")
        self.assertEqual(card.reply_author, "acme")
        self.assertEqual(str(card.reply_date), "2026-12-01 09:30:12")
        self.assertEqual(card.first_response_date, card.reply_date)
        self.assertEqual(card.state, "replied")
        self.assertFalse(card.processed)  # the source does not say a reply processes
        self.assertIn("Green and grey", card.message_ids[0].body)
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self.assertEqual(card.reply_attempt_ids.state, "done")
        with self.assertRaises(UserError):
            self._compose(card, "again").action_send()  # answered once
        self.assertEqual(len(instance.posted), 1)

    def test_the_source_decides_whether_a_reply_processes(self):
        self.source_listening.reply_marks_processed = True
        fake = self._platform(MastodonInstance())
        card = self._card_from(fake)
        self._compose(card, "Thanks, Jane!").action_send()
        self.assertTrue(card.processed)

    def test_the_instance_limit_and_links_as_mastodon_counts_them(self):
        fake = self._platform(MastodonInstance(max_characters=40))
        card = self._card_from(fake)
        link = "https://acme.example.com/products/ergo-chair-green-edition-2027"
        wizard = self._compose(card, f"See {link}")
        self.assertEqual((wizard.char_limit, wizard.char_count), (40, 4 + 23))
        long = self._compose(card, "x" * 41)
        self.assertTrue(long.too_long)
        with self.assertRaisesRegex(UserError, "41 characters"):
            long.action_send()
        self.assertFalse([r for r in fake.requests if r["method"] == "POST"])

    def test_sensitive_data_is_refused_before_anything_is_sent(self):
        fake = self._platform(MastodonInstance())
        card = self._card_from(fake)
        wizard = self._compose(card, "Call us on +81 3-1234-5678 or send 4111 1111 1111 1111")
        with self.assertRaisesRegex(UserError, "private channel"):
            wizard.action_send()
        self.assertFalse([r for r in fake.requests if r["method"] == "POST"])

    def test_platform_errors_are_plain_and_record_nothing(self):
        for status, body, words in (
            (401, {"error": "The access token was revoked"}, "no longer accepts"),
            (403, {"error": "This action is outside the authorized scopes"}, "write permission"),
            (422, {"error": "Validation failed: Text can't be blank"}, "refused the text"),
            (429, {"error": "Too many requests"}, "rate limit"),
        ):
            with self.subTest(status=status):
                fake = self._platform(MastodonInstance(fail=(status, body)))
                card = self._card_from(fake)
                with self.assertRaisesRegex(UserError, words):
                    self._compose(card, "Hello Jane").action_send()
                self.assertFalse(card.reply_external_id)
                self.assertFalse(card.reply_date)

    def test_a_retry_after_a_timeout_never_posts_twice(self):
        instance = MastodonInstance()
        fake = self._platform(instance)
        card = self._card_from(fake)
        # the first attempt reached Mastodon but its answer was lost on the way back
        real = instance.__call__

        def lost(request):
            reply = real(request)
            if request["method"] == "POST":
                reply.delay = 3
            return reply

        fake.handler = lost
        connector = card.reply_connector_id
        connector_adapter = type(connector)._adapter

        def short_timeout(self, retries=True):
            adapter = connector_adapter(self, retries)
            adapter.timeout = adapter.deadline = 0.5
            return adapter

        self.patch(type(connector), "_adapter", short_timeout)
        # (no assertRaises here: its savepoint would undo the attempt written on the way)
        try:
            self._compose(card, "Yes, in green.").action_send()
        except UserError as error:
            self.assertIn("did not answer", str(error))
        else:
            self.fail("a lost answer must not be taken for a reply")
        self.assertFalse(card.reply_external_id)
        self.assertEqual(len(instance.posted), 1)
        # at once: the attempt is still in flight
        try:
            self._compose(card, "Yes, in green.").action_send()
        except UserError as error:
            self.assertIn("being sent", str(error))
        else:
            self.fail("a second send while the first is in flight must be refused")
        # later: the same key again, and Mastodon returns the status it made the first time
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        attempt = card.reply_attempt_ids
        self.assertEqual(attempt.state, "sending")
        self.env.cr.execute(
            "UPDATE social_interest_reply_attempt SET create_date = now() - interval '5 minutes'"
            " WHERE id = %s",
            [attempt.id],
        )
        attempt.invalidate_recordset()
        fake.handler = real
        self._compose(card, "Yes, in green.").action_send()
        self.assertEqual(len(instance.posted), 1)
        self.assertEqual(card.reply_external_id, instance.posted[0]["id"])
        keys = {r["headers"].get("Idempotency-Key") for r in fake.requests if r["method"] == "POST"}
        self.assertEqual(len(keys), 1)

    def test_who_may_answer_in_the_companys_name(self):
        fake = self._platform(MastodonInstance())
        card = self._card_from(fake)
        with self.assertRaises(AccessError):
            self._compose(card, "Hi", user=self.rep_a2).action_send()
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a2)._post_reply("Hi")
        self._compose(card, "Hi", user=self.manager).action_send()  # a sales manager may
        self.assertEqual(card.reply_user_id, self.manager)

    def test_without_write_credentials_the_open_and_record_flow_stays(self):
        card = self._card(user_id=self.rep_a.id)
        self.assertFalse(card.reply_connector_id)
        action = card.with_user(self.rep_a).action_reply()
        self.assertEqual(action["type"], "ir.actions.act_url")


@tagged("post_install", "-at_install")
class TestBlueskyReply(ReplyCase):
    """``com.atproto.repo.createRecord`` of a reply (lexicon app.bsky.feed.post: text of 300
    graphemes at most, ``reply.root`` and ``reply.parent`` as strong refs), after an app
    password login; ``getRecord`` answers RecordNotFound (400) for a key never written."""

    PARENT = "at://did:plc:jane/app.bsky.feed.post/3lbq2parent"
    ROOT = "at://did:plc:acme/app.bsky.feed.post/3lbq1rootpost"

    def setUp(self):
        super().setUp()
        self.bsky = BlueskyServers(self)
        self.records = {}
        pds = self.bsky._pds

        def pds_with_writes(request):
            token = self.bsky._bearer(request)
            path = request["path"]
            if path == "/xrpc/app.bsky.feed.getPosts":
                if token not in self.bsky.valid_access:
                    return Reply({"error": "ExpiredToken", "message": "Token has expired"}, 401)
                return Reply({"posts": [{
                    "uri": self.PARENT, "cid": "bafyreiparentcid",
                    "author": {"did": "did:plc:jane", "handle": "jane.bsky.social"},
                    "record": {"$type": "app.bsky.feed.post", "text": "Green?",
                               "createdAt": "2026-12-01T08:59:00.000Z",
                               "reply": {"root": {"uri": self.ROOT, "cid": "bafyreirootcid"},
                                         "parent": {"uri": self.ROOT, "cid": "bafyreirootcid"}}},
                    "indexedAt": "2026-12-01T08:59:01.000Z"}]})  # fmt: skip
            if path == "/xrpc/com.atproto.repo.createRecord":
                if token not in self.bsky.valid_access:
                    return Reply({"error": "ExpiredToken", "message": "Token has expired"}, 401)
                body = json.loads(request["body"])
                record = body["record"]
                if len(regex.findall(r"\X", record["text"])) > 300:
                    return Reply({"error": "InvalidRecord", "message": "Record/text must not "
                                  "be longer than 300 graphemes"}, 400)  # fmt: skip
                reply = record.get("reply") or {}
                if reply.get("parent") != {"uri": self.PARENT, "cid": "bafyreiparentcid"} or (
                    reply.get("root") != {"uri": self.ROOT, "cid": "bafyreirootcid"}
                ):
                    return Reply({"error": "InvalidRequest", "message": "bad reply refs"}, 400)
                uri = f"at://{body['repo']}/app.bsky.feed.post/{body['rkey']}"
                self.records[body["rkey"]] = record
                return Reply({"uri": uri, "cid": "bafyreinewcid"})
            if path == "/xrpc/com.atproto.repo.getRecord":
                rkey = request["query"].get("rkey")
                if rkey not in self.records:
                    return Reply({"error": "RecordNotFound", "message": "Could not locate "
                                  "record"}, 400)  # fmt: skip
                return Reply({
                    "uri": f"at://{request['query']['repo']}/app.bsky.feed.post/{rkey}",
                    "cid": "bafyreinewcid", "value": self.records[rkey]})  # fmt: skip
            return pds(request)

        self.bsky.pds.handler = pds_with_writes

    def _card(self, **vals):
        connector = self._connector(
            None,
            kind="bluesky",
            endpoint_url=self.bsky.entryway.url,
            query="acme",
            login="acme-listening.bsky.social",
            app_password="abcd-efgh-ijkl-mnop",
        )
        card = super()._card(
            platform="bluesky", source_id=self.source_listening.id, user_id=self.rep_a.id,
            source_url="https://bsky.app/profile/jane.bsky.social/post/3lbq2parent", **vals
        )  # fmt: skip
        self.env["social.mention"].create(
            {"connector_id": connector.id, "external_id": self.PARENT, "platform": "bluesky",
             "body": "Green?", "posted_at": "2026-12-01 08:59:00", "interest_id": card.id}
        )  # fmt: skip
        return card

    def test_reply_names_root_and_parent_and_is_recorded(self):
        card = self._card()
        wizard = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "text": "Yes — green from next week 🌿"})
        )
        self.assertEqual(wizard.char_limit, 300)
        self.assertEqual(wizard.char_count, 28)  # the leaf is one grapheme
        wizard.action_send()
        self.assertEqual(len(self.records), 1)
        rkey = next(iter(self.records))
        self.assertEqual(len(rkey), 13)
        self.assertEqual(card.reply_external_id, f"at://did:plc:listener/app.bsky.feed.post/{rkey}")
        self.assertEqual(
            card.reply_url,
            f"https://bsky.app/profile/acme-listening.bsky.social/post/{rkey}",
        )
        self.assertEqual(card.state, "replied")

    def test_too_long_for_bluesky(self):
        card = self._card()
        wizard = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "text": "é" * 301})
        )
        with self.assertRaisesRegex(UserError, "300"):
            wizard.action_send()
        self.assertFalse(self.records)

    def test_a_retry_asks_whether_the_first_attempt_landed(self):
        card = self._card()
        Attempt = self.env["social.interest.reply.attempt"]
        # an attempt from before, whose answer never came back, though its record was written
        attempt = Attempt.create(
            {"interest_id": card.id, "key": f"card-{card.id}-1764581400000000", "text": "Yes"}
        )
        from ..lib.replies import tid_of

        self.records[tid_of(attempt.key)] = {
            "$type": "app.bsky.feed.post", "text": "Yes", "createdAt": "2026-12-01T09:30:00.000Z"
        }  # fmt: skip
        self.env.cr.execute(
            "UPDATE social_interest_reply_attempt SET create_date = now() - interval '5 minutes'"
            " WHERE id = %s",
            [attempt.id],
        )
        attempt.invalidate_recordset()
        self.env["social.interest.reply"].with_user(self.rep_a).create(
            {"interest_id": card.id, "text": "Yes"}
        ).action_send()
        self.assertEqual(len(self.records), 1)  # found, not posted again
        self.assertEqual(str(card.reply_date), "2026-12-01 09:30:00")
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self.assertEqual(attempt.state, "done")
