"""Download an author's photo: http(s) only, public hosts only, small, fast or not at all."""

import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

import requests

MAX_REDIRECTS = 3
CHUNK = 16384


class FetchError(Exception):
    """The photo was refused or could not be downloaded (the reason is the message)."""


def check_public_url(url, allow_private=False):
    """Raise ``FetchError`` unless ``url`` is http(s) and its host resolves to public IPs.

    Private, loopback, link-local, multicast and reserved targets are refused unless
    ``allow_private`` (an admin's choice; tests use it for a loopback server).
    """
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise FetchError(f"invalid URL: {error}") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("only http(s) URLs with a host are fetched")
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (OSError, ValueError) as error:
        raise FetchError(f"cannot resolve {parts.hostname}: {error}") from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global or address.is_multicast:
            raise FetchError(f"{parts.hostname} is not a public host")


def fetch_image(url, max_bytes=1_048_576, timeout=3.0, allow_private=False, session=None):
    """Return ``(bytes, mimetype)`` of the image at ``url``; raise ``FetchError`` otherwise.

    Redirects are followed by hand (at most three) so that each hop is checked; the whole
    download must finish within ``timeout`` seconds and ``max_bytes``.
    """
    deadline = time.monotonic() + timeout
    http = session or requests
    for _hop in range(MAX_REDIRECTS + 1):
        check_public_url(url, allow_private=allow_private)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError("timed out")
        try:
            response = http.get(
                url,
                stream=True,
                timeout=remaining,
                allow_redirects=False,
                headers={"Accept": "image/*"},
            )
        except requests.RequestException as error:
            raise FetchError(f"download failed: {error}") from error
        with response:
            if response.is_redirect and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status_code != 200:
                raise FetchError(f"HTTP {response.status_code}")
            mimetype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if not mimetype.startswith("image/") or mimetype == "image/svg+xml":
                raise FetchError(f"not a raster image: {mimetype or 'no content type'}")
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError("image too large")
            data = bytearray()
            try:
                for chunk in response.iter_content(CHUNK):
                    data.extend(chunk)
                    if len(data) > max_bytes:
                        raise FetchError("image too large")
                    if time.monotonic() > deadline:
                        raise FetchError("timed out")
            except requests.RequestException as error:
                raise FetchError(f"download failed: {error}") from error
            return bytes(data), mimetype
    raise FetchError("too many redirects")
