from odoo.tests import BaseCase, tagged

from odoo.addons.social_interest.lib.http import (
    FetchError,
    HttpAdapter,
    RateLimited,
    TransientError,
    check_url,
    parse_retry_after,
)

from .fake_platform import FakePlatform, Reply


def adapter(**kwargs):
    sleeps = []
    kwargs.setdefault("allow_private", True)  # the fake platform lives on loopback
    kwargs.setdefault("backoff", 0.01)
    return HttpAdapter(sleep=sleeps.append, **kwargs), sleeps


@tagged("post_install", "-at_install")
class TestUrlChecks(BaseCase):
    def test_only_http_and_https(self):
        for url in ("javascript:alert(1)", "ftp://example.com/feed", "file:///etc/passwd", ""):
            with self.assertRaises(FetchError, msg=url):
                check_url(url, allow_private=True)

    def test_loopback_private_and_link_local_refused_by_default(self):
        for url in (
            "http://127.0.0.1/feed",
            "http://localhost:8069/web",
            "http://10.1.2.3/",
            "http://192.168.0.10/",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/",
        ):
            with self.assertRaises(FetchError, msg=url):
                check_url(url)

    def test_loopback_allowed_when_the_connector_allows_it(self):
        check_url("http://127.0.0.1:8000/feed", allow_private=True)

    def test_retry_after_in_seconds_and_as_http_date(self):
        self.assertEqual(parse_retry_after("120"), 120)
        self.assertEqual(parse_retry_after("Fri, 20 Nov 2026 10:00:30 GMT", now=1795168800), 30)
        self.assertIsNone(parse_retry_after("soon"))


@tagged("post_install", "-at_install")
class TestHttpAdapter(BaseCase):
    def test_loopback_server_refused_without_permission(self):
        platform = FakePlatform().start(self)
        http, _sleeps = adapter(allow_private=False)
        with self.assertRaises(FetchError):
            http.get_json(platform.url + "/api")
        self.assertEqual(platform.requests, [])

    def test_429_with_retry_after_is_waited_then_retried(self):
        replies = [Reply({"error": "slow down"}, 429, {"Retry-After": "2"}), Reply({"ok": 1})]
        platform = FakePlatform(lambda r: replies.pop(0)).start(self)
        http, sleeps = adapter()
        self.assertEqual(http.get_json(platform.url + "/api"), {"ok": 1})
        self.assertEqual(sleeps, [2])
        self.assertEqual(len(platform.requests), 2)

    def test_long_retry_after_raises_rate_limited_with_the_delay(self):
        platform = FakePlatform(lambda r: Reply({}, 429, {"Retry-After": "900"})).start(self)
        http, sleeps = adapter()
        with self.assertRaises(RateLimited) as caught:
            http.get_json(platform.url + "/api")
        self.assertEqual(caught.exception.retry_after, 900)
        self.assertEqual(sleeps, [])

    def test_5xx_backs_off_exponentially_then_gives_up(self):
        platform = FakePlatform(lambda r: Reply({}, 503)).start(self)
        http, sleeps = adapter(max_retries=3, backoff=0.5)
        with self.assertRaises(RateLimited):
            http.get_json(platform.url + "/api")
        self.assertEqual(sleeps, [0.5, 1.0, 2.0])
        self.assertEqual(len(platform.requests), 4)

    def test_4xx_is_a_plain_error(self):
        platform = FakePlatform(lambda r: Reply({"error": "bad token"}, 401)).start(self)
        http, _sleeps = adapter()
        with self.assertRaises(FetchError) as caught:
            http.get_json(platform.url + "/api")
        self.assertNotIsInstance(caught.exception, TransientError)
        self.assertEqual(caught.exception.status, 401)

    def test_malformed_json(self):
        platform = FakePlatform(lambda r: Reply(b'{"data": [1, 2', 200)).start(self)
        http, _sleeps = adapter()
        with self.assertRaisesRegex(FetchError, "Malformed JSON"):
            http.get_json(platform.url + "/api")

    def test_body_over_the_cap_is_refused(self):
        platform = FakePlatform(lambda r: Reply(b"x" * 5000)).start(self)
        http, _sleeps = adapter(max_body=1000)
        with self.assertRaisesRegex(FetchError, "too large|larger"):
            http.get_bytes(platform.url + "/big")

    def test_slow_server_times_out(self):
        # Odoo's test harness raises any timeout under 10 s to 10 s: the server is slower.
        platform = FakePlatform(lambda r: Reply({}, delay=11)).start(self)
        http, _sleeps = adapter(timeout=1)
        with self.assertRaises(TransientError):
            http.get_json(platform.url + "/slow")

    def test_redirect_hops_are_checked_too(self):
        platform = FakePlatform(
            lambda r: Reply(b"", 302, {"Location": "file:///etc/passwd"})
        ).start(self)
        http, _sleeps = adapter()
        with self.assertRaisesRegex(FetchError, "http"):
            http.get_bytes(platform.url + "/moved")

    def test_redirect_to_an_allowed_url_is_followed(self):
        def handler(request):
            if request["path"] == "/old":
                return Reply(b"", 301, {"Location": "/new"})
            return Reply({"here": True})

        platform = FakePlatform(handler).start(self)
        http, _sleeps = adapter()
        self.assertEqual(http.get_json(platform.url + "/old"), {"here": True})
