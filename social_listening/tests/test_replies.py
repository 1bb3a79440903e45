"""Answers posted in the channel from the card, against platforms on loopback that check
each request as the real APIs do and answer in their shapes."""

import json
import threading

import regex

from odoo import fields
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

    def _card_heard(self, connector, platform, external_id, **mention):
        """A card of ``rep_a`` made from a mention ``external_id`` heard by ``connector``."""
        card = self._card(platform=platform, user_id=self.rep_a.id,
                          source_id=self.source_listening.id)  # fmt: skip
        self.env["social.mention"].create(
            {"connector_id": connector.id, "external_id": external_id, "platform": platform,
             "body": "Green?", "posted_at": "2026-12-01 09:00:00", "interest_id": card.id,
             **mention}
        )  # fmt: skip
        return card

    def _send(self, card, text, user=None):
        self.env["social.interest.reply"].with_user(user or self.rep_a).create(
            {"interest_id": card.id, "text": text}
        ).action_send()

    def _age(self, attempt):
        """Make ``attempt`` one whose answer never came back (older than the stale delay)."""
        self.env.cr.execute(
            "UPDATE social_interest_reply_attempt SET create_date = now() - interval '5 minutes'"
            " WHERE id = %s",
            [attempt.id],
        )
        attempt.invalidate_recordset()


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
        self._age(attempt)
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
        self._age(attempt)
        self.env["social.interest.reply"].with_user(self.rep_a).create(
            {"interest_id": card.id, "text": "Yes"}
        ).action_send()
        self.assertEqual(len(self.records), 1)  # found, not posted again
        self.assertEqual(str(card.reply_date), "2026-12-01 09:30:00")
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self.assertEqual(attempt.state, "done")


X_TOKEN = "x-oauth2-user-token-tweet-write"


class XApi:
    """X API v2 (docs.x.com: POST /2/tweets, GET /2/users/me, GET /2/tweets/search/recent):
    a user-context bearer token; ``reply.in_reply_to_tweet_id``; 280 weighted characters;
    the same text twice is refused as duplicate content (403)."""

    def __init__(self):
        self.tweets = []

    def __call__(self, request):
        if request["headers"].get("Authorization") != f"Bearer {X_TOKEN}":
            return Reply({"title": "Unauthorized", "type": "about:blank", "status": 401,
                          "detail": "Unauthorized"}, 401)  # fmt: skip
        if request["path"] == "/2/users/me":
            return Reply({"data": {"id": "1500", "name": "ACME", "username": "acme_furniture"}})
        if request["path"] == "/2/tweets/search/recent":
            query = request["query"].get("query", "")
            found = [t for t in self.tweets if f"in_reply_to_tweet_id:{t['reply_to']}" in query]
            data = [{"id": t["id"], "text": t["text"], "created_at": t["created_at"],
                     "edit_history_tweet_ids": [t["id"]]} for t in found]  # fmt: skip
            return Reply({"data": data, "meta": {"result_count": len(data)}} if data else
                         {"meta": {"result_count": 0}})  # fmt: skip
        if request["path"] == "/2/tweets" and request["method"] == "POST":
            body = json.loads(request["body"])
            reply_to = (body.get("reply") or {}).get("in_reply_to_tweet_id")
            if reply_to != "1858000000000000001":
                return Reply({"title": "Invalid Request", "status": 400, "detail": "bad reply"},
                             400)  # fmt: skip
            if any(t["text"] == body["text"] for t in self.tweets):
                return Reply({"detail": "You are not allowed to create a Tweet with duplicate "
                              "content.", "type": "about:blank", "title": "Forbidden",
                              "status": 403}, 403)  # fmt: skip
            tweet = {"id": str(1858000000000000100 + len(self.tweets)), "text": body["text"],
                     "reply_to": reply_to, "created_at": "2026-12-01T10:00:00.000Z"}  # fmt: skip
            self.tweets.append(tweet)
            return Reply({"data": {"id": tweet["id"], "text": tweet["text"],
                                   "edit_history_tweet_ids": [tweet["id"]]}}, 201)  # fmt: skip
        return Reply({"title": "Not Found", "status": 404}, 404)


@tagged("post_install", "-at_install")
class TestXReply(ReplyCase):
    def _card_x(self):
        self.api = XApi()
        fake = self._platform(self.api)
        connector = self._connector(fake, kind="x", query="acme", access_token=X_TOKEN)
        card = self._card(platform="x", source_id=self.source_listening.id,
                          user_id=self.rep_a.id,
                          source_url="https://x.com/jane/status/1858000000000000001")  # fmt: skip
        self.env["social.mention"].create(
            {"connector_id": connector.id, "external_id": "1858000000000000001",
             "platform": "x", "body": "Green?", "posted_at": "2026-12-01 09:00:00",
             "interest_id": card.id}
        )  # fmt: skip
        return card

    def test_x_counts_as_twitter_text_does(self):
        from ..lib.replies import XWriter

        writer = XWriter.__new__(XWriter)
        self.assertEqual(writer.count("Hello"), 5)
        self.assertEqual(writer.count("こんにちは"), 10)  # CJK counts 2
        self.assertEqual(writer.count("👍🏽 ok"), 5)  # an emoji with its modifier counts 2
        self.assertEqual(writer.count("see https://acme.example.com/a/very/long/path"), 4 + 23)

    def test_reply_on_x_and_a_duplicate_is_found_not_reposted(self):
        card = self._card_x()
        wizard = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "text": "Yes, green from next week!"})
        )
        self.assertEqual(wizard.char_limit, 280)
        wizard.action_send()
        self.assertEqual(card.reply_external_id, self.api.tweets[0]["id"])
        self.assertEqual(
            card.reply_url, f"https://x.com/acme_furniture/status/{self.api.tweets[0]['id']}"
        )
        # the first answer was lost and the card never learnt of it: X refuses the same text
        # again as a duplicate, and the reply already there is recorded
        card.sudo().write({"reply_external_id": False, "reply_date": False})
        self.env["social.interest.reply"].with_user(self.rep_a).create(
            {"interest_id": card.id, "text": "Yes, green from next week!"}
        ).action_send()
        self.assertEqual(len(self.api.tweets), 1)
        self.assertEqual(card.reply_external_id, self.api.tweets[0]["id"])

    def test_weighted_limit_refused_before_sending(self):
        card = self._card_x()
        wizard = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "text": "あ" * 141})
        )
        self.assertEqual(wizard.char_count, 282)
        with self.assertRaisesRegex(UserError, "280"):
            wizard.action_send()
        self.assertFalse(self.api.tweets)


PAGE_TOKEN = "EAAG-page-access-token"


class GraphApi:
    """Graph API v21.0 as the Page token sees it (developers.facebook.com reference:
    ``/{comment-id}/comments`` (Page comment), ``/{ig-comment-id}/replies``, ``/me/messages``
    (Send API, ``messaging_type`` RESPONSE), ``/me?fields=...`` and comment reads). Bodies
    of POSTs to comments are form-encoded, as the Graph API takes them."""

    def __init__(self):
        self.comments, self.messages = [], []

    def __call__(self, request):
        from urllib.parse import parse_qs

        if request["headers"].get("Authorization") != f"Bearer {PAGE_TOKEN}":
            return Reply({"error": {"message": "Invalid OAuth access token.", "type":
                          "OAuthException", "code": 190}}, 400)  # fmt: skip
        path, method = request["path"], request["method"]
        if path == "/v21.0/me" and method == "GET":
            return Reply({"id": "100064512348871", "name": "ACME Furniture",
                          "instagram_business_account": {"id": "17841400000000000",
                                                         "username": "acme.furniture"}})  # fmt: skip
        if path == "/v21.0/me/messages" and method == "POST":
            body = json.loads(request["body"])
            if body.get("messaging_type") != "RESPONSE" or not body["recipient"].get("id"):
                return Reply({"error": {"message": "bad", "code": 100}}, 400)
            self.messages.append(body)
            return Reply({"recipient_id": body["recipient"]["id"],
                          "message_id": f"m_{len(self.messages)}AbC"})  # fmt: skip
        parts = path.split("/")
        if method == "POST" and parts[-1] in ("comments", "replies"):
            form = {k: v[-1] for k, v in parse_qs(request["body"].decode()).items()}
            reply_id = f"{parts[-2]}_{900 + len(self.comments)}"
            self.comments.append({"id": reply_id, "parent": parts[-2], "edge": parts[-1],
                                  "message": form.get("message", "")})  # fmt: skip
            return Reply({"id": reply_id})
        if method == "GET" and parts[-1] in ("comments", "replies"):
            data = [self._read(c) for c in self.comments if c["parent"] == parts[-2]]
            return Reply({"data": data, "paging": {}})
        found = [c for c in self.comments if c["id"] == parts[-1]]
        if method == "GET" and found:
            return Reply(self._read(found[0]))
        return Reply({"error": {"message": "Unsupported get request.", "code": 100}}, 400)

    @staticmethod
    def _read(comment):
        if comment["edge"] == "replies":  # Instagram
            return {"id": comment["id"], "text": comment["message"], "username":
                    "acme.furniture", "timestamp": "2026-12-01T10:05:00+0000"}  # fmt: skip
        return {"id": comment["id"], "message": comment["message"],
                "created_time": "2026-12-01T10:05:00+0000",
                "permalink_url": f"https://www.facebook.com/acme/posts/1?comment_id={comment['id']}",
                "from": {"id": "100064512348871", "name": "ACME Furniture"}}  # fmt: skip


@tagged("post_install", "-at_install")
class TestMetaReply(ReplyCase):
    def _meta_card(self, platform, external_id, action_type="comment", posted_at=None):
        self.graph = GraphApi()
        fake = self._platform(self.graph)
        connector = self._connector(
            None, kind="meta_webhook", endpoint_url=f"{fake.url}/v21.0",
            access_token=PAGE_TOKEN, query=False,
        )  # fmt: skip
        card = self._card_heard(
            connector, platform, external_id, author_handle="6254012345678901",
            posted_at=posted_at or fields.Datetime.now(),
        )  # fmt: skip
        card.action_type = action_type
        return card

    def test_facebook_page_comment(self):
        card = self._meta_card("facebook", "123456789_987654321")
        self._send(card, "Yes, in green!")
        self.assertEqual(self.graph.comments[0]["parent"], "123456789_987654321")
        self.assertEqual(self.graph.comments[0]["edge"], "comments")
        self.assertEqual(card.reply_author, "ACME Furniture")
        self.assertIn("comment_id=", card.reply_url)

    def test_instagram_comment_reply(self):
        card = self._meta_card("instagram", "17858893269000001")
        self._send(card, "Yes, in green!")
        self.assertEqual(self.graph.comments[0]["edge"], "replies")
        self.assertEqual(card.reply_author, "acme.furniture")

    def test_a_facebook_retry_finds_the_pages_own_answer(self):
        card = self._meta_card("facebook", "123456789_987654321")
        self.graph.comments.append({"id": "123456789_987654321_900", "edge": "comments",
                                    "parent": "123456789_987654321",
                                    "message": "Yes, in green!"})  # fmt: skip
        attempt = self.env["social.interest.reply.attempt"].create(
            {"interest_id": card.id, "key": f"card-{card.id}-1", "text": "Yes, in green!"}
        )
        self._age(attempt)
        self._send(card, "Yes, in green!")
        self.assertEqual(len(self.graph.comments), 1)
        self.assertEqual(card.reply_external_id, "123456789_987654321_900")

    def test_direct_message_inside_and_outside_the_24_hours(self):
        card = self._meta_card("facebook", "m_ABC", action_type="message")
        self._send(card, "Hello, yes we deliver on Sundays.")
        self.assertEqual(self.graph.messages[0]["recipient"], {"id": "6254012345678901"})
        self.assertEqual(card.reply_external_id, "m_1AbC")
        old = self._meta_card(
            "instagram", "m_OLD", action_type="message",
            posted_at=fields.Datetime.subtract(fields.Datetime.now(), hours=25),
        )  # fmt: skip
        with self.assertRaisesRegex(UserError, "24 hours"):
            self._send(old, "Hello")
        self.assertFalse(self.graph.messages)

    def test_a_direct_message_whose_answer_was_lost_is_not_sent_again_blindly(self):
        card = self._meta_card("facebook", "m_LOST", action_type="message")
        attempt = self.env["social.interest.reply.attempt"].create(
            {"interest_id": card.id, "key": f"card-{card.id}-2", "text": "Hello"}
        )
        self._age(attempt)
        with self.assertRaisesRegex(UserError, "Meta Business Suite"):
            self._send(card, "Hello")
        self.assertFalse(self.graph.messages)


YT_TOKEN = "ya29.youtube-force-ssl"
REDDIT_TOKEN = "reddit-user-token-submit"


class YouTubeApi:
    """YouTube Data API v3 (developers.google.com/youtube/v3/docs/comments/insert):
    ``snippet.parentId`` must be a top-level comment, ``snippet.textOriginal`` the text;
    OAuth bearer token only (an API key gets 401); the answer is a ``youtube#comment``."""

    def __init__(self):
        self.replies = []

    def __call__(self, request):
        if request["headers"].get("Authorization") != f"Bearer {YT_TOKEN}":
            return Reply({"error": {"code": 401, "message": "Request is missing required "
                          "authentication credential.", "status": "UNAUTHENTICATED"}}, 401)  # fmt: skip
        if request["path"] == "/youtube/v3/channels":
            return Reply({"kind": "youtube#channelListResponse", "items": [{"kind":
                          "youtube#channel", "id": "UCacmeFurniture00000000"}]})  # fmt: skip
        if request["path"] == "/youtube/v3/comments" and request["method"] == "POST":
            if request["query"].get("part") != "snippet":
                return Reply({"error": {"code": 400, "message": "part"}}, 400)
            snippet = json.loads(request["body"])["snippet"]
            if "." in snippet.get("parentId", "") or not snippet.get("textOriginal"):
                return Reply({"error": {"code": 400, "message": "The comment parentId is "
                              "invalid.", "errors": [{"reason": "invalidCommentId"}]}}, 400)  # fmt: skip
            comment = {"kind": "youtube#comment", "etag": "x",
                       "id": f"{snippet['parentId']}.AZ{len(self.replies)}",
                       "snippet": {"channelId": "UCacmeFurniture00000000",
                                   "textDisplay": snippet["textOriginal"],
                                   "textOriginal": snippet["textOriginal"],
                                   "parentId": snippet["parentId"],
                                   "authorDisplayName": "@acmefurniture",
                                   "authorChannelId": {"value": "UCacmeFurniture00000000"},
                                   "canRate": True, "viewerRating": "none", "likeCount": 0,
                                   "publishedAt": "2026-12-01T11:00:00Z",
                                   "updatedAt": "2026-12-01T11:00:00Z"}}  # fmt: skip
            self.replies.append(comment)
            return Reply(comment)
        if request["path"] == "/youtube/v3/comments":
            parent = request["query"].get("parentId")
            items = [c for c in self.replies if c["snippet"]["parentId"] == parent]
            return Reply({"kind": "youtube#commentListResponse", "items": items})
        return Reply({"error": {"code": 404, "message": "Not found"}}, 404)


class RedditApi:
    """Reddit's ``POST /api/comment`` (www.reddit.com/dev/api#POST_api_comment): form body
    ``thing_id``, ``text``, ``api_type=json``; errors inside a 200 (``json.errors``)."""

    def __init__(self, rate_limited=False):
        self.comments = []
        self.rate_limited = rate_limited

    def __call__(self, request):
        from urllib.parse import parse_qs

        if request["headers"].get("Authorization") != f"Bearer {REDDIT_TOKEN}":
            return Reply({"message": "Unauthorized", "error": 401}, 401)
        if request["path"] == "/api/comment":
            form = {k: v[-1] for k, v in parse_qs(request["body"].decode()).items()}
            if self.rate_limited:
                return Reply({"json": {"errors": [["RATELIMIT", "Looks like you've been doing "
                              "that a lot. Take a break for 5 minutes before trying again.",
                              "ratelimit"]]}})  # fmt: skip
            if form.get("api_type") != "json" or not form.get("thing_id", "").startswith(
                ("t1_", "t3_")
            ):
                return Reply({"json": {"errors": [["BAD_REQUEST", "bad", "thing_id"]]}})
            data = {"id": f"m{len(self.comments)}", "name": f"t1_m{len(self.comments)}",
                    "body": form["text"], "author": "acme_furniture",
                    "parent_id": form["thing_id"], "created_utc": 1764590400.0,
                    "permalink": f"/r/furniture/comments/1abcde/chair/m{len(self.comments)}/"}  # fmt: skip
            self.comments.append(data)
            return Reply({"json": {"errors": [], "data": {"things": [{"kind": "t1",
                                                                      "data": data}]}}})  # fmt: skip
        if request["path"] == "/api/v1/me":
            return Reply({"name": "acme_furniture", "id": "abc"})
        if request["path"] == "/user/acme_furniture/comments":
            return Reply({"kind": "Listing", "data": {"children": [
                {"kind": "t1", "data": c} for c in reversed(self.comments)]}})  # fmt: skip
        return Reply({"message": "Not Found", "error": 404}, 404)


@tagged("post_install", "-at_install")
class TestYouTubeAndRedditReplies(ReplyCase):
    def _card_of(self, kind, platform, api, external_id, **connector_vals):
        fake = self._platform(api)
        connector = self._connector(fake, kind=kind, query="acme", **connector_vals)
        return self._card_heard(connector, platform, external_id)

    def test_youtube_reply_goes_to_the_threads_top_comment(self):
        api = YouTubeApi()
        # the mention is a reply inside a thread: the answer goes to the top-level comment
        card = self._card_of("youtube", "youtube", api, "UgzTopLevel123.9xReplyAbc",
                             api_key="AIza-read-only", access_token=YT_TOKEN)  # fmt: skip
        card.mention_ids.url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzTopLevel123"
        self._send(card, "Thanks! Green from next week.")
        self.assertEqual(
            card.reply_url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzTopLevel123.AZ0"
        )
        self.assertEqual(api.replies[0]["snippet"]["parentId"], "UgzTopLevel123")
        self.assertEqual(card.reply_external_id, "UgzTopLevel123.AZ0")
        self.assertEqual(card.reply_author, "@acmefurniture")

    def test_youtube_retry_finds_the_channels_reply(self):
        api = YouTubeApi()
        card = self._card_of("youtube", "youtube", api, "UgzTopLevel123",
                             api_key="AIza-read-only", access_token=YT_TOKEN)  # fmt: skip
        from ..lib.replies import YouTubeWriter

        writer = card._writer()
        self.assertIsInstance(writer, YouTubeWriter)
        posted = writer.post("UgzTopLevel123", "Green, yes.", "k")
        self.assertEqual(writer.find_posted("UgzTopLevel123", "Green, yes.", "k"), posted)
        self.assertIsNone(writer.find_posted("UgzTopLevel123", "Other words", "k"))

    def test_reddit_comment_and_its_errors_inside_a_200(self):
        api = RedditApi()
        card = self._card_of("reddit", "reddit", api, "t3_1abcde", access_token=REDDIT_TOKEN,
                             api_key="client-id", api_secret="client-secret")  # fmt: skip
        self._send(card, "Yes, the chair comes in green.")
        self.assertEqual(card.reply_external_id, "t1_m0")
        self.assertEqual(
            card.reply_url, "https://www.reddit.com/r/furniture/comments/1abcde/chair/m0/"
        )
        self.assertEqual(card._writer().find_posted("t3_1abcde", "Yes, the chair comes in "
                                                    "green.", "k").external_id, "t1_m0")  # fmt: skip
        limited = self._card_of("reddit", "reddit", RedditApi(rate_limited=True), "t1_zz9",
                                access_token=REDDIT_TOKEN, api_key="id", api_secret="s")  # fmt: skip
        with self.assertRaisesRegex(UserError, "rate limit"):
            self._send(limited, "Hello")
        self.assertFalse(limited.reply_external_id)


@tagged("post_install", "-at_install")
class TestPublicAcknowledgement(ReplyCase):
    """A public post at night, on a source that opts in: a short acknowledgement is posted
    in the channel by the scheduled action, the card stays open for the morning."""

    def test_night_post_gets_its_acknowledgement_in_the_channel(self):
        from freezegun import freeze_time

        from odoo.addons.social_interest.tests.care_common import SocialCareCase

        calendar = SocialCareCase._calendar.__func__(type(self), "Tokyo 9-17", "Asia/Tokyo")
        self.team_a.social_calendar_id = calendar
        template = self.env["mail.template"].create(
            {
                "name": "We saw your post",
                "model_id": self.env["ir.model"]._get_id("social.interest"),
                "body_html": "<p>Thanks, we saw your post and answer tomorrow morning.</p>",
            }
        )
        self.source_listening.public_ack_template_id = template
        instance = MastodonInstance()
        fake = self._platform(instance)
        connector = self._connector(fake, access_token=TOKEN)
        mention = self.env["social.mention"].create(
            {"connector_id": connector.id, "external_id": "109876543210", "platform":
             "mastodon", "body": "Is the Ergo Chair back in stock?", "posted_at":
             "2025-03-05 13:00:00", "team_id": self.team_a.id}
        )  # fmt: skip
        with freeze_time("2025-03-05 13:00:00"):  # 22:00 in Tokyo
            card = mention._create_cards()
        self.assertTrue(card.is_public)
        self.assertEqual(str(card.ack_due_date), "2025-03-05 13:00:00")
        self.assertFalse(instance.posted)  # not while the mention is stored
        self.env["social.interest"]._cron_send_acknowledgements()
        self.assertEqual(len(instance.posted), 1)
        self.assertIn("answer tomorrow morning", instance.posted[0]["content"])
        self.assertTrue(card.ack_sent_date)
        self.assertFalse(card.reply_external_id)  # an acknowledgement is not the answer
        self.assertFalse(card.first_response_date)
        self.assertIn("acknowledgement posted on Mastodon", card.message_ids[0].body)
        # once
        self.env["social.interest"]._cron_send_acknowledgements()
        self.assertEqual(len(instance.posted), 1)
