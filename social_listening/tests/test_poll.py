import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import ListeningCase
from .fake_platform import BlueskyServers, Reply, sample_bytes, sample_json


def mastodon_pages(request):
    return Reply([] if "max_id" in request["query"] else sample_json("mastodon_tag_timeline.json"))


@tagged("post_install", "-at_install")
class TestPolling(ListeningCase):
    def test_poll_stores_mentions_with_sentiment_language_and_cursor(self):
        connector = self._connector(self._platform(mastodon_pages))
        connector.action_poll()
        mentions = connector.mention_ids.sorted("posted_at")
        self.assertEqual(len(mentions), 2)
        japanese, english = mentions
        self.assertEqual(japanese.lang, "ja")
        self.assertEqual(japanese.sentiment, "negative")
        self.assertEqual(english.sentiment, "positive")
        self.assertEqual(english.url_link, "https://mastodon.social/@chairfan/113400000000000003")
        self.assertEqual(connector.state, "ok")
        self.assertTrue(connector.last_success_at)
        self.assertEqual(json.loads(connector.cursor), {"high": 113400000000000003})
        self.assertEqual(connector.mention_count, 2)
        self.assertGreater(connector.next_run_at, fields.Datetime.now())

    def test_same_items_twice_are_stored_once(self):
        connector = self._connector(self._platform(mastodon_pages))
        connector.action_poll()
        connector.action_reset_cursor()
        connector.action_poll()
        self.assertEqual(len(connector.mention_ids), 2)
        self.assertEqual(connector.run_count, 2)

    def test_without_rules_every_item_is_kept_with_rules_only_matches(self):
        rule = self.env["social.listening.rule"].create({"name": "Chairs", "any_terms": "chair"})
        connector = self._connector(self._platform(mastodon_pages), rule_ids=[(6, 0, rule.ids)])
        connector.action_poll()
        self.assertEqual(len(connector.mention_ids), 1)
        self.assertEqual(connector.mention_ids.rule_ids, rule)

    def test_rate_limited_run_keeps_the_cursor_and_waits_retry_after(self):
        platform = self._platform(
            lambda r: Reply({"error": "Too many requests"}, 429, {"Retry-After": "1800"})
        )
        connector = self._connector(platform, cursor=json.dumps({"high": 5}))
        connector.action_poll()
        self.assertEqual(connector.state, "rate_limited")
        self.assertEqual(json.loads(connector.cursor), {"high": 5})
        wait = connector.next_run_at - fields.Datetime.now()
        self.assertGreater(wait, timedelta(minutes=29))
        self.assertFalse(connector.mention_ids)

    def test_failure_on_page_two_keeps_cursor_and_next_run_back_fills(self):
        state = {"fail": True}

        def handler(request):
            if "max_id" in request["query"]:
                return Reply({"error": "boom"}, 400) if state["fail"] else Reply([])
            return Reply(sample_json("mastodon_tag_timeline.json"))

        connector = self._connector(self._platform(handler), cursor=json.dumps({"high": 1}))
        connector.action_poll()
        self.assertEqual(connector.state, "error")
        self.assertIn("HTTP 400", connector.last_error)
        self.assertEqual(json.loads(connector.cursor), {"high": 1})
        self.assertEqual(connector.failure_count, 1)
        state["fail"] = False
        connector.action_poll()
        self.assertEqual(connector.state, "ok")
        self.assertEqual(len(connector.mention_ids), 2)
        self.assertEqual(json.loads(connector.cursor), {"high": 113400000000000003})
        self.assertEqual(connector.failure_count, 0)

    def test_malformed_json_is_an_error_shown_on_the_connector(self):
        connector = self._connector(self._platform(lambda r: Reply(b"[{'not': json")))
        connector.action_poll()
        self.assertEqual(connector.state, "error")
        self.assertIn("Malformed JSON", connector.last_error)

    def test_broken_item_is_skipped_and_counted(self):
        page = sample_json("mastodon_tag_timeline.json")
        page.append({"id": None})

        def handler(request):
            return Reply([] if "max_id" in request["query"] else page)

        connector = self._connector(self._platform(handler))
        connector.action_poll()
        self.assertEqual(connector.state, "ok")
        self.assertEqual(len(connector.mention_ids), 2)
        self.assertEqual(connector.skipped_count, 1)

    def test_rss_feed_in_shift_jis(self):
        platform = self._platform(lambda r: Reply(sample_bytes("rss_shift_jis.xml")))
        connector = self._connector(platform, kind="rss", platform="rss", query=False)
        connector.action_poll()
        self.assertIn("アクメの椅子を買いました", connector.mention_ids.body)
        self.assertEqual(connector.mention_ids.sentiment, "positive")

    def test_endpoint_on_loopback_refused_unless_allowed(self):
        connector = self._connector(self._platform(mastodon_pages), allow_private_network=False)
        connector.action_poll()
        self.assertEqual(connector.state, "error")
        self.assertIn("non-public", connector.last_error)

    def test_cron_polls_one_due_connector_per_call(self):
        platform = self._platform(mastodon_pages)
        due = self._connector(platform, name="Due")
        later = self._connector(
            platform, name="Later", next_run_at=fields.Datetime.now() + timedelta(hours=1)
        )
        Connector = self.env["social.listening.connector"]
        # other due connectors (demo data) are out of this test's way
        Connector.search([("id", "not in", (due + later).ids)]).active = False
        Connector._cron_poll()
        self.assertEqual(due.run_count, 1)
        self.assertEqual(later.run_count, 0)
        Connector._cron_poll()
        self.assertEqual(due.run_count, 1, "not due again before its interval")

    def test_a_row_the_database_refuses_fails_only_its_connector(self):
        # the database itself refuses this connector's rows (a real constraint, dropped with
        # the test's transaction): its run fails, the next connector's goes on
        self.env.cr.execute(
            "ALTER TABLE social_mention ADD CONSTRAINT test_refused "
            "CHECK (connector_id IS NULL OR connector_id != -1) NOT VALID"
        )
        platform = self._platform(mastodon_pages)
        broken = self._connector(platform, name="Broken")
        healthy = self._connector(platform, name="Healthy")
        self.env.cr.execute(
            "ALTER TABLE social_mention DROP CONSTRAINT test_refused, "
            "ADD CONSTRAINT test_refused CHECK (connector_id != %s) NOT VALID",
            [broken.id],
        )
        Connector = self.env["social.listening.connector"]
        Connector.search([("id", "not in", (broken + healthy).ids)]).active = False
        Connector._cron_poll()
        Connector._cron_poll()
        self.assertEqual(broken.state, "error", "a refused row is never a silent success")
        self.assertIn("test_refused", broken.last_error)
        self.assertFalse(broken.cursor, "the cursor stays where it was")
        self.assertFalse(broken.mention_ids)
        self.assertGreater(broken.next_run_at, fields.Datetime.now(), "it waits, others go on")
        self.assertEqual(healthy.state, "ok")
        self.assertTrue(healthy.mention_ids)

    def test_webhook_connector_cannot_be_polled(self):
        connector = self._connector(None, kind="generic_webhook")
        with self.assertRaises(Exception):  # noqa: B017 - a UserError
            connector.action_poll()

    def test_a_login_is_kept_between_runs_even_when_a_run_fails(self):
        servers = BlueskyServers(self, access_seconds=60)  # renewed at every run
        connector = self._connector(
            servers.entryway,
            kind="bluesky",
            query="acme",
            login="acme-listening.bsky.social",
            app_password="abcd-efgh-ijkl-mnop",
        )
        connector.action_poll()
        self.assertEqual(connector.state, "ok")
        self.assertEqual(len(connector.mention_ids), 2)
        first = json.loads(connector.session_data)
        self.assertEqual(first["service"], servers.pds.url)
        # next run: the token is renewed, then the search fails; the renewed session is kept
        # (its old refresh token is spent), and the run after that needs no new login

        def refresh_then_fail(request):
            if request["path"].endswith("refreshSession"):
                return servers._pds(request)
            return Reply({"error": "InvalidRequest", "message": "Service unavailable"}, 403)

        servers.pds.handler = refresh_then_fail
        connector.action_poll()
        self.assertEqual(connector.state, "error")
        kept = json.loads(connector.session_data)
        self.assertNotEqual(kept["refreshJwt"], first["refreshJwt"])
        servers.pds.handler = servers._pds
        logins = len(servers.entryway.requests)
        connector.next_run_at = False
        connector.action_poll()
        self.assertEqual(connector.state, "ok")
        self.assertEqual(len(servers.entryway.requests), logins, "no new login")

    def test_youtube_quota_is_shown_and_a_spent_budget_waits(self):
        def handler(request):
            if request["path"].endswith("/search"):
                return Reply(sample_json("youtube_search_list.json"))
            return Reply({"kind": "youtube#commentThreadListResponse", "items": []})

        platform = self._platform(handler)
        connector = self._connector(
            platform, kind="youtube", query="acme desk", api_key="KEY", daily_quota=150
        )
        connector.action_poll()
        self.assertEqual(connector.state, "ok")
        self.assertEqual(connector.quota_used, 102, "a search and a page for each of 2 videos")
        connector.next_run_at = False
        connector.action_poll()
        # a second search would cross the budget: skipped; the watched videos' comments
        # (a unit each) are still read
        self.assertEqual(connector.quota_used, 104)
        self.assertEqual(connector.state, "ok")
        self.assertIn("quota", connector.last_warning)

    def test_a_broken_feed_still_read_is_a_warning_on_the_connector(self):
        body = (
            b'<rss version="2.0"><channel><title>Shop</title><item><guid>p-1</guid>'
            b"<title>Oak & walnut</title><description>Which is better?</description>"
            b"</item></channel></rss>"
        )
        platform = self._platform(lambda r: Reply(body))
        connector = self._connector(platform, kind="rss", platform="rss", query=False)
        connector.action_poll()
        self.assertEqual(connector.state, "ok")
        self.assertEqual(len(connector.mention_ids), 1)
        self.assertIn("Feed read despite an error", connector.last_warning)
        platform.handler = lambda r: Reply(body.replace(b" & ", b" &amp; "))
        connector.action_poll()
        self.assertFalse(connector.last_warning, "a sound feed clears it")

    def test_test_connection_shows_the_answer_and_stores_nothing(self):
        platform = self._platform(lambda r: Reply(sample_json("mastodon_tag_timeline.json")))
        connector = self._connector(platform)
        action = connector.with_user(self.manager).action_test_connection()
        params = action["params"]
        self.assertEqual(params["type"], "success")
        self.assertIn("2 item(s) on the first page", params["message"])
        self.assertIn("Loving my new", params["message"])
        self.assertFalse(connector.mention_ids)
        self.assertFalse(connector.cursor)
        self.assertEqual(connector.run_count, 0)

    def test_test_connection_shows_the_platforms_refusal(self):
        platform = self._platform(lambda r: Reply({"error": "The access token is invalid"}, 401))
        connector = self._connector(platform, access_token="stale-token")
        params = connector.action_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("HTTP 401", params["message"])
        self.assertIn("The access token is invalid", params["message"])
        self.assertNotIn("stale-token", params["message"])
        self.assertEqual(connector.state, "ok", "a test is not a run")

    def test_test_connection_of_a_webhook_checks_its_settings(self):
        hook = self._connector(None, kind="meta_webhook", query=False)
        params = hook.action_test_connection()["params"]
        self.assertEqual(params["type"], "danger")
        self.assertIn("Webhook Secret", params["message"])
        hook.write({"webhook_secret": "s", "verify_token": "v"})
        params = hook.action_test_connection()["params"]
        self.assertEqual(params["type"], "success")
        self.assertIn("/social_listening/webhook/", params["message"])

    def test_only_managers_test_a_connector(self):
        connector = self._connector(None)
        with self.assertRaises(AccessError):
            connector.with_user(self.rep_a).action_test_connection()

    def test_a_mastodon_keyword_search_needs_a_token(self):
        with self.assertRaises(ValidationError):
            self._connector(None, query="acme desk")
        self._connector(None, query="#acme")  # a hashtag timeline needs none
        connector = self._connector(None, query="acme desk", access_token="user-token")
        with self.assertRaises(ValidationError):
            connector.access_token = False

    def test_endpoint_must_be_http(self):
        with self.assertRaises(Exception):  # noqa: B017 - a UserError
            self._connector(None, endpoint_url="javascript:alert(1)")
