"""Outbound HTTP for everything the suite downloads: one guard, one error hierarchy.

Every request made on behalf of data from the internet (an author's photo named in an e-mail,
a listening connector's API or feed) goes through here, so a security rule is written once:

- only http(s) URLs with a host; hosts resolving to loopback, private, link-local, reserved or
  multicast addresses are refused unless the caller explicitly allows them (an admin's choice;
  tests on a loopback server do);
- redirects are followed by hand (at most :data:`MAX_REDIRECTS`) and every hop is checked the
  same way, so a public URL cannot bounce us into the private network;
- the body is read under a size cap, and the whole request (every hop and the body) must end
  before an overall deadline, whatever the server's pace;
- credentials never leave their host: a redirect to another host drops the ``Authorization``
  header, cookies and basic auth; error messages (stored on records, written to logs) carry
  no query string values, where keys and tokens travel;
- :class:`HttpAdapter` retries 429 and 5xx a few times with exponential backoff honouring
  ``Retry-After``; when the wait would be too long it raises :class:`RateLimited` with the
  delay so that the caller schedules the next run instead of blocking a worker.
"""

import ipaddress
import json
import re
import socket
import time
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests

DEFAULT_TIMEOUT = 20  # seconds, for connecting and for each read
DEFAULT_DEADLINE = 120  # seconds for a whole request: every hop and the body
MAX_BODY = 10 * 1024 * 1024
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "OdooSocialListening/18.0 (+https://github.com/social-crm/social-crm)"
MAX_RETRY_AFTER = 7 * 24 * 3600  # a longer wait asked by a server is taken as this one
# headers that carry a credential: never sent on to another host
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie")
# a query parameter's value in any URL quoted by a message
_QUERY_VALUE = re.compile(r"([?&][^=&#\s'\"]+=)[^&#\s'\"]*")


def redact(text):
    """``text`` with the value of every query parameter of the URLs in it masked (API keys
    and tokens travel there), for messages that are stored or logged."""
    return _QUERY_VALUE.sub(r"\1***", str(text))


class FetchError(Exception):
    """A request that failed for good (bad URL, refused host, 4xx, unreadable or too large
    body); ``status`` is the HTTP status when there was one."""

    def __init__(self, message, status=None):
        super().__init__(redact(message))
        self.status = status


class TransientError(FetchError):
    """Worth retrying later (network failure, timeout); ``retry_after`` seconds when known."""

    def __init__(self, message, retry_after=None, status=None):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class RateLimited(TransientError):
    """The platform asks us to come back later (429, 5xx after retries)."""


def check_url(url, allow_private=False, resolve=socket.getaddrinfo):
    """Raise :class:`FetchError` unless ``url`` is http(s) to a host we may reach.

    Private, loopback, link-local, multicast and reserved targets are refused unless
    ``allow_private``.
    """
    try:
        parts = urlsplit(url or "")
        hostname = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"Invalid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not hostname:
        raise FetchError(f"Only http(s) URLs with a host are fetched, not {url!r}")
    if allow_private:
        return
    try:
        infos = resolve(hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError, ValueError) as exc:
        raise FetchError(f"Cannot resolve {hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not address.is_global or address.is_multicast:
            raise FetchError(f"{hostname} resolves to a non-public address ({address}): refused")


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(int(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return min(max(0, int(when.timestamp() - now)), MAX_RETRY_AFTER)


class Deadline:
    """The moment a whole request must be over by."""

    def __init__(self, seconds):
        self.at = time.monotonic() + seconds

    def remaining(self):
        """Seconds left; raises :class:`TransientError` when there are none."""
        left = self.at - time.monotonic()
        if left <= 0:
            raise TransientError("Timed out")
        return left


def open_checked(session, method, url, deadline, timeout=DEFAULT_TIMEOUT, allow_private=False,
                 **kwargs):  # fmt: skip
    """The streamed response of ``method url`` after the redirects, each hop checked.

    The body is not read yet (see :func:`read_capped`); the caller closes the response.
    """
    for _hop in range(MAX_REDIRECTS + 1):
        check_url(url, allow_private)
        try:
            response = session.request(
                method,
                url,
                timeout=min(timeout, deadline.remaining()),
                allow_redirects=False,
                stream=True,
                **kwargs,
            )
        except requests.RequestException as exc:
            # A network failure is transient: the caller backs off and retries later.
            raise TransientError(f"Network error: {exc}") from exc
        if response.is_redirect and response.headers.get("Location"):
            target = urljoin(url, response.headers["Location"])
            kwargs.pop("params", None)  # the Location already carries its query
            if urlsplit(target).netloc.lower() != urlsplit(url).netloc.lower():
                kwargs = _without_credentials(kwargs)
                session = _bare_session(session)
            url = target
            response.close()
            if response.status_code in (301, 302, 303) and method == "POST":
                method, kwargs = "GET", {k: v for k, v in kwargs.items() if k != "data"}
            continue
        return response
    raise FetchError(f"Too many redirects for {url}")


def _without_credentials(kwargs):
    """The request's arguments for another host: no basic auth, no credential header."""
    kwargs = {k: v for k, v in kwargs.items() if k != "auth"}
    if kwargs.get("headers"):
        kwargs["headers"] = {
            k: v for k, v in kwargs["headers"].items() if k.lower() not in CREDENTIAL_HEADERS
        }
    return kwargs


def _bare_session(session):
    """A session for another host: the same headers less the credentials, no cookies."""
    bare = requests.Session()
    bare.headers.update(
        {k: v for k, v in session.headers.items() if k.lower() not in CREDENTIAL_HEADERS}
    )
    return bare


def read_capped(response, max_bytes, deadline):
    """The body of ``response``, refused past ``max_bytes`` or after ``deadline``."""
    length = response.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        response.close()
        raise FetchError(f"Response too large ({length} bytes)")
    chunks, size = [], 0
    try:
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"Response larger than {max_bytes} bytes")
            chunks.append(chunk)
            deadline.remaining()
    except requests.RequestException as exc:
        raise TransientError(f"Network error: {exc}") from exc
    except FetchError:
        response.close()
        raise
    return b"".join(chunks)


def fetch_image(url, max_bytes=1_048_576, timeout=3.0, allow_private=False, session=None):
    """Return ``(bytes, mimetype)`` of the raster image at ``url``; raise ``FetchError``
    otherwise. The whole download must finish within ``timeout`` seconds and ``max_bytes``."""
    deadline = Deadline(timeout)
    response = open_checked(
        session or requests,
        "GET",
        url,
        deadline,
        timeout=timeout,
        allow_private=allow_private,
        headers={"Accept": "image/*"},
    )
    with response:
        if response.status_code != 200:
            raise FetchError(f"HTTP {response.status_code}", status=response.status_code)
        mimetype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if not mimetype.startswith("image/") or mimetype == "image/svg+xml":
            raise FetchError(f"Not a raster image: {mimetype or 'no content type'}")
        return read_capped(response, max_bytes, deadline), mimetype


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
        deadline=DEFAULT_DEADLINE,
    ):
        self.allow_private = allow_private
        self.timeout = timeout
        self.deadline = deadline
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
            response = self._request_once(method, url, **kwargs)
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
        return min(delay, MAX_RETRY_AFTER)

    def _request_once(self, method, url, **kwargs):
        """One attempt: redirects followed and checked, body read within the limits."""
        deadline = Deadline(self.deadline)
        self.requests_made += 1
        response = open_checked(
            self.session,
            method,
            url,
            deadline,
            timeout=self.timeout,
            allow_private=self.allow_private,
            **kwargs,
        )
        response._content = read_capped(response, self.max_body, deadline)
        return response

    @staticmethod
    def _error_text(response):
        snippet = response.content[:300].decode("utf-8", "replace")
        return f"HTTP {response.status_code} from {urlsplit(response.url).hostname}: {snippet}"
