"""Outbound HTTP for everything the suite downloads: one guard, one error hierarchy.

Every request made on behalf of data from the internet (an author's photo named in an e-mail,
a listening connector's API or feed) goes through here, so a security rule is written once:

- only http(s) URLs with a host; hosts resolving to loopback, private, link-local, reserved or
  multicast addresses are refused unless the caller explicitly allows them (an admin's choice;
  tests on a loopback server do);
- the address checked is the address connected to: the host is resolved once, when the
  connection is made, and that connection goes to the address that passed the check (a DNS
  answer that changes in between, "DNS rebinding", cannot move it to another);
- redirects are followed by hand (at most :data:`MAX_REDIRECTS`) and every hop is checked the
  same way, so a public URL cannot bounce us into the private network;
- the body is read under a size cap, and the whole request (every hop and the body) must end
  before an overall deadline, whatever the server's pace;
- credentials and bodies never leave their origin: a redirect to another host, port or
  scheme (https → http too) drops the ``Authorization`` header, cookies, basic auth and the
  request's body (a login's password); a 303, or a 301/302 after a POST, is followed by a
  GET without body; error messages (stored on records, written to logs) carry
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

import dns.exception
import dns.resolver
import requests
from requests.adapters import HTTPAdapter as _TransportAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

DEFAULT_TIMEOUT = 20  # seconds, for connecting and for each read
DEFAULT_DEADLINE = 120  # seconds for a whole request: every hop and the body
MAX_BODY = 10 * 1024 * 1024
MAX_REDIRECTS = 3
CHUNK = 64 * 1024
USER_AGENT = "OdooSocialListening/18.0 (+https://github.com/social-crm/social-crm)"
MAX_RETRY_AFTER = 7 * 24 * 3600  # a longer wait asked by a server is taken as this one
# headers that carry a credential: never sent on to another host
CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie")
# a query parameter's value in any URL quoted by a message; the name stops at the next
# "?" or "&" and is bounded, so that every try is short: text made of thousands of "?" is
# redacted in linear time
_QUERY_VALUE = re.compile(r"([?&][^=?&#\s'\"]{1,256}=)[^&#\s'\"]*")
# the longest message redacted: longer text (an error quoting a forged URL) is cut first
MAX_REDACTED = 4000


def redact(text):
    """``text`` with the value of every query parameter of the URLs in it masked (API keys
    and tokens travel there), for messages that are stored or logged; cut to
    :data:`MAX_REDACTED` characters."""
    text = str(text)
    if len(text) > MAX_REDACTED:
        text = text[:MAX_REDACTED] + "…"
    return _QUERY_VALUE.sub(r"\1***", text)


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


def system_resolver(host, port):
    """The addresses of ``host`` from the system's resolver."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)]


def dns_server_resolver(server):
    """A dnspython resolver asking only the DNS server ``server`` ("host:port")."""
    host, _sep, port = server.rpartition(":")
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = [host or server]
    resolver.port = int(port) if port.isdigit() else 53
    return resolver


def dns_resolver(server):
    """A resolver asking the DNS server ``server`` ("host:port") for A and AAAA records,
    or None (the system's) when ``server`` is empty."""
    if not server:
        return None
    resolver = dns_server_resolver(server)

    def resolve(name, _port):
        addresses = []
        for rdtype in ("A", "AAAA"):
            try:
                answer = resolver.resolve(name, rdtype, lifetime=5)
            except (dns.resolver.NoAnswer, dns.resolver.NXDOMAIN):
                continue
            addresses += [record.address for record in answer]
        return addresses

    return resolve


# The system parameter naming the DNS server every lookup of the suite asks (photos, links,
# connectors, DKIM keys), "host:port"; empty: the system's resolver.
DNS_SERVER_PARAM = "social_interest.dns_server"


def configured_dns_server(env):
    """The DNS server an administrator named (``DNS_SERVER_PARAM``), or ""."""
    # sudo: one system parameter, read only; it names a server, no secret
    return env["ir.config_parameter"].sudo().get_param(DNS_SERVER_PARAM) or ""


def configured_resolver(env):
    """:func:`dns_resolver` of the configured DNS server (None: the system's)."""
    return dns_resolver(configured_dns_server(env))


def txt_lookup(server):
    """A TXT lookup (for DKIM keys) through ``server`` ("host:port"), or None for the
    system's."""
    if not server:
        return None
    resolver = dns_server_resolver(server)

    def lookup(name, timeout=5):
        name = name.decode() if isinstance(name, bytes) else name
        try:
            answer = resolver.resolve(name, "TXT", lifetime=timeout)
        except Exception:  # no key: the signature does not verify
            return None
        return b"".join(b"".join(record.strings) for record in answer[:1])

    return lookup


def checked_address(host, port, allow_private=False, resolve=None):
    """The address to connect to for ``host``: resolved once, every answer checked.

    Raises :class:`FetchError` when the name does not resolve, or (unless
    ``allow_private``) when any of its addresses is not a public one.
    """
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    try:
        addresses = [str(literal)] if literal else (resolve or system_resolver)(host, port)
    except (OSError, UnicodeError, ValueError, dns.exception.DNSException) as exc:
        raise FetchError(f"Cannot resolve {host}: {exc}") from exc
    if not addresses:
        raise FetchError(f"Cannot resolve {host}: no address")
    if not allow_private:
        for value in addresses:
            address = ipaddress.ip_address(value.split("%")[0])
            if not address.is_global or address.is_multicast:
                raise FetchError(f"{host} resolves to a non-public address ({address}): refused")
    return addresses[0]


def check_url(url, allow_private=False, resolve=system_resolver):
    """Raise :class:`FetchError` unless ``url`` is http(s) to a host we may reach.

    Private, loopback, link-local, multicast and reserved targets are refused unless
    ``allow_private``. With ``resolve=None`` only the URL itself is checked: the address is
    then checked when the connection is made (see :func:`pinned_session`).
    """
    try:
        parts = urlsplit(url or "")
        hostname = parts.hostname
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"Invalid URL: {exc}") from exc
    if parts.scheme not in ("http", "https") or not hostname:
        raise FetchError(f"Only http(s) URLs with a host are fetched, not {url!r}")
    if resolve is not None:
        checked_address(hostname, port, allow_private, resolve)


def _pinned_pool(pool_class, connection_class, pin):
    """``pool_class`` whose connections go to the address ``pin(host, port)`` returns."""

    class PinnedConnection(connection_class):
        def _new_conn(self):
            # the Host header, SNI and the certificate check keep the name (``self.host``);
            # only the socket goes to the checked address
            self._dns_host = pin(self.host, self.port)
            return super()._new_conn()

    return type(f"Pinned{pool_class.__name__}", (pool_class,), {"ConnectionCls": PinnedConnection})


class PinnedTransport(_TransportAdapter):
    """A requests transport whose every connection is made to a checked address."""

    def __init__(self, allow_private=False, resolve=None):
        self.allow_private = allow_private
        self.resolve = resolve
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        result = super().init_poolmanager(*args, **kwargs)

        def pin(host, port):
            return checked_address(host, port, self.allow_private, self.resolve)

        self.poolmanager.pool_classes_by_scheme = {
            "http": _pinned_pool(HTTPConnectionPool, HTTPConnection, pin),
            "https": _pinned_pool(HTTPSConnectionPool, HTTPSConnection, pin),
        }
        return result


def pinned_session(session=None, allow_private=False, resolve=None):
    """``session`` (or a new one) with every http(s) connection pinned to a checked address.
    A session that is not a :class:`requests.Session` is returned as it is."""
    session = requests.Session() if session is None else session
    if isinstance(session, requests.Session):
        transport = PinnedTransport(allow_private, resolve)
        session.mount("http://", transport)
        session.mount("https://", transport)
    return session


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
                 resolve=None, **kwargs):  # fmt: skip
    """The streamed response of ``method url`` after the redirects, each hop checked.

    ``session`` is a :func:`pinned_session`: every hop's address is checked when its
    connection is made. The body is not read yet (see :func:`read_capped`); the caller
    closes the response.
    """
    for _hop in range(MAX_REDIRECTS + 1):
        # through a proxy the proxy connects, and resolves: the name is checked here instead
        proxied = getattr(session, "trust_env", False) and requests.utils.get_environ_proxies(url)
        check_url(url, allow_private, resolve=(resolve or system_resolver) if proxied else None)
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
            response.close()
            if _origin(target) != _origin(url):
                # another host, port or scheme (https → http included): neither the
                # credentials nor the body (a login's password) go with us
                kwargs = _without_body(_without_credentials(kwargs))
                session = pinned_session(_bare_session(session), allow_private, resolve)
            if (response.status_code == 303 and method != "HEAD") or (
                response.status_code in (301, 302) and method == "POST"
            ):
                # as browsers do: the redirected request is a GET, without a body
                method, kwargs = "GET", _without_body(kwargs)
            url = target
            continue
        return response
    raise FetchError(f"Too many redirects for {url}")


def _origin(url):
    """The scheme, host and port of ``url``: what credentials and bodies are bound to."""
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _without_body(kwargs):
    """The request's arguments without its body."""
    return {k: v for k, v in kwargs.items() if k not in ("data", "json", "files")}


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


def fetch_image(url, max_bytes=1_048_576, timeout=3.0, allow_private=False, session=None,
                resolve=None):  # fmt: skip
    """Return ``(bytes, mimetype)`` of the raster image at ``url``; raise ``FetchError``
    otherwise. The whole download must finish within ``timeout`` seconds and ``max_bytes``."""
    deadline = Deadline(timeout)
    response = open_checked(
        pinned_session(session, allow_private, resolve),
        "GET",
        url,
        deadline,
        timeout=timeout,
        allow_private=allow_private,
        resolve=resolve,
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
        resolve=None,
    ):
        self.allow_private = allow_private
        self.resolve = resolve
        self.timeout = timeout
        self.deadline = deadline
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.max_body = max_body
        self.sleep = sleep
        self.session = pinned_session(session, allow_private, resolve)
        self.session.headers["User-Agent"] = USER_AGENT
        self.requests_made = 0

    # ------------------------------------------------------------------ public

    def get_json(self, url, params=None, headers=None):
        response = self.request("GET", url, params=params, headers=headers)
        return self.decode_json(response)

    def post_json(self, url, payload, headers=None):
        """POST ``payload`` as a JSON body; the answer's JSON."""
        response = self.request("POST", url, json=payload, headers=headers)
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
            resolve=self.resolve,
            **kwargs,
        )
        response._content = read_capped(response, self.max_body, deadline)
        return response

    @staticmethod
    def _error_text(response):
        snippet = response.content[:300].decode("utf-8", "replace")
        return f"HTTP {response.status_code} from {urlsplit(response.url).hostname}: {snippet}"
