"""Listening connectors, one module per platform kind (see :mod:`.base` for the shared loop)."""

from . import bluesky, hackernews, mastodon, reddit, rss, vk, x, youtube
from .base import REGISTRY, Config, Connector, FetchResult, get_connector
from .generic import map_generic_webhook
from .meta import map_meta_webhook
