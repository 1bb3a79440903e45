"""Every connector kind against a loopback server replaying the platform's real format."""

import copy
import json
import time
from datetime import datetime
from urllib.parse import parse_qs

from odoo.tests import BaseCase, tagged

from odoo.addons.social_interest.lib.http import FetchError, HttpAdapter, RateLimited

from ..lib.connectors import Config, get_connector, map_generic_webhook, map_meta_webhook
from .fake_platform import BlueskyServers, FakePlatform, Reply, sample_bytes, sample_json


def form(request):
    """The form a request posted, as single values."""
    return {k: v[-1] for k, v in parse_qs(request["body"].decode()).items()}


def run(kind, platform, cursor=None, **config):
    config.setdefault("endpoint_url", platform.url)
    adapter = HttpAdapter(allow_private=True, sleep=lambda s: None, backoff=0.01, max_retries=1)
    return get_connector(kind, Config(**config), adapter).fetch(cursor)


@tagged("post_install", "-at_install")
class TestRssConnector(BaseCase):
    def test_rss_items_are_plain_text_with_dates_in_utc(self):
        platform = FakePlatform(
            lambda r: Reply(
                sample_bytes("rss_blog.xml"), headers={"Content-Type": "application/rss+xml"}
            )
        ).start(self)
        result = run("rss", platform)
        self.assertEqual([i["external_id"] for i in result.items], ["review-1001", "review-1002"])
        first = result.items[0]
        self.assertIn("comfortable and sturdy", first["body"])
        self.assertNotIn("<b>", first["body"])
        self.assertNotIn("alert", first["body"])
        self.assertEqual(first["posted_at"], datetime(2026, 11, 20, 0, 0))
        self.assertEqual(first["author_name"], "Keiko Sato")
        # the javascript: link is kept as text; only safe_http_url may turn it into a link
        self.assertEqual(result.items[1]["url"], "javascript:alert(1)")

    def test_google_alerts_atom_unwraps_the_google_redirect(self):
        platform = FakePlatform(lambda r: Reply(sample_bytes("atom_google_alerts.xml"))).start(self)
        (item,) = run("rss", platform).items
        self.assertEqual(item["url"], "https://news.example.jp/acme-osaka")
        self.assertTrue(item["body"].startswith("ACME opens a showroom in Osaka"))

    def test_shift_jis_feed_is_decoded(self):
        platform = FakePlatform(lambda r: Reply(sample_bytes("rss_shift_jis.xml"))).start(self)
        (item,) = run("rss", platform).items
        self.assertIn("アクメの椅子を買いました", item["body"])

    def test_wrong_declared_encoding_falls_back_to_the_http_charset(self):
        body = sample_bytes("rss_shift_jis.xml").replace(
            b'encoding="Shift_JIS"', b'encoding="UTF-8"'
        )
        headers = {"Content-Type": "application/rss+xml; charset=Shift_JIS"}
        platform = FakePlatform(lambda r: Reply(body, headers=headers)).start(self)
        (item,) = run("rss", platform).items
        self.assertIn("座り心地が最高です", item["body"])

    def test_a_feed_with_nothing_readable_is_an_error(self):
        platform = FakePlatform(lambda r: Reply(b"<rss><channel><item>")).start(self)
        with self.assertRaisesRegex(FetchError, "Malformed feed"):
            run("rss", platform)

    def test_a_broken_but_readable_feed_is_read_with_a_warning(self):
        # an unescaped "&" (common in hand-made feeds): not XML, still a feed
        body = (
            b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Shop</title>'
            b"<item><guid>p-1</guid><title>Tables & chairs</title><link>https://shop.example.com/1</link>"
            b"<description>Oak & walnut, which is better?</description></item></channel></rss>"
        )
        platform = FakePlatform(lambda r: Reply(body)).start(self)
        result = run("rss", platform)
        (item,) = result.items
        self.assertEqual(item["title"], "Tables & chairs")
        self.assertIn("Oak & walnut", item["body"])
        self.assertTrue(result.warnings, "the fault is reported, not hidden")

    def test_atom_xhtml_content_and_xml_base(self):
        # Atom 1.0 (RFC 4287): type="xhtml" text constructs are an XHTML div; relative links
        # resolve against xml:base (RFC 4287 section 2, XML Base)
        body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://forum.example.org/acme/">
  <title>ACME forum</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-11-20T10:00:00Z</updated>
  <entry xml:base="threads/">
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Is the <b>ACME</b> desk stable?</div></title>
    <link rel="alternate" href="42#post-3"/>
    <id>tag:forum.example.org,2026:post-3</id>
    <published>2026-11-20T09:30:00+09:00</published>
    <updated>2026-11-20T10:00:00Z</updated>
    <author><name>Aiko</name><uri>/users/aiko</uri></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Mine wobbles at <em>full height</em>.</p></div></content>
  </entry>
</feed>"""
        platform = FakePlatform(lambda r: Reply(body)).start(self)
        (item,) = run("rss", platform).items
        self.assertEqual(item["title"], "Is the ACME desk stable?")
        self.assertIn("Mine wobbles at full height.", item["body"])
        self.assertEqual(item["url"], "https://forum.example.org/acme/threads/42#post-3")
        self.assertEqual(item["author_url"], "https://forum.example.org/users/aiko")
        self.assertEqual(item["posted_at"], datetime(2026, 11, 20, 0, 30))

    def test_rss_1_0_rdf_feed(self):
        body = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://blog.example.jp/"><title>Blog</title><link>https://blog.example.jp/</link>
    <items><rdf:Seq><rdf:li rdf:resource="https://blog.example.jp/entry/7"/></rdf:Seq></items></channel>
  <item rdf:about="https://blog.example.jp/entry/7">
    <title>アクメの照明</title><link>https://blog.example.jp/entry/7</link>
    <description>とても明るいです。</description><dc:creator>Ken</dc:creator><dc:date>2026-11-19T12:00:00+09:00</dc:date>
  </item>
</rdf:RDF>""".encode()
        platform = FakePlatform(lambda r: Reply(body)).start(self)
        (item,) = run("rss", platform).items
        self.assertEqual(item["external_id"], "https://blog.example.jp/entry/7")
        self.assertEqual(item["author_name"], "Ken")
        self.assertEqual(item["posted_at"], datetime(2026, 11, 19, 3, 0))

    def test_external_entities_are_never_resolved(self):
        body = (
            b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<rss><channel><item><guid>1</guid><title>&xxe;</title></item></channel></rss>"
        )
        platform = FakePlatform(lambda r: Reply(body)).start(self)
        try:
            result = run("rss", platform)
        except FetchError:
            return  # refusing the document is fine too
        self.assertNotIn("root:", json.dumps([i["body"] for i in result.items]))

    def test_html_page_instead_of_a_feed_is_an_error(self):
        platform = FakePlatform(lambda r: Reply(b"<html><body>Not found</body></html>")).start(self)
        with self.assertRaises(FetchError):
            run("rss", platform)


@tagged("post_install", "-at_install")
class TestMastodonConnector(BaseCase):
    def test_hashtag_timeline_pages_back_with_max_id_until_empty(self):
        page = sample_json("mastodon_tag_timeline.json")

        def handler(request):
            return Reply([] if "max_id" in request["query"] else page)

        platform = FakePlatform(handler).start(self)
        result = run("mastodon", platform, query="#acme")
        self.assertEqual(platform.requests[0]["path"], "/api/v1/timelines/tag/acme")
        self.assertEqual(platform.requests[1]["query"]["max_id"], "113400000000000002")
        self.assertEqual(len(result.items), 2)
        self.assertEqual(json.loads(result.cursor), {"high": 113400000000000003})
        second = result.items[1]
        self.assertEqual(second["author_handle"], "yuki@fedibird.com")
        self.assertEqual(second["lang"], "ja")
        self.assertNotIn("<", second["body"])

    def test_next_run_sends_since_id(self):
        platform = FakePlatform(lambda r: Reply([])).start(self)
        result = run(
            "mastodon", platform, cursor=json.dumps({"high": 113400000000000003}), query="#acme"
        )
        self.assertEqual(platform.requests[0]["query"]["since_id"], "113400000000000003")
        self.assertEqual(json.loads(result.cursor)["high"], 113400000000000003)

    def test_keyword_search_needs_a_user_token(self):
        platform = FakePlatform(lambda r: Reply(sample_json("mastodon_search_statuses.json")))
        platform.start(self)
        with self.assertRaises(FetchError) as caught:
            run("mastodon", platform, query="acme desk")
        self.assertIn("access token", str(caught.exception))
        self.assertEqual(platform.requests, [], "nothing asked that would come back empty")

    def test_keyword_search_with_a_token_pages_with_max_id_only(self):
        page = sample_json("mastodon_search_statuses.json")

        def handler(request):
            empty = {"accounts": [], "statuses": [], "hashtags": []}
            return Reply(empty if "max_id" in request["query"] else page)

        platform = FakePlatform(handler).start(self)
        cursor = json.dumps({"high": 113400000000000003})
        result = run("mastodon", platform, cursor=cursor, query="acme desk", access_token="usr")
        first = platform.requests[0]
        self.assertEqual(first["path"], "/api/v2/search")
        self.assertEqual(first["headers"]["Authorization"], "Bearer usr")
        self.assertEqual(first["query"]["type"], "statuses")
        self.assertNotIn("since_id", first["query"], "not a parameter of search")
        self.assertEqual(platform.requests[1]["query"]["max_id"], "113500000000000019")
        question, boost = result.items
        self.assertEqual(
            question["body"],
            "@acmefurniture does the ACME standing desk come in 160 cm? Asking for my office & home.",
        )
        self.assertEqual(question["lang"], "", "language null: left to the detector")
        # a boost speaks with the original post's words, author and link
        self.assertEqual(boost["author_handle"], "mara@chaos.social")
        self.assertEqual(boost["source_url"], "https://chaos.social/@mara/113499000000000007")
        self.assertEqual(boost["lang"], "de")
        self.assertIn("wackelt", boost["body"])

    def test_a_broken_status_is_skipped_not_its_page(self):
        page = sample_json("mastodon_tag_timeline.json")
        page.insert(1, {"content": "no id here"})
        platform = FakePlatform(lambda r: Reply([] if "max_id" in r["query"] else page)).start(self)
        result = run("mastodon", platform, query="#acme")
        self.assertEqual(len(result.items), 2)
        self.assertEqual(len(result.errors), 1)


@tagged("post_install", "-at_install")
class TestHackerNewsConnector(BaseCase):
    def test_search_by_date_maps_stories_and_comments(self):
        platform = FakePlatform(
            lambda r: Reply(sample_json("hackernews_search_by_date.json"))
        ).start(self)
        result = run("hackernews", platform, query="acme")
        self.assertEqual(platform.requests[0]["path"], "/api/v1/search_by_date")
        comment, story = result.items
        self.assertEqual(comment["url"], "https://news.ycombinator.com/item?id=41000010")
        self.assertIn("The <b>ACME</b> connector works fine", comment["body"])
        self.assertEqual(story["title"], "Ask HN: Which open-source CRM do you use?")
        self.assertEqual(json.loads(result.cursor), {"high": 1794990600})

    def test_paging_uses_the_oldest_timestamp_and_the_cursor_bounds_it(self):
        full = sample_json("hackernews_search_by_date.json")
        full["nbPages"] = 2

        def handler(request):
            if "created_at_i<=" in request["query"].get("numericFilters", ""):
                return Reply({"hits": [], "nbPages": 0})
            return Reply(full)

        platform = FakePlatform(handler).start(self)
        run(
            "hackernews",
            platform,
            cursor=json.dumps({"high": 1794980000}),
            query="acme",
            page_size=2,
        )
        self.assertEqual(
            platform.requests[0]["query"]["numericFilters"], "created_at_i>=1794980000"
        )
        self.assertIn("created_at_i<=1794985200", platform.requests[1]["query"]["numericFilters"])


@tagged("post_install", "-at_install")
class TestRedditConnector(BaseCase):
    def test_oauth_then_search_paged_with_after_until_the_cursor(self):
        listing = sample_json("reddit_search.json")

        def handler(request):
            if request["path"] == "/api/v1/access_token":
                return Reply({"access_token": "tok-1", "token_type": "bearer", "expires_in": 86400})
            if request["query"].get("after") == "t3_1gxyz02":
                older = copy.deepcopy(listing)
                older["data"]["children"] = [older["data"]["children"][1]]
                older["data"]["children"][0]["data"].update(
                    name="t3_old", id="old", created_utc=1700000000.0
                )
                older["data"]["after"] = "t3_older"
                return Reply(older)
            return Reply(listing)

        platform = FakePlatform(handler).start(self)
        result = run(
            "reddit",
            platform,
            cursor=json.dumps({"high": 1794000000.0}),
            query="acme",
            api_key="client",
            api_secret="secret",
            auth_url=platform.url + "/api/v1/access_token",
        )
        token_request = platform.requests[0]
        self.assertEqual(token_request["method"], "POST")
        self.assertTrue(token_request["headers"]["Authorization"].startswith("Basic "))
        self.assertEqual(platform.requests[1]["headers"]["Authorization"], "Bearer tok-1")
        # the second page reached items older than the cursor: the run stops there
        self.assertEqual(len(platform.requests), 3)
        self.assertEqual([i["external_id"] for i in result.items], ["t3_1gxyz03", "t3_1gxyz02"])
        self.assertEqual(
            result.items[0]["url"],
            "https://www.reddit.com/r/OfficeChairs/comments/1gxyz03/acme_ergo_chair_worth_it/",
        )
        self.assertEqual(json.loads(result.cursor), {"high": 1794990000.0})

    def _reddit(self, expires_in=86400):
        """Reddit as its OAuth API behaves: a token for the application's basic auth,
        listings only to a live token (401 otherwise)."""
        issued = []
        listings = {
            "/r/OfficeChairs+homeoffice/comments": sample_json("reddit_comments.json"),
            "/r/OfficeChairs+homeoffice/search": sample_json("reddit_search.json"),
        }

        def handler(request):
            if request["path"] == "/api/v1/access_token":
                if request["headers"].get("Authorization") != "Basic Y2xpZW50OnNlY3JldA==":
                    return Reply({"message": "Unauthorized", "error": 401}, 401)
                issued.append(f"tok-{len(issued) + 1}")
                return Reply(
                    {"access_token": issued[-1], "token_type": "bearer",
                     "expires_in": expires_in, "scope": "*"}
                )  # fmt: skip
            if request["headers"].get("Authorization") != f"Bearer {issued[-1] if issued else ''}":
                return Reply({"message": "Unauthorized", "error": 401}, 401)
            if request["query"].get("after"):
                return Reply({"kind": "Listing", "data": {"after": None, "children": []}})
            return Reply(
                listings.get(request["path"], {"kind": "Listing", "data": {"children": []}})
            )

        platform = FakePlatform(handler).start(self)
        platform.issued = issued
        return platform

    def _reddit_connector(self, platform, query="acme r/OfficeChairs r/homeoffice", session=None):
        adapter = HttpAdapter(allow_private=True, sleep=lambda s: None, backoff=0.01, max_retries=1)
        config = Config(
            endpoint_url=platform.url,
            query=query,
            api_key="client",
            api_secret="secret",
            auth_url=platform.url + "/api/v1/access_token",
            session=session or {},
        )
        return get_connector("reddit", config, adapter)

    def test_comments_of_the_named_subreddits_besides_the_post_search(self):
        platform = self._reddit()
        connector = self._reddit_connector(platform)
        result = connector.fetch()
        paths = [r["path"] for r in platform.requests]
        self.assertIn("/r/OfficeChairs+homeoffice/search", paths)
        self.assertIn("/r/OfficeChairs+homeoffice/comments", paths)
        search = next(r for r in platform.requests if r["path"].endswith("/search"))
        self.assertEqual(search["query"]["restrict_sr"], "1")
        self.assertEqual(search["query"]["q"], "acme")
        comments = [i for i in result.items if i["external_id"].startswith("t1_")]
        # every word of the query, case aside; the removed comment is not interest
        self.assertEqual([c["external_id"] for c in comments], ["t1_lzq0004", "t1_lzq0002"])
        first = comments[0]
        self.assertEqual(first["title"], "ACME Ergo chair worth it?")
        self.assertTrue(first["body"].startswith("I have had the ACME Ergo"))
        self.assertEqual(
            first["url"],
            "https://www.reddit.com/r/OfficeChairs/comments/1gxyz03/acme_ergo_chair_worth_it/lzq0004/",
        )
        cursor = json.loads(result.cursor)
        self.assertEqual(cursor["comments"], {"high": 1794990700.0})
        self.assertEqual(cursor["posts"], {"high": 1794990000.0})

    def test_the_token_is_kept_until_it_expires_and_renewed_when_refused(self):
        platform = self._reddit()
        first = self._reddit_connector(platform)
        first.fetch()
        self.assertEqual(platform.issued, ["tok-1"])
        again = self._reddit_connector(platform, session=first.session)
        again.fetch()
        self.assertEqual(platform.issued, ["tok-1"], "one token for both runs")
        platform.issued.append("revoked-by-reddit")  # tok-1 no longer accepted
        third = self._reddit_connector(platform, session=again.session)
        result = third.fetch()
        self.assertEqual(platform.issued[-1], "tok-3")
        self.assertTrue(result.items)

    def test_an_expired_token_is_renewed_before_asking(self):
        platform = self._reddit()
        platform.issued.append("tok-0")
        expired = {"access_token": "tok-0", "expires_at": time.time() - 1}
        connector = self._reddit_connector(platform, session=expired)
        connector.fetch()
        self.assertEqual(platform.requests[0]["path"], "/api/v1/access_token")
        self.assertEqual(platform.issued, ["tok-0", "tok-2"])
        self.assertEqual(connector.session["access_token"], "tok-2")

    def test_the_cursor_of_a_posts_only_connector_still_counts(self):
        platform = self._reddit()
        connector = self._reddit_connector(platform)
        result = connector.fetch(json.dumps({"high": 1794990000.0}))
        self.assertNotIn("t3_1gxyz02", [i["external_id"] for i in result.items])

    def test_refused_credentials(self):
        platform = FakePlatform(lambda r: Reply({"error": "invalid_grant"}, 401)).start(self)
        with self.assertRaises(FetchError):
            run("reddit", platform, query="acme", api_key="a", api_secret="b",
                auth_url=platform.url + "/api/v1/access_token")  # fmt: skip


@tagged("post_install", "-at_install")
class TestBlueskyConnector(BaseCase):
    def test_logs_in_and_searches_through_the_accounts_service(self):
        servers = BlueskyServers(self)
        connector = servers.connector()
        result = connector.fetch()
        self.assertEqual(servers.paths(servers.entryway), ["com.atproto.server.createSession"])
        self.assertEqual(servers.paths(servers.pds), ["app.bsky.feed.searchPosts"] * 2)
        self.assertEqual(servers.pds.requests[1]["query"]["cursor"], "25")
        self.assertEqual(servers.pds.requests[0]["query"]["sort"], "latest")
        first = result.items[0]
        self.assertEqual(
            first["url"], "https://bsky.app/profile/mika.bsky.social/post/3lbqzzz2abc2k"
        )
        self.assertEqual(first["lang"], "ja")
        self.assertEqual(json.loads(result.cursor)["high"], "2026-11-20T10:00:00.000000")
        # the session is kept for the next run, the password is not in it
        self.assertTrue(connector.session_changed)
        self.assertEqual(connector.session["service"], servers.pds.url)
        self.assertNotIn("abcd-efgh-ijkl-mnop", json.dumps(connector.session))

    def test_the_next_run_reuses_the_session(self):
        servers = BlueskyServers(self)
        first = servers.connector()
        first.fetch()
        again = servers.connector(session=first.session)
        again.fetch(json.dumps({"high": "2026-11-20T10:00:00.000000"}))
        self.assertEqual(servers.paths(servers.entryway), ["com.atproto.server.createSession"])
        self.assertEqual(servers.pds.requests[-1]["query"]["since"], "2026-11-20T10:00:00Z")

    def test_a_token_about_to_expire_is_refreshed_first(self):
        servers = BlueskyServers(self, access_seconds=60)  # inside the renewal margin
        first = servers.connector()
        first.fetch()
        old_refresh = first.session["refreshJwt"]
        servers.entryway.requests.clear()
        servers.pds.requests.clear()
        again = servers.connector(session=first.session)
        again.fetch()
        self.assertEqual(servers.entryway.requests, [], "no new login")
        self.assertEqual(servers.paths(servers.pds)[0], "com.atproto.server.refreshSession")
        self.assertEqual(
            servers.pds.requests[0]["headers"]["Authorization"], f"Bearer {old_refresh}"
        )
        self.assertNotEqual(again.session["refreshJwt"], old_refresh, "the new one is kept")

    def test_a_spent_refresh_token_means_a_new_login(self):
        servers = BlueskyServers(self, access_seconds=60)
        first = servers.connector()
        first.fetch()
        servers.valid_refresh.clear()  # revoked (or used by another copy of the database)
        again = servers.connector(session=first.session)
        result = again.fetch()
        self.assertEqual(
            servers.paths(servers.entryway).count("com.atproto.server.createSession"), 2
        )
        self.assertEqual(len(result.items), 2)

    def test_a_token_refused_before_its_time_logs_in_again_once(self):
        servers = BlueskyServers(self)
        first = servers.connector()
        first.fetch()
        servers.valid_access.clear()  # the server revoked the sessions
        again = servers.connector(session=first.session)
        self.assertEqual(len(again.fetch().items), 2)
        self.assertEqual(
            servers.paths(servers.entryway).count("com.atproto.server.createSession"), 2
        )

    def test_links_quotes_and_cards_read_as_people_see_them(self):
        servers = BlueskyServers(self, page=sample_json("bluesky_search_facets.json"))
        review, quote = servers.connector().fetch().items
        # the shortened link shown in the post is the link itself for us
        self.assertEqual(
            review["body"],
            "Wrote up my ACME desk experience ⭐️ "
            "https://blog.example.net/2026/11/acme-standing-desk-review cc @acme.example",
        )
        self.assertEqual(review["title"], "ACME standing desk review")
        self.assertEqual(review["author_name"], "atproto.example.org", "no display name")
        # a quote speaks with its own words only: the quoted post is someone else's
        self.assertEqual(quote["body"], "これ本当？アクメのサポート早いの？")
        self.assertEqual(quote["lang"], "", "no langs: left to the detector")

    def test_a_wrong_app_password_is_a_clear_error(self):
        servers = BlueskyServers(self)
        with self.assertRaises(FetchError) as caught:
            servers.connector(app_password="wrong").fetch()
        self.assertIn("refused the login", str(caught.exception))
        self.assertEqual(servers.pds.requests, [])

    def test_without_an_account_nothing_is_asked(self):
        servers = BlueskyServers(self)
        with self.assertRaises(FetchError) as caught:
            servers.connector(login="", app_password="").fetch()
        self.assertIn("needs an account", str(caught.exception))
        self.assertEqual(servers.entryway.requests + servers.pds.requests, [])

    def test_rate_limit_and_malformed_answers(self):
        servers = BlueskyServers(self)
        session = servers.connector()
        session.fetch()
        servers.pds.handler = lambda r: Reply(
            {"error": "RateLimitExceeded"}, 429, {"ratelimit-reset": "1", "Retry-After": "3600"}
        )
        with self.assertRaises(RateLimited):
            servers.connector(session=session.session).fetch()
        servers.pds.handler = lambda r: Reply(b"<html>Bad gateway</html>")
        with self.assertRaises(FetchError):
            servers.connector(session=session.session).fetch()


@tagged("post_install", "-at_install")
class TestXConnector(BaseCase):
    def test_recent_search_with_bearer_token_and_next_token(self):
        def handler(request):
            if request["query"].get("next_token"):
                return Reply({"meta": {"result_count": 0}})
            return Reply(sample_json("x_recent_search.json"))

        platform = FakePlatform(handler).start(self)
        result = run("x", platform, query="acme -is:retweet", access_token="AAAA")
        first_request = platform.requests[0]
        self.assertEqual(first_request["path"], "/2/tweets/search/recent")
        self.assertEqual(first_request["headers"]["Authorization"], "Bearer AAAA")
        self.assertEqual(
            platform.requests[1]["query"]["next_token"],
            "b26v89c19zqg8o3fpz2n8wlh0j1l1a1fpnxz3q3k9yqm5",
        )
        first = result.items[0]
        self.assertEqual(first["author_handle"], "pat_dev")
        self.assertEqual(first["author_name"], "Pat <script>alert(1)</script>")  # text, as given
        self.assertEqual(first["url"], "https://x.com/pat_dev/status/1859000000000000003")
        self.assertEqual(json.loads(result.cursor), {"high": 1859000000000000003})

    def test_429_with_reset_header_is_rate_limited(self):
        platform = FakePlatform(
            lambda r: Reply({"title": "Too Many Requests"}, 429, {"Retry-After": "600"})
        ).start(self)
        with self.assertRaises(RateLimited) as caught:
            run("x", platform, query="acme", access_token="AAAA")
        self.assertEqual(caught.exception.retry_after, 600)

    def test_429_without_retry_after_uses_the_rate_limit_reset_header(self):
        reset = str(int(time.time()) + 900)
        platform = FakePlatform(
            lambda r: Reply({"title": "Too Many Requests"}, 429, {"x-rate-limit-reset": reset})
        ).start(self)
        with self.assertRaises(RateLimited) as caught:
            run("x", platform, query="acme", access_token="AAAA")
        self.assertGreater(caught.exception.retry_after, 800)

    def test_max_pages_keeps_the_mark_and_resumes(self):
        page = sample_json("x_recent_search.json")
        platform = FakePlatform(lambda r: Reply(page)).start(self)
        result = run("x", platform, cursor=json.dumps({"high": 100}), query="acme",
                     access_token="AAAA", max_pages=1)  # fmt: skip
        state = json.loads(result.cursor)
        self.assertFalse(result.complete)
        self.assertEqual(state["high"], 100)
        self.assertEqual(state["resume"], page["meta"]["next_token"])
        self.assertEqual(state["pending"], 1859000000000000003)
        # the next run continues from the resume token, bounded by the old mark
        platform.handler = lambda r: Reply({"meta": {"result_count": 0}})
        result = run("x", platform, cursor=result.cursor, query="acme", access_token="AAAA")
        self.assertEqual(platform.requests[-1]["query"]["next_token"], page["meta"]["next_token"])
        self.assertEqual(platform.requests[-1]["query"]["since_id"], "100")
        self.assertEqual(json.loads(result.cursor), {"high": 1859000000000000003})


@tagged("post_install", "-at_install")
class TestXAwkwardParts(BaseCase):
    def test_long_posts_missing_and_withheld_authors(self):
        platform = FakePlatform(lambda r: Reply(sample_json("x_recent_search_awkward.json"))).start(
            self
        )
        long_post, orphan, emoji = run("x", platform, query="acme", access_token="AAAA").items
        request = platform.requests[0]["query"]
        self.assertIn("note_tweet", request["tweet.fields"])
        self.assertTrue(long_post["body"].endswith("but not the 160 cm version."))
        self.assertEqual(long_post["author_followers"], 15230)
        # an author X no longer returns: the post is kept, linked through x.com/i/
        self.assertEqual(orphan["url"], "https://x.com/i/status/1859000000000000100")
        self.assertEqual(orphan["author_handle"], "")
        self.assertEqual(orphan["lang"], "ja")
        self.assertEqual(emoji["lang"], "", "zxx: no language")
        self.assertEqual(emoji["author_handle"], "withheld_person")


@tagged("post_install", "-at_install")
class TestYoutubeConnector(BaseCase):
    def test_comment_threads_with_api_key_and_page_token(self):
        def handler(request):
            if request["path"].endswith("/comments"):  # the reply the thread did not carry
                return Reply({"kind": "youtube#commentListResponse", "items": []})
            if request["query"].get("pageToken"):
                return Reply({"kind": "youtube#commentThreadListResponse", "items": []})
            return Reply(sample_json("youtube_comment_threads.json"))

        platform = FakePlatform(handler).start(self)
        result = run("youtube", platform, query="dQw4w9WgXcQ", api_key="KEY")
        threads = [r for r in platform.requests if r["path"].endswith("/commentThreads")]
        self.assertEqual(threads[0]["query"]["videoId"], "dQw4w9WgXcQ")
        self.assertEqual(threads[0]["query"]["part"], "snippet,replies")
        self.assertEqual(threads[0]["headers"]["X-Goog-Api-Key"], "KEY")
        self.assertNotIn("key", threads[0]["query"], "no key in the URL")
        self.assertEqual(threads[1]["query"]["pageToken"], "QURTSl9pM3Z0c1E")
        (replies,) = [r for r in platform.requests if r["path"].endswith("/comments")]
        self.assertEqual(replies["query"]["parentId"], "UgzGHIJKL0987654321")
        first = result.items[0]
        self.assertEqual(
            first["url"], "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzABCDEF1234567890"
        )
        self.assertEqual(first["author_handle"], "office_guru")

    def _youtube(self):
        """The Data API as it answers: search, comment threads (with replies) and the
        replies of a thread, paged; every request must carry the key in its header."""
        replies_pages = [
            sample_json("youtube_comments_replies.json"),
            {"kind": "youtube#commentListResponse", "items": [
                {"kind": "youtube#comment", "id": "UgxKREWxIgDrw8w2e_Z4AaABAg.9zR6last",
                 "snippet": {"textOriginal": "Fixed mine with a wall mount",
                             "authorDisplayName": "@wallmount",
                             "parentId": "UgxKREWxIgDrw8w2e_Z4AaABAg",
                             "publishedAt": "2026-11-20T12:00:00Z"}}]},
        ]  # fmt: skip

        def handler(request):
            if request["headers"].get("X-Goog-Api-Key") != "KEY":
                return Reply({"error": {"code": 403, "message": "API key not valid"}}, 403)
            path, query = request["path"], request["query"]
            if path.endswith("/search"):
                return Reply(sample_json("youtube_search_list.json"))
            if path.endswith("/comments"):
                return Reply(replies_pages[1 if query.get("pageToken") else 0])
            if query.get("videoId") == "Ks-_Mh1QhMc" and not query.get("pageToken"):
                return Reply(sample_json("youtube_threads_with_replies.json"))
            return Reply({"kind": "youtube#commentThreadListResponse", "items": []})

        return FakePlatform(handler).start(self)

    def _youtube_connector(self, platform, query="acme desk", daily_quota=0, session=None):
        adapter = HttpAdapter(allow_private=True, sleep=lambda s: None, backoff=0.01, max_retries=1)
        config = Config(endpoint_url=platform.url, query=query, api_key="KEY",
                        daily_quota=daily_quota, session=session or {})  # fmt: skip
        return get_connector("youtube", config, adapter)

    def test_keyword_search_then_the_comments_and_replies_of_the_videos_found(self):
        platform = self._youtube()
        connector = self._youtube_connector(platform)
        result = connector.fetch()
        search = platform.requests[0]
        self.assertEqual(search["path"], "/youtube/v3/search")
        self.assertEqual(
            (search["query"]["type"], search["query"]["order"], search["query"]["q"]),
            ("video", "date", "acme desk"),
        )
        self.assertNotIn("publishedAfter", search["query"])
        ids = [item["external_id"] for item in result.items]
        # the thread, its three replies (two read with comments.list, paged), the channel's
        self.assertEqual(
            ids,
            [
                "UgxKREWxIgDrw8w2e_Z4AaABAg",
                "UgxKREWxIgDrw8w2e_Z4AaABAg.9zR3kQ1aB2C9zR4xYz",
                "UgxKREWxIgDrw8w2e_Z4AaABAg.9zR5aaaBBBccc",
                "UgxKREWxIgDrw8w2e_Z4AaABAg.9zR6last",
                "UgyChannelDiscussion00001",
            ],
        )
        thread, reply = result.items[0], result.items[2]
        self.assertEqual(
            thread["body"], "Does the ACME desk wobble at full height? Mine does & it's annoying"
        )
        self.assertEqual(
            reply["url"],
            "https://www.youtube.com/watch?v=Ks-_Mh1QhMc&lc=UgxKREWxIgDrw8w2e_Z4AaABAg.9zR5aaaBBBccc",
        )
        self.assertEqual(
            result.items[-1]["url"],
            "https://www.youtube.com/channel/UCreviewer000000000000/discussion?lc=UgyChannelDiscussion00001",
        )
        # search 100 units; 2 comment-thread pages, 2 reply pages: 1 each
        self.assertEqual(connector.session["quota_used"], 104)
        cursor = json.loads(result.cursor)
        self.assertEqual(set(cursor["videos"]), {"Ks-_Mh1QhMc", "9bZkp7q19f0"})
        # the next run searches only what was published since, and goes on from the marks
        again = self._youtube_connector(platform, session=connector.session)
        again.fetch(result.cursor)
        next_search = [r for r in platform.requests if r["path"].endswith("/search")][-1]
        self.assertEqual(next_search["query"]["publishedAfter"], cursor["searched"])

    def test_the_daily_budget_is_never_exceeded(self):
        platform = self._youtube()
        # the search (100) and the first video (a page of threads, two of replies) fit; the
        # second video's page would not
        connector = self._youtube_connector(platform, daily_quota=103)
        result = connector.fetch()
        self.assertEqual(connector.session["quota_used"], 103)
        self.assertTrue(any("quota" in warning for warning in result.warnings))
        self.assertTrue(result.items, "what was read before the budget ran out is kept")
        # the same day, the budget spent: nothing is asked any more
        before = len(platform.requests)
        spent = self._youtube_connector(platform, daily_quota=103, session=connector.session)
        spent.fetch(result.cursor)
        self.assertEqual(len(platform.requests), before)

    def test_a_spent_budget_on_a_video_waits_for_the_quota_day(self):
        platform = self._youtube()
        connector = self._youtube_connector(platform, query="Ks-_Mh1QhMc", daily_quota=1)
        with self.assertRaises(RateLimited) as caught:
            connector.fetch()  # one page of threads (1), its replies would be more
        self.assertGreater(caught.exception.retry_after, 0)
        self.assertLessEqual(caught.exception.retry_after, 24 * 3600)
        self.assertEqual(connector.session["quota_used"], 1)

    def test_quota_error_body(self):
        error = {
            "error": {
                "code": 403,
                "message": "quota exceeded",
                "errors": [{"reason": "quotaExceeded"}],
            }
        }
        platform = FakePlatform(lambda r: Reply(error, 403)).start(self)
        # Google's "quotaExceeded": the run waits for the quota day to turn (not an error
        # of the connector's settings)
        with self.assertRaises(RateLimited) as caught:
            run("youtube", platform, query="dQw4w9WgXcQ", api_key="KEY")
        self.assertGreater(caught.exception.retry_after, 0)


@tagged("post_install", "-at_install")
class TestVkConnector(BaseCase):
    def test_newsfeed_search_with_profiles_and_groups(self):
        def handler(request):
            if form(request).get("start_from"):
                return Reply({"response": {"items": [], "count": 0}})
            return Reply(sample_json("vk_newsfeed_search.json"))

        platform = FakePlatform(handler).start(self)
        result = run("vk", platform, query="acme", access_token="vk1.a.token")
        self.assertEqual(platform.requests[0]["path"], "/method/newsfeed.search")
        self.assertEqual(form(platform.requests[0])["access_token"], "vk1.a.token")
        self.assertFalse(platform.requests[0]["query"], "the token stays out of the URL")
        self.assertEqual(form(platform.requests[1])["start_from"], "2/-555000_880")
        person, group = result.items
        self.assertEqual(person["author_name"], "Ivan Petrov")
        self.assertEqual(person["url"], "https://vk.com/wall1234567_4521")
        self.assertEqual(group["author_name"], "Office deals")
        self.assertEqual(group["external_id"], "-555000_880")

    def test_vk_too_many_requests_error_is_rate_limited(self):
        error = {
            "error": {
                "error_code": 6,
                "error_msg": "Too many requests per second",
                "request_params": [],
            }
        }
        platform = FakePlatform(lambda r: Reply(error)).start(self)
        with self.assertRaises(RateLimited):
            run("vk", platform, query="acme", access_token="t")

    def test_wall_comments_page_by_offset(self):
        comments = {"response": {"count": 1, "items": [{"id": 7, "from_id": 1234567, "date": 1794990000, "text": "Где купить?"}],
                                 "profiles": [{"id": 1234567, "first_name": "Ivan", "last_name": "Petrov", "screen_name": "ivan_p"}]}}  # fmt: skip
        platform = FakePlatform(lambda r: Reply(comments)).start(self)
        (item,) = run("vk", platform, query="wall:-555000_880", access_token="t").items
        self.assertEqual(platform.requests[0]["path"], "/method/wall.getComments")
        self.assertEqual(item["url"], "https://vk.com/wall-555000_880?reply=7")


@tagged("post_install", "-at_install")
class TestWebhookMappers(BaseCase):
    def test_facebook_page_comment_kept_reaction_ignored(self):
        items, errors = map_meta_webhook(sample_json("meta_page_feed_webhook.json"))
        self.assertEqual(errors, [])
        (item,) = items
        self.assertEqual(item["external_id"], "987654321_111222333")
        self.assertEqual(item["author_name"], "Maria Garcia")
        self.assertEqual(item["platform"], "facebook")

    def test_instagram_comment(self):
        (item,), _errors = map_meta_webhook(sample_json("instagram_comments_webhook.json"))
        self.assertEqual(item["author_handle"], "kana.home")
        self.assertEqual(item["platform"], "instagram")

    def test_generic_items_need_id_and_text(self):
        items, errors = map_generic_webhook(
            {"items": [{"id": "1", "text": "hi"}, {"text": "no id"}]}
        )
        self.assertEqual(len(items), 1)
        self.assertEqual(len(errors), 1)
        with self.assertRaises(ValueError):
            map_generic_webhook({"nothing": True})


JSON_KINDS = {
    "mastodon": {"query": "#acme"},
    "hackernews": {"query": "acme"},
    "bluesky": {"query": "acme", "login": "me.bsky.social", "app_password": "p"},
    "x": {"query": "acme", "access_token": "t"},
    "youtube": {"query": "vid", "api_key": "k"},
    "vk": {"query": "acme", "access_token": "t"},
}


REDDIT = {"query": "acme", "api_key": "client", "api_secret": "secret"}


@tagged("post_install", "-at_install")
class TestEveryJsonConnectorOnBadInput(BaseCase):
    def test_malformed_json_is_an_error_for_every_kind(self):
        platform = FakePlatform(lambda r: Reply(b'{"data": [ {"id": ')).start(self)
        for kind, config in JSON_KINDS.items():
            with self.subTest(kind=kind), self.assertRaisesRegex(FetchError, "Malformed JSON"):
                run(kind, platform, **config)

    def test_unexpected_shape_is_an_error_for_every_kind(self):
        platform = FakePlatform(lambda r: Reply({"unexpected": "shape"})).start(self)
        for kind, config in JSON_KINDS.items():
            if kind == "x":
                continue  # an X page without "data" is an empty page (no match)
            with self.subTest(kind=kind), self.assertRaises(FetchError):
                run(kind, platform, **config)

    def test_json_in_a_legacy_encoding_is_decoded_by_its_charset(self):
        body = json.dumps(
            [{"id": "1", "content": "<p>café crème</p>", "account": {}}], ensure_ascii=False
        )
        headers = {"Content-Type": "application/json; charset=iso-8859-1"}
        platform = FakePlatform(
            lambda r: Reply(
                [] if "max_id" in r["query"] else body.encode("latin-1"), headers=headers
            )
        ).start(self)
        (item,) = run("mastodon", platform, query="#acme").items
        self.assertEqual(item["body"], "café crème")

    def test_refused_credentials_are_a_clear_error_for_every_kind(self):
        # 401 (no or dead credentials) and 403 (not allowed, quota): a failure of the run,
        # never a silent empty success, never retried as if the platform were busy
        for status in (401, 403):
            body = {"error": "Unauthorized" if status == 401 else "Forbidden"}
            platform = FakePlatform(lambda r, s=status, b=body: Reply(b, s)).start(self)
            for kind, config in dict(JSON_KINDS, reddit=REDDIT).items():
                config = (
                    dict(config, auth_url=platform.url + "/token") if kind == "reddit" else config
                )
                with self.subTest(kind=kind, status=status):
                    with self.assertRaises(FetchError) as caught:
                        run(kind, platform, **config)
                    self.assertNotIsInstance(caught.exception, RateLimited)

    def test_server_errors_and_429_for_every_kind(self):
        for status in (429, 500, 503):
            platform = FakePlatform(
                lambda r, s=status: Reply({}, s, {"Retry-After": "3600"})
            ).start(self)
            for kind, config in JSON_KINDS.items():
                with self.subTest(kind=kind, status=status), self.assertRaises(RateLimited):
                    run(kind, platform, **config)
