"""The registry of platforms: one module per platform, everything that differs by platform.

Each module below defines its :class:`~.base.Platform` and registers it with
:func:`register` when it is imported (this package imports every shipped module). The
``platform`` selection of every model (``lib/selection.py``), the mail gateway's
platform recognition (``parsing/platforms.py``), handle normalisation
(``lib/identity.py``), the UTM names of sources and social_listening's reply writers and
connector kinds read this registry; none of them names a platform. Adding a platform is
writing its module, importing it at the end of this file, and its tests
(``docs/ARCHITECTURE.md``, "Adding a platform").
"""

from .base import MailSpec, Platform, graphemes

# code -> Platform instance, in registration order
_REGISTRY = {}


def register(platform):
    """Register a platform (a :class:`Platform` subclass, instantiated here, or an
    instance) and return what was given, so that it serves as a class decorator."""
    instance = platform() if isinstance(platform, type) else platform
    if not isinstance(instance, Platform):
        raise TypeError(f"{platform!r} is not a Platform")
    if not (instance.code and instance.label):
        raise ValueError(f"Platform {platform!r} needs a code and a label")
    if instance.code in _REGISTRY:
        raise ValueError(f"Platform {instance.code!r} is already registered")
    _REGISTRY[instance.code] = instance
    return platform


def unregister(code):
    """Remove platform ``code`` from the registry (for tests); unknown codes are ignored."""
    _REGISTRY.pop(code, None)


def get(code):
    """The registered platform ``code``, or None when there is none."""
    return _REGISTRY.get(code) if code else None


def platforms():
    """Every registered platform, in sequence (then registration) order."""
    return sorted(_REGISTRY.values(), key=lambda platform: platform.sequence)


def selection():
    """``(code, label)`` of every platform, in order: the Odoo ``platform`` selection."""
    return [(platform.code, platform.label) for platform in platforms()]


def mail_specs():
    """The notification senders of every platform, in the platforms' order."""
    return tuple(spec for platform in platforms() for spec in platform.mail_specs)


# The shipped platforms: imported last, as each registers itself with the functions above.
from . import (  # noqa: E402
    bluesky,
    chat,
    email,
    facebook,
    forum,
    google_business,
    hackernews,
    instagram,
    line,
    linkedin,
    mastodon,
    other,
    reddit,
    review_site,
    rss,
    telegram,
    tiktok,
    vk,
    website,
    whatsapp,
    x,
    youtube,
)
