"""Selections of the listening addon."""

CONNECTOR_KINDS = [
    ("rss", "RSS / Atom feed"),
    ("mastodon", "Mastodon"),
    ("hackernews", "Hacker News (Algolia)"),
    ("reddit", "Reddit (search API)"),
    ("bluesky", "Bluesky (searchPosts)"),
    ("x", "X (recent search v2)"),
    ("youtube", "YouTube comments"),
    ("vk", "VK"),
    ("meta_webhook", "Facebook / Instagram webhook"),
    ("generic_webhook", "Generic signed webhook"),
]

WEBHOOK_KINDS = ("meta_webhook", "generic_webhook")
POLLED_KINDS = tuple(kind for kind, _label in CONNECTOR_KINDS if kind not in WEBHOOK_KINDS)

# The platform a kind's mentions come from (the suite's platform codes).
KIND_PLATFORM = {
    "rss": "rss",
    "mastodon": "mastodon",
    "hackernews": "hackernews",
    "reddit": "reddit",
    "bluesky": "bluesky",
    "x": "x",
    "youtube": "youtube",
    "vk": "vk",
    "meta_webhook": "facebook",
    "generic_webhook": "other",
}

LISTENING_PLATFORMS = sorted(set(KIND_PLATFORM.values()) | {"instagram", "review_site", "forum"})

SENTIMENT_SELECTION = [
    ("positive", "Positive"),
    ("neutral", "Neutral"),
    ("negative", "Negative"),
]

MENTION_STATES = [("new", "New"), ("card", "Card created"), ("ignored", "Ignored")]
