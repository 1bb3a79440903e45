"""How a person's account is written when identities are matched: one form per platform.

The mail gateway reads handles from notification e-mails ("janeroe"), listening reads them
from the platforms' APIs ("JaneRoe"); both, and ``social.identity`` itself, reduce a handle
with :func:`normalize_handle` so that one account is one identity whatever path it came by.

Each platform's module (``social_interest/platforms/``) says what the platform says about
its account names and the form we keep (``Platform.normalize_handle``): by default
lower-cased, as most platforms and sites compare account names without case; Reddit drops
its ``u/`` prefix, Hacker News keeps the case, YouTube keeps channel ids (``UC...``) as they
are. Every form drops surrounding spaces and a leading ``@``.
"""

from urllib.parse import parse_qs, urlsplit

from .. import platforms

# the form of a platform nobody registered (or of none): the default one
_ANY_PLATFORM = platforms.Platform()


def normalize_handle(handle, platform=None):
    """The form identities are matched on: ``@JaneRoe`` -> ``janeroe`` on X.

    :param platform: a code of the platform selection; None (unknown) lower-cases
    """
    if not handle:
        return ""
    return (platforms.get(platform) or _ANY_PLATFORM).normalize_handle(handle)


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
