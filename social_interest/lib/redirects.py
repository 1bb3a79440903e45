"""Tracking redirects unwrapped to the page they point at (Google Alerts, Facebook, VK...)."""

from urllib.parse import parse_qs, urlsplit

# (host suffix, path prefix, query parameters holding the target, in order of preference)
REDIRECTS = (
    ("google.com", "/url", ("url", "q")),
    ("google.co.jp", "/url", ("url", "q")),
    ("google.ru", "/url", ("url", "q")),
    ("facebook.com", "/l.php", ("u",)),
    ("instagram.com", "/l.php", ("u",)),
    ("youtube.com", "/redirect", ("q",)),
    ("linkedin.com", "/redir/redirect", ("url",)),
    ("vk.com", "/away.php", ("to",)),
    ("vk.ru", "/away.php", ("to",)),
    ("t.umblr.com", "/redirect", ("z",)),
)


def unwrap_redirect(url, depth=3):
    """Return the final target of a known redirect link, else ``url`` unchanged.

    Only http(s) targets are returned; a redirect to anything else keeps the original link.
    """
    for _i in range(depth):
        target = _target(url)
        if not target:
            break
        url = target
    return url


def _target(url):
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    for suffix, path, params in REDIRECTS:
        if (host == suffix or host.endswith("." + suffix)) and parts.path.startswith(path):
            query = parse_qs(parts.query)
            for param in params:
                value = (query.get(param) or [""])[0].strip()
                if value.lower().startswith(("http://", "https://")):
                    return value
    return None
