"""Which platform sent a notification, and how its links, ids and avatars are shaped.

A platform is told by who sends its e-mails (the sender's domain, and for Google the sender
itself) and by the headers it sets, never by wording. What a per-platform reader needs of a
platform is its web addresses: which link is a person's profile, which is an item (a post,
a comment, a video, a review, a conversation), where the item's id is, and which image host
serves people's pictures. These shapes come from the platforms' public URL formats and are
written in each platform's module (``social_interest/platforms/``, its ``mail_specs``):
this module reads them, in the platforms' order.
"""

import re
from urllib.parse import parse_qs, unquote, urlsplit

from .. import platforms as registry

# one sender of a platform's notifications (the name the readers know it by)
Platform = registry.MailSpec

_BOILERPLATE = (
    r"(?:/help\b|/settings|/privacy|/policies|/policy|/legal|/terms|/about\b|/unsubscribe|"
    r"/notifications?/settings|/preferences|/login|/signup|/download|/ads\b|/business/help|"
    r"/o\.php|/security|/careers|/emails?/|/e/settings|/mypreferences|/psettings|/account)"
)

PLATFORMS = registry.mail_specs()

_BY_KEY = {spec.key: spec for spec in PLATFORMS}
_NOT_ITEM = re.compile(_BOILERPLATE, re.IGNORECASE)
_COMPILED = {}


def platform_by_key(key):
    return _BY_KEY.get(key)


def recognise(sender_email, headers=None):
    """The platform that sent an e-mail, and how it was told; ``(None, "")`` when none.

    :param sender_email: the sender's address (lower-cased)
    :param headers: lower-cased header names -> values
    """
    sender = (sender_email or "").strip().lower()
    domain = sender.rpartition("@")[2]
    for spec in PLATFORMS:
        if sender and any(sender == s or sender.partition("@")[0] == s for s in spec.senders):
            return spec, f"sender {sender}"
    for spec in PLATFORMS:
        if domain and _on_domains(domain, spec.sender_domains):
            return spec, f"sender domain {domain}"
    headers = headers or {}
    for spec in PLATFORMS:
        for name, value in spec.headers:
            if name in headers and (not value or re.search(value, headers[name], re.I)):
                return spec, f"header {name}"
    list_host = _list_host(headers.get("list-id") or "")
    for spec in PLATFORMS:
        if list_host and spec.list_id and _on_domains(list_host, spec.hosts + spec.sender_domains):
            return spec, "header list-id"
    return None, ""


_LIST_ID = re.compile(r"<([^<>\s]+)>")


def _list_host(value):
    """The domain-like id of a List-Id header (RFC 2919: ``phrase <label.domain>``): only
    a platform's own domain names the platform, never a word of another list's id."""
    match = _LIST_ID.search(value)
    return (match.group(1) if match else value.strip()).lower().rstrip(".")


def sent_from_platform_domain(sender_email):
    """True when the sender's domain is one a platform sends its notifications from."""
    domain = (sender_email or "").strip().lower().rpartition("@")[2]
    return bool(domain) and any(_on_domains(domain, spec.sender_domains) for spec in PLATFORMS)


def _on_domains(domain, domains):
    return any(domain == d or domain.endswith("." + d) for d in domains)


def _rx(spec, name):
    key = (spec.key, name)
    if key not in _COMPILED:
        pattern = getattr(spec, name)
        _COMPILED[key] = re.compile(pattern, re.IGNORECASE) if pattern else None
    return _COMPILED[key]


def _where(url):
    """``host/path?query`` of a URL (host without ``www.``/``m.``), lower-cased host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower()
    if host.startswith(("www.", "m.", "web.", "mobile.")):
        host = host.split(".", 1)[1]
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    return host, f"{host}{rest}"


def link_kind(spec, url):
    """``"profile"``, ``"item"``, ``"platform"`` (another link of the platform), or ``""``."""
    host, where = _where(url)
    if not host or not spec.matches_host(host):
        return ""
    path = where[len(host) :]
    if _NOT_ITEM.search(path) or (spec.not_item and _rx(spec, "not_item").search(where)):
        return "platform"
    item = _rx(spec, "item")
    if item is not None and item.search(where):
        return "item"
    profile = _rx(spec, "profile")
    if profile is not None and profile.search(where):
        return "profile"
    return "platform"


def handle_of(spec, url):
    """The username a profile link names, or ""."""
    profile = _rx(spec, "profile")
    if profile is None:
        return ""
    _host, where = _where(url)
    match = profile.search(where)
    if not match:
        return ""
    handle = next((g for g in match.groups() if g), "")
    return unquote(handle)


def is_avatar_host(spec, url):
    host, _where_ = _where(url)
    return any(host == h or host.endswith("." + h) for h in spec.avatar_hosts)


_DIGITS = re.compile(r"\d{5,}")


def external_id(spec, url):
    """The platform's id of the item a link points at (a comment's before its post's)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    query = {k.lower(): v[0] for k, v in parse_qs(parts.query).items() if v}
    path = unquote(parts.path)
    # a comment's own id before its post's, wherever a platform puts it in the query
    found = query.get("comment_id") or query.get("reply_comment_id") or query.get("cid") or ""
    if found and spec.comment_id_in_query:
        return found.strip()
    if spec.item_id is None:
        return ""
    found = spec.item_id(url, path, query, (parts.hostname or "").lower())
    return (found or "").strip()
