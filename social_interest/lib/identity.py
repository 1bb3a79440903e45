"""How a person's account is written when identities are matched: one form per platform.

The mail gateway reads handles from notification e-mails ("janeroe"), listening reads them
from the platforms' APIs ("JaneRoe"); both, and ``social.identity`` itself, reduce a handle
with :func:`normalize_handle` so that one account is one identity whatever path it came by.

What each platform says about its account names, and the form we keep:

- X, Instagram (and Threads, which uses Instagram's usernames), TikTok, Facebook, LinkedIn,
  VK, Reddit: usernames are unique regardless of case (X and Reddit display the case the
  person typed; Instagram and TikTok only allow lower case) -> lower-cased.
- Bluesky: a handle is a domain name (``jane.bsky.social``), case-insensitive -> lower-cased.
- Mastodon: ``user`` on the instance, ``user@instance`` elsewhere; usernames and domains are
  both case-insensitive -> ``user@instance`` lower-cased, the leading ``@`` removed.
- YouTube: ``@handles`` are case-insensitive -> lower-cased; a channel id (``UC`` and 22
  characters of base64url) is case-sensitive -> kept as it is.
- Hacker News: user ids are case-sensitive (``user?id=`` finds only the exact spelling) ->
  kept as they are.
- Anything else (forums, review sites, e-mail, chat): lower-cased, as most such sites compare
  user names without case.

Every form drops surrounding spaces, a leading ``@`` and Reddit's ``u/`` prefix.
"""

import re
from urllib.parse import parse_qs, urlsplit

# Platforms whose account names differ when their case differs.
CASE_SENSITIVE_PLATFORMS = frozenset({"hackernews"})
_YOUTUBE_CHANNEL_ID = re.compile(r"UC[A-Za-z0-9_-]{22}")
_REDDIT_PREFIX = re.compile(r"^/?u/", re.IGNORECASE)


def normalize_handle(handle, platform=None):
    """The form identities are matched on: ``@JaneRoe`` -> ``janeroe`` on X.

    :param platform: a code of the platform selection; None (unknown) lower-cases
    """
    if not handle:
        return ""
    handle = str(handle).strip().lstrip("@").strip()
    if platform == "reddit":
        handle = _REDDIT_PREFIX.sub("", handle)
    if platform in CASE_SENSITIVE_PLATFORMS:
        return handle
    if platform == "youtube" and _YOUTUBE_CHANNEL_ID.fullmatch(handle):
        return handle
    return handle.lower()


def identity_key(platform, handle):
    """``(platform, handle)`` as identities are unique on, or None without a handle."""
    handle = normalize_handle(handle, platform)
    return (platform, handle) if handle else None


def normalize_profile_url(url):
    """A profile URL reduced to ``host/path`` (no scheme, ``www.``, trailing slash or query).

    Pages that name the account in their query rather than their path (Facebook's
    ``profile.php?id=``, Hacker News's ``user?id=``) keep that ``id``, as given: without it
    every such person would share one address.
    """
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    if host.startswith(("www.", "m.", "mobile.")):
        host = host.split(".", 1)[1]
    path = parts.path.rstrip("/").lower()
    account = parse_qs(parts.query).get("id")
    return f"{host}{path}?id={account[0]}" if account else f"{host}{path}"


def profile_url_fragment(url_key):
    """What any stored spelling of the profile URL behind ``url_key`` contains (for a search)."""
    if "?id=" in url_key:
        return "id=" + url_key.rsplit("?id=", 1)[1]
    return url_key.split("/", 1)[-1]


# interest without an item of its own: the platform's id is that of the liked, shared or
# followed item, so one person's action is told from another's by the person
PERSON_ACTION_TYPES = ("like", "share", "follow")


def interaction_key(action_type, handle="", profile_url="", name=""):
    """Who acted, for the actions of ``PERSON_ACTION_TYPES``; "" for any other action."""
    if action_type not in PERSON_ACTION_TYPES:
        return ""
    return (
        (handle or "").strip().lower().lstrip("@")
        or normalize_profile_url(profile_url or "")
        or " ".join((name or "").split()).casefold()
        or "?"
    )
