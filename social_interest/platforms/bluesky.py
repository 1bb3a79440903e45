"""Bluesky.

A handle is a domain name (``jane.bsky.social``), case-insensitive: lower-cased. A reply is
300 graphemes (the ``bluesky`` connector's writer posts it).
"""

from . import register
from .base import Platform


@register
class Bluesky(Platform):
    code = "bluesky"
    label = "Bluesky"
    icon = "fa-cloud"
    sequence = 110
    connector_kinds = ("bluesky",)
    reply_writer = "bluesky"
    default_reply_limit = 300
