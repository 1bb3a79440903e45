"""The HTTP side of a connector: one small adapter that speaks HTTP and nothing else.

- only http(s) URLs; hosts resolving to loopback, private, link-local, reserved or multicast
  addresses are refused unless the connector explicitly allows them (tests on loopback do);
- redirects are followed by hand (at most 3) and every hop is checked the same way;
- every request has a connect and a read timeout and a cap on the body size;
- 429 and 5xx are retried a few times with exponential backoff honouring ``Retry-After``;
  when the wait would be too long the adapter raises :class:`RateLimited` with the delay so
  that the caller can schedule the next run instead of blocking a worker.
"""

import ipaddress
import json
import socket
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests

DEFAULT_TIMEOUT = 20  # seconds, for connecting and for each read
MAX_BODY = 10 * 1024 * 1024
MAX_REDIRECTS = 3
USER_AGENT = "OdooSocialListening/18.0 (+https://github.com/social-crm/social-crm)"


class FetchError(Exception):
    """A request that failed for good (bad URL, refused host, 4xx, unreadable body)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class TransientError(FetchError):
    """Worth retrying later (network failure); ``retry_after`` seconds when known."""

    def __init__(self, message, retry_after=None, status=None):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class RateLimited(TransientError):
    """The platform asks us to come back later (429, 5xx after retries)."""


def check_url(url, allow_private=False, resolve=socket.getaddrinfo):
    """Raise :class:`FetchError` unless ``url`` is http(s) to an allowed host."""
    try:
        parts = urlsplit(url or "")
    except ValueError as exc:
        raise FetchError(f"Invalid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"Only http(s) URLs are allowed, not {url!r}")
    if allow_private:
        return
    try:
        infos = resolve(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as exc:
        raise FetchError(f"Cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(
                f"{parts.hostname} resolves to a non-public address ({address}): refused"
            )


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0, int(when.timestamp() - now))


class HttpAdapter:
    """GET/POST with the safety rules above. One instance per connector run."""

    def __init__(
        self,
        allow_private=False,
        timeout=DEFAULT_TIMEOUT,
        max_retries=3,
        backoff=1.0,
        max_wait=10.0,
        max_body=MAX_BODY,
        sleep=time.sleep,
        session=None,
    ):
        self.allow_private = allow_private
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_body = max_body
        self.sleep = sleep
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests_made = 0

    # ------------------------------------------------------------------ public

    def get_json(self, url, params=None, headers=None):
        response = self.request("GET", url, params=params, headers=headers)
        return self.decode_json(response)

    def post_form_json(self, url, data, auth=None, headers=None):
        response = self.request("POST", url, data=data, auth=auth, headers=headers)
        return self.decode_json(response)

    def get_bytes(self, url, params=None, headers=None):
        return self.request("GET", url, params=params, headers=headers)

    @staticmethod
    def decode_json(response):
        try:
            return json.loads(response.content.decode(response.encoding or "utf-8"))
        except (ValueError, UnicodeDecodeError, LookupError) as exc:
            raise FetchError(f"Malformed JSON from {response.url}: {exc}") from exc

    def request(self, method, url, **kwargs):
        """The response (2xx) of ``method url``, retried on 429/5xx; raises otherwise."""
        attempt = 0
        while True:
            response = self._request_following_redirects(method, url, **kwargs)
            status = response.status_code
            if 200 <= status < 300:
                return response
            if status == 429 or status >= 500:
                wait = self._retry_delay(response, attempt)
                if attempt < self.max_retries and wait <= self.max_wait:
                    attempt += 1
                    self.sleep(wait)
                    continue
                raise RateLimited(
                    f"HTTP {status} from {urlsplit(url).hostname}", retry_after=wait, status=status
                )
            raise FetchError(self._error_text(response), status=status)

    # ------------------------------------------------------------------ helpers

    def _retry_delay(self, response, attempt):
        delay = parse_retry_after(response.headers.get("Retry-After"))
        reset = response.headers.get("x-rate-limit-reset")  # X (Twitter): epoch seconds
        if delay is None and reset and reset.isdigit():
            delay = max(0, int(reset) - int(time.time()))
        if delay is None:
            delay = self.backoff * (2**attempt)
        return delay

    def _request_following_redirects(self, method, url, **kwargs):
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url, self.allow_private)
            self.requests_made += 1
            try:
                response = self.session.request(
                    method,
                    url,
                    timeout=self.timeout,
                    allow_redirects=False,
                    stream=True,
                    **kwargs,
                )
            except requests.RequestException as exc:
                # A network failure is transient: the caller backs off and retries later.
                raise TransientError(f"Network error: {exc}") from exc
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                kwargs.pop("params", None)  # the Location already carries its query
                response.close()
                if response.status_code in (301, 302, 303) and method == "POST":
                    method, kwargs = "GET", {k: v for k, v in kwargs.items() if k != "data"}
                continue
            self._read_capped(response)
            return response
        raise FetchError(f"Too many redirects for {url}")

    def _read_capped(self, response):
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_body:
            response.close()
            raise FetchError(f"Response too large ({length} bytes)")
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > self.max_body:
                response.close()
                raise FetchError(f"Response larger than {self.max_body} bytes")
            chunks.append(chunk)
        response._content = b"".join(chunks)

    @staticmethod
    def _error_text(response):
        snippet = response.content[:300].decode("utf-8", "replace")
        return f"HTTP {response.status_code} from {urlsplit(response.url).hostname}: {snippet}"
