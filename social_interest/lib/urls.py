"""URL hygiene for text that comes from the internet."""

from urllib.parse import urlsplit

SAFE_SCHEMES = ("http", "https")


def safe_http_url(url):
    """Return ``url`` stripped if it is an absolute http(s) URL with a host, else ``False``.

    Anything else (``javascript:``, ``data:``, relative paths, schemeless text) must never
    become a link in the UI.
    """
    if not url or not isinstance(url, str):
        return False
    url = url.strip()
    if any(ch in url for ch in "\r\n\t\x00 "):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme.lower() not in SAFE_SCHEMES or not parts.hostname:
        return False
    return url
