"""Listening connectors: one module per platform kind, each registering its kind.

- :mod:`.base`: the configuration, the result and the paging loop every polled connector shares;
- :mod:`.registry`: what varies by kind (label, platform, poller, webhook scheme, credentials);
- one module per kind, polled (:mod:`.rss`, :mod:`.mastodon`...) or webhook-fed (:mod:`.meta`,
  :mod:`.generic`).

Every webhook kind is read through :func:`map_webhook` ``(kind, payload) -> (items, errors)``
and checked through :func:`verify_signature` ``(kind, body, secret, header_value) -> bool``.
"""

from . import (
    bluesky,
    google_business,
    hackernews,
    line,
    mastodon,
    reddit,
    rss,
    telegram,
    vk,
    whatsapp,
    x,
    youtube,
)
from .base import Config, Connector, FetchResult
from .generic import map_generic_webhook
from .meta import map_meta_webhook
from .registry import (
    KINDS,
    ConnectorKind,
    WebhookScheme,
    get_connector,
    get_kind,
    kind_selection,
    map_webhook,
    polled_kinds,
    webhook_kinds,
)
from .registry import verify_delivery as verify_signature
