"""Selections of the listening addon."""

from ..lib.connectors import KINDS, kind_selection

# Every connector kind registers itself (label, platform, poller or webhook) in the registry.
CONNECTOR_KINDS = kind_selection()

# The platforms listened to: those of every kind's items.
LISTENING_PLATFORMS = sorted({platform for kind in KINDS.values() for platform in kind.platforms})

SENTIMENT_SELECTION = [
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
]

MENTION_STATES = [("new", "New"), ("card", "Card created"), ("ignored", "Ignored")]
