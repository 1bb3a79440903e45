"""Google Business Profile reviews, end to end: polled through the Business Profile API on
loopback, turned into review cards through the one road in, answered with updateReply.

The fake API follows Google's references: ``accounts.locations.reviews.list`` (pageSize at
most 50, ``orderBy``, ``nextPageToken``; the Review resource: ``name``, ``reviewId``,
``reviewer{displayName, profilePhotoUrl, isAnonymous}``, ``starRating`` ONE..FIVE,
``comment``, ``createTime``, ``updateTime``, ``reviewReply{comment, updateTime}``),
``reviews.get``, ``reviews.updateReply`` (``PUT .../reply``, a ReviewReply in and out),
Google's JSON error body (``error.code``, ``message``, ``status``) and OAuth 2.0's token
endpoint (``grant_type=refresh_token``; ``invalid_grant`` answered 400). The pages are
``data/listening/google_business_reviews*.json`` (see SOURCES.md).
"""

import copy
import json
import time
from datetime import timedelta
from urllib.parse import parse_qs

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..lib.connectors.google_business import GoogleBusinessWriter, original_text
from .fake_platform import Reply, sample_json
from .test_replies import ReplyCase

LOCATION = "accounts/1234567890/locations/9876543210"
CLIENT_ID = "1234-abcd.apps.googleusercontent.com"
CLIENT_SECRET = "GOCSPX-client-secret"
REFRESH = "1//0g-refresh-token-of-the-owner"
FIVE, ONE, FOUR = "AbFvOqnG3pQ1-five", "AbFvOqkT8uV2-one", "AbFvOqhX5wY3-four"
THREE, TWO = "AbFvOqeR2sT4-three", "AbFvOqaB1cD5-two"


def _error(code, message, status):
    return Reply({"error": {"code": code, "message": message, "status": status}}, code)


class BusinessProfileApi:
    """One location's reviews, its owner's OAuth client and the reviews' answers."""

    def __init__(self):
        first, second = (
            sample_json("google_business_reviews.json"),
            sample_json("google_business_reviews_page2.json"),
        )
        self.pages = [first, second]
        self.tokens = set()  # access tokens the API takes
        self.issued = 0
        self.refresh_ok = True
        self.fail = None  # a Reply answered to every review request, when set
        self.fail_put = None  # a Reply answered to a PUT after storing it, when set
        self.puts = []

    def review(self, review_id):
        for page in self.pages:
            for review in page.get("reviews", []):
                if review["reviewId"] == review_id:
                    return review
        return None

    def edit(self, review_id, **changes):
        self.review(review_id).update(changes)
        # the most recently updated first, as orderBy=updateTime desc answers
        reviews = [r for page in self.pages for r in page.get("reviews", [])]
        reviews.sort(key=lambda r: r["updateTime"], reverse=True)
        self.pages[0]["reviews"], self.pages[1]["reviews"] = reviews[:3], reviews[3:]

    def __call__(self, request):
        if request["path"] == "/token":
            return self._token(request)
        if (request["headers"].get("Authorization") or "").removeprefix("Bearer ") not in (
            self.tokens
        ):
            return _error(
                401,
                "Request had invalid authentication credentials. Expected OAuth 2 access "
                "token, login cookie or other valid authentication credential.",
                "UNAUTHENTICATED",
            )
        if self.fail:
            return self.fail
        path = request["path"].removeprefix(f"/v4/{LOCATION}/reviews")
        if path == "" and request["method"] == "GET":
            return self._list(request["query"])
        review = self.review(path.strip("/").removesuffix("/reply"))
        if review is None or not path.startswith("/"):
            return _error(404, "Requested entity was not found.", "NOT_FOUND")
        if path.endswith("/reply") and request["method"] == "PUT":
            answer = {
                "comment": json.loads(request["body"])["comment"],
                "updateTime": "2026-12-01T11:30:05.250Z",
            }
            review["reviewReply"] = answer
            self.puts.append(answer)
            return self.fail_put or Reply(answer)
        return Reply(review)

    def _token(self, request):
        form = {k: v[-1] for k, v in parse_qs(request["body"].decode()).items()}
        if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
            return Reply({"error": "invalid_client", "error_description": "Unauthorized"}, 401)
        if form.get("grant_type") != "refresh_token" or form.get("refresh_token") != REFRESH:
            return Reply({"error": "invalid_grant", "error_description": "Bad Request"}, 400)
        if not self.refresh_ok:
            return Reply(
                {
                    "error": "invalid_grant",
                    "error_description": "Token has been expired or revoked.",
                },
                400,
            )
        self.issued += 1
        token = f"ya29.a0AfB_access-{self.issued}"
        self.tokens.add(token)
        return Reply({"access_token": token, "expires_in": 3599, "token_type": "Bearer",
                      "scope": "https://www.googleapis.com/auth/business.manage"})  # fmt: skip

    def _list(self, query):
        if query.get("orderBy") != "updateTime desc" or int(query.get("pageSize", 0)) > 50:
            return _error(400, "Request contains an invalid argument.", "INVALID_ARGUMENT")
        page = self.pages[1] if query.get("pageToken") else self.pages[0]
        return Reply(copy.deepcopy(page))


class GoogleBusinessCase(ReplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source_google = cls.env["social.interest.source"].create(
            {"name": "ACME on Google", "platform": "google_business", "team_id": cls.team_a.id}
        )

    def setUp(self):
        super().setUp()
        self.api = BusinessProfileApi()
        self.fake = self._platform(self.api)
        self.connector = self._connector(
            self.fake,
            kind="google_business",
            query=LOCATION,
            auth_url=f"{self.fake.url}/token",
            api_key=CLIENT_ID,
            api_secret=CLIENT_SECRET,
            access_token=REFRESH,
            source_id=self.source_google.id,
        )
        # the fake answers PUT like GET and POST
        handler = self.fake.server.RequestHandlerClass
        handler.do_PUT = handler.do_GET

    def _mention(self, review_id):
        return self.env["social.mention"].search(
            [("connector_id", "=", self.connector.id), ("external_id", "=", review_id)]
        )

    def _requests(self, path_end):
        return [r for r in self.fake.requests if r["path"].endswith(path_end)]


@tagged("post_install", "-at_install")
class TestGoogleBusinessPolling(GoogleBusinessCase):
    def test_a_poll_pages_back_to_the_cursor_and_keeps_the_token(self):
        self.connector.action_poll()
        self.assertEqual(self.connector.state, "ok", self.connector.last_error)
        mentions = self.connector.mention_ids
        self.assertEqual(set(mentions.mapped("external_id")), {FIVE, ONE, FOUR, THREE, TWO})
        self.assertEqual(len(self._requests("/reviews")), 2)  # two pages
        cursor = json.loads(self.connector.cursor)
        self.assertEqual(cursor["high"], "2026-11-30T17:02:11.519000")
        self.assertEqual(self._mention(FIVE).action_type, "review")
        self.assertEqual(self._mention(FIVE).platform, "google_business")
        self.assertEqual(self._mention(FIVE).author_name, "Jane Roe")
        self.assertIn("googleusercontent.com", self._mention(FIVE).author_image_url)
        # nine fractional digits (nanoseconds), read to the microsecond
        self.assertEqual(str(self._mention(TWO).posted_at), "2026-11-18 10:00:00.123456")
        anonymous = self._mention(THREE)
        # an anonymous reviewer's stars without words
        self.assertEqual((anonymous.author_name, anonymous.rating), (False, 3))
        self.assertFalse(anonymous.body)
        # the next run: the first page reaches the cursor; the token is still good
        self.connector.next_run_at = False
        self.connector.action_poll()
        self.assertEqual(len(self._requests("/reviews")), 3)
        self.assertEqual(len(self.connector.mention_ids), 5)
        self.assertEqual(self.api.issued, 1)
        session = json.loads(self.connector.session_data)
        self.assertEqual(session["access_token"], "ya29.a0AfB_access-1")
        self.assertEqual(
            self._requests("/token")[0]["headers"].get("Content-Type"),
            "application/x-www-form-urlencoded",
        )

    def test_a_refused_token_is_renewed_once(self):
        # a token the connector believes valid, revoked at Google: 401, renewed, read
        later = time.time() + 3000
        self.connector.session_data = json.dumps({"access_token": "ya29.revoked",
                                                  "expires_at": later})  # fmt: skip
        self.connector.action_poll()
        self.assertEqual(self.connector.state, "ok", self.connector.last_error)
        self.assertEqual(self.api.issued, 1)
        self.assertEqual(len(self.connector.mention_ids), 5)
        self.assertNotIn("ya29.revoked", self.connector.session_data)

    def test_a_revoked_refresh_token_fails_the_run_and_keeps_the_cursor(self):
        self.api.refresh_ok = False
        self.connector.action_poll()
        self.assertEqual(self.connector.state, "error")
        self.assertIn("refused the refresh token", self.connector.last_error)
        self.assertNotIn(REFRESH, self.connector.last_error)
        self.assertFalse(self.connector.cursor)
        self.assertFalse(self.connector.mention_ids)

    def test_a_query_that_names_no_location_is_refused_before_asking(self):
        self.connector.query = "my shop"
        self.connector.action_poll()
        self.assertEqual(self.connector.state, "error")
        self.assertIn("accounts/<account id>/locations/<location id>", self.connector.last_error)
        self.assertFalse(self._requests("/reviews"))

    def test_429_keeps_the_cursor_and_nothing_is_skipped(self):
        self.connector.action_poll()
        cursor = self.connector.cursor
        newest = copy.deepcopy(self.api.review(FIVE))
        newest.update(reviewId="AbFvOqzZ9yX6-new", name=f"{LOCATION}/reviews/AbFvOqzZ9yX6-new",
                      comment="Came back for a desk.", updateTime="2026-12-01T08:00:00Z",
                      createTime="2026-12-01T08:00:00Z")  # fmt: skip
        self.api.pages[0]["reviews"].insert(0, newest)
        self.api.fail = Reply(
            {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED",
                       "message": "Quota exceeded for quota metric 'Requests' and limit "
                                  "'Requests per minute' of service 'mybusiness.googleapis.com'"}},
            429,
            headers={"Retry-After": "120"},
        )  # fmt: skip
        self.connector.next_run_at = False
        self.connector.action_poll()
        self.assertEqual(self.connector.state, "rate_limited")
        self.assertEqual(self.connector.cursor, cursor)
        wait = self.connector.next_run_at - fields.Datetime.now()
        self.assertGreater(wait, timedelta(seconds=100))
        self.assertFalse(self._mention("AbFvOqzZ9yX6-new"))
        self.api.fail = None
        self.connector.action_poll()
        self.assertEqual(self.connector.state, "ok")
        self.assertEqual(self._mention("AbFvOqzZ9yX6-new").body, "Came back for a desk.")
        self.assertGreater(self.connector.cursor, cursor)

    def test_a_translated_review_keeps_the_reviewers_own_words(self):
        self.connector.action_poll()
        self.assertEqual(self._mention(ONE).body, "椅子が一週間で壊れたのに、電話に誰も出ません。")
        self.assertEqual(self._mention(ONE).lang, "ja")
        self.assertEqual(
            self._mention(FOUR).body, "Sehr bequemer Stuhl, die Lieferung hat etwas gedauert."
        )
        # both orders, a review Google did not translate, none at all
        self.assertEqual(original_text("(Translated by Google) Hi\n\n(Original)\nこんにちは"),
                         "こんにちは")  # fmt: skip
        self.assertEqual(original_text("Hallo\n\n(Translated by Google)\nHello"), "Hallo")
        self.assertEqual(
            original_text("Good chairs (Original) style"), "Good chairs (Original) style"
        )
        self.assertEqual(original_text(None), "")


@tagged("post_install", "-at_install")
class TestGoogleBusinessCards(GoogleBusinessCase):
    def test_stars_give_the_cards_rating_and_sentiment(self):
        self.connector.action_poll()
        # one star: negative, a card by the triage
        one = self._mention(ONE)
        self.assertEqual((one.rating, one.sentiment, one.state), (1, "negative", "card"))
        card = one.interest_id
        self.assertEqual((card.rating, card.sentiment, card.action_type), (1, "negative", "review"))
        self.assertEqual(card.platform, "google_business")
        self.assertEqual(card.source_id, self.source_google)
        # five stars: positive, a card too (a review is the business's face: always one)
        five = self._mention(FIVE)
        self.assertEqual((five.rating, five.sentiment, five.state), (5, "positive", "card"))
        self.assertEqual((five.interest_id.rating, five.interest_id.sentiment), (5, "positive"))

    def test_an_edited_review_updates_its_card_never_a_second(self):
        self.connector.action_poll()
        card = self._mention(ONE).interest_id
        cards = self.env["social.interest"].search_count(
            [("source_id", "=", self.source_google.id)]
        )
        self.api.edit(ONE, starRating="THREE", comment="交換してもらえました。対応は良かったです。",
                      updateTime="2026-12-01T09:00:00Z")  # fmt: skip
        # and a five-star review edited down to one star updates its card
        self.api.edit(FIVE, starRating="ONE", comment="The second chair broke too.",
                      updateTime="2026-12-01T09:30:00Z")  # fmt: skip
        self.connector.next_run_at = False
        self.connector.action_poll()
        self.assertEqual(len(self.connector.mention_ids), 5)
        self.assertEqual(self._mention(ONE).interest_id, card)
        self.assertEqual(card.body, "交換してもらえました。対応は良かったです。")
        self.assertEqual((card.rating, card.sentiment), (3, "neutral"))
        notes = card.message_ids.filtered(lambda m: "It said" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertIn("椅子が一週間で壊れた", notes.body)  # what it said before
        five = self._mention(FIVE)
        self.assertEqual((five.rating, five.state), (1, "card"))
        self.assertEqual(five.interest_id.body, "The second chair broke too.")
        self.assertEqual(five.interest_id.rating, 1)
        after = self.env["social.interest"].search_count(
            [("source_id", "=", self.source_google.id)]
        )
        self.assertEqual(after, cards, "edits make no second card")
        # the same edit read again changes nothing
        self.connector.next_run_at = False
        self.connector.cursor = False
        self.connector.action_poll()
        self.assertEqual(len(card.message_ids.filtered(lambda m: "It said" in (m.body or ""))), 1)

    def test_a_review_answered_on_google_is_a_replied_card(self):
        self.connector.action_poll()
        four = self._mention(FOUR)
        four.action_create_card()
        card = four.interest_id
        self.assertEqual(card.state, "replied")
        self.assertEqual(card.reply_text, "Danke, Kai! Wir arbeiten an schnelleren Lieferungen.")
        self.assertEqual(str(card.reply_date), "2026-11-28 09:05:44")
        self.assertEqual(card.first_response_date, card.reply_date)
        card.user_id = self.rep_a
        with self.assertRaisesRegex(UserError, "already answered"):
            self._send(card, "Thanks again!")
        self.assertFalse(self.api.puts)


@tagged("post_install", "-at_install")
class TestGoogleBusinessReply(GoogleBusinessCase):
    def _review_card(self, review_id=ONE):
        self.connector.action_poll()
        mention = self._mention(review_id)
        if not mention.interest_id:
            mention.action_create_card()
        card = mention.interest_id
        card.user_id = self.rep_a
        return card

    def test_a_reply_is_put_and_googles_answer_is_the_proof(self):
        card = self._review_card()
        text = "申し訳ございません。交換品をお送りします。"
        composer = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "text": text})
        )
        self.assertEqual(composer.char_limit, 4096)
        self.assertEqual(composer.char_count, 3 * len(text))  # bytes, as the API counts
        composer.action_send()
        put = [r for r in self.fake.requests if r["method"] == "PUT"]
        self.assertEqual(len(put), 1)
        self.assertEqual(put[0]["path"], f"/v4/{LOCATION}/reviews/{ONE}/reply")
        self.assertEqual(json.loads(put[0]["body"]),
                         {"comment": "申し訳ございません。交換品をお送りします。"})  # fmt: skip
        self.assertTrue(put[0]["headers"]["Authorization"].startswith("Bearer ya29."))
        self.assertEqual(card.state, "replied")
        self.assertEqual(card.reply_external_id, f"{LOCATION}/reviews/{ONE}/reply")
        self.assertEqual(card.reply_text, "申し訳ございません。交換品をお送りします。")
        self.assertEqual(str(card.reply_date), "2026-12-01 11:30:05")
        self.assertEqual(card.reply_user_id, self.rep_a)

    def test_a_salesman_who_is_not_responsible_cannot_send(self):
        card = self._review_card()
        with self.assertRaises(AccessError):
            self._send(card, "Hello from someone else", user=self.rep_a2)
        with self.assertRaises(AccessError):
            card.with_user(self.rep_a2)._post_reply("Hello")
        with self.assertRaises(AccessError):  # another team's salesman
            self._send(card, "Hello", user=self.rep_b)
        with self.assertRaises(AccessError):  # nor may a salesman poll (quota, credentials)
            self.connector.with_user(self.rep_a).action_poll()
        self.assertFalse(self.api.puts)
        self.assertFalse(card.reply_date)

    def test_too_long_in_bytes_is_refused_before_sending(self):
        card = self._review_card()
        composer = (
            self.env["social.interest.reply"]
            .with_user(self.rep_a)
            .create(
                {"interest_id": card.id, "text": "ご" * 1366}  # 4098 bytes, 1366 characters
            )
        )
        self.assertTrue(composer.too_long)
        with self.assertRaises(UserError):
            composer.action_send()
        self.assertFalse([r for r in self.fake.requests if r["method"] == "PUT"])

    def test_a_lost_answer_is_found_not_put_blindly_again(self):
        card = self._review_card()
        # Google stored the answer but the response was a server error
        self.api.fail_put = _error(503, "The service is currently unavailable.", "UNAVAILABLE")
        try:
            self._send(card, "We are sorry: a new chair is on its way.")
        except UserError as error:
            self.assertIn("did not answer", str(error))
        else:
            self.fail("a lost answer must not be taken for a reply")
        self.assertFalse(card.reply_external_id)
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self._age(card.reply_attempt_ids)
        self.api.fail_put = None
        self._send(card, "We are sorry: a new chair is on its way.")
        self.assertEqual(len(self.api.puts), 1)  # found by reading the review, not put again
        self.assertEqual(card.reply_text, "We are sorry: a new chair is on its way.")
        self.assertEqual(card.state, "replied")

    def test_an_answer_given_on_google_meanwhile_is_not_overwritten(self):
        card = self._review_card()
        self.api.review(ONE)["reviewReply"] = {"comment": "We called you this morning.",
                                               "updateTime": "2026-12-01T10:00:00Z"}  # fmt: skip
        with self.assertRaisesRegex(UserError, "already has an answer on Google"):
            self._send(card, "Sorry!")
        self.assertFalse(self.api.puts)
        self.assertFalse(card.reply_date)

    def test_google_errors_are_plain_and_record_nothing(self):
        card = self._review_card()
        for reply, words in (
            (
                _error(404, "Requested entity was not found.", "NOT_FOUND"),
                r"no longer exists.*\(Requested entity was not found\.\)",
            ),
            (_error(429, "Quota exceeded.", "RESOURCE_EXHAUSTED"), "rate limit"),
        ):
            with self.subTest(words=words):
                self.api.fail = reply
                with self.assertRaisesRegex(UserError, words):
                    self._send(card, "Hello")
                self.assertFalse(card.reply_date)
        self.assertFalse(self.api.puts)

    def test_the_writer_finds_only_the_same_words(self):
        card = self._review_card()
        writer = card._writer()
        self.assertIsInstance(writer, GoogleBusinessWriter)
        self.assertIsNone(writer.find_posted(ONE, "Sorry!", "k"))
        posted = writer.post(ONE, "Sorry!", "k")
        self.assertEqual(writer.find_posted(ONE, "Sorry!", "k"), posted)
        self.assertIsNone(writer.find_posted(ONE, "Other words", "k"))
