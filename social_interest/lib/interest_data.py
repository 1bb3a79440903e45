"""What one notification item or one listened post yields, before anything is stored.

The mail gateway's readers and rules, the rule-trying wizard, the listening connectors' mappers
and the webhook mappers all produce :class:`InterestData`; the ORM glue turns it into the values
of a card (``social.interest``) or of a mention (``social.mention``). Field names are the card's.

Mappers written before this class returned plain dicts with the mention's names (``url``,
``posted_at``); an :class:`InterestData` still answers ``item["url"]`` and ``item.get(...)``
under those names, so code and tools that read items as mappings keep working.
"""

import re
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import datetime

# What PostgreSQL cannot store in a text column (NUL) or Python cannot encode (a lone
# surrogate, e.g. from a JSON "\ud83d" escape cut in half): removed or replaced on the way in.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text):
    """``text`` without NUL bytes and with lone surrogates replaced by U+FFFD."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


# Older mapping keys -> field names.
ALIASES = {"url": "source_url", "posted_at": "interest_date", "_key": "cursor_key"}


@dataclass
class InterestData:
    """One person's interest as read from outside: a post, a comment, a review, a DM..."""

    platform: str = ""
    action_type: str = ""
    external_id: str = ""
    source_url: str = ""  # the item on the platform (post, comment, review, mail)
    interest_date: datetime | str | None = None  # when the person acted
    title: str = ""
    body: str = ""  # the person's own words, plain text
    rating: float = 0
    lang: str = ""
    author_name: str = ""
    author_handle: str = ""
    author_url: str = ""
    author_email: str = ""
    author_phone: str = ""
    author_image_url: str = ""
    author_followers: int = 0  # the person's followers or subscribers, when shown
    # people the same notification groups with the author ("Jane Roe and 4 others liked")
    others_count: int = 0
    product_name: str = ""
    page: str = ""  # the page or account the item was addressed to
    # how it was read: the layer or rule that recognised it (shown on the card)
    read_by: str = ""
    # the connector's ordering key for its cursor (a listening item only)
    cursor_key: object = None
    # anything a reader found that has no field yet (kept, never trusted as markup)
    extra: dict = field(default_factory=dict)

    def __setattr__(self, name, value):
        # every text read from outside passes here, whoever built the item
        return super().__setattr__(name, storable(value) if isinstance(value, str) else value)

    # ------------------------------------------------------------------ mapping access

    def __getitem__(self, key):
        name = ALIASES.get(key, key)
        if name not in _FIELD_NAMES:
            if key in self.extra:
                return self.extra[key]
            raise KeyError(key)
        return getattr(self, name)

    def __setitem__(self, key, value):
        name = ALIASES.get(key, key)
        if name in _FIELD_NAMES:
            setattr(self, name, value)
        else:
            self.extra[key] = value

    def __contains__(self, key):
        return ALIASES.get(key, key) in _FIELD_NAMES or key in self.extra

    def get(self, key, default=None):
        try:
            value = self[key]
        except KeyError:
            return default
        return default if value is None else value

    def pop(self, key, default=None):
        value = self.get(key, default)
        if key in self.extra:
            del self.extra[key]
        return value

    def keys(self):
        return [*_FIELD_NAMES, *self.extra]

    def __iter__(self):
        return iter(self.keys())

    # ------------------------------------------------------------------ conversions

    def as_dict(self):
        """Every field as a plain dict (``extra`` merged in), for logs and tests."""
        values = asdict(self)
        values.update(values.pop("extra"))
        return values

    def evolve(self, **changes):
        """A copy with ``changes`` applied (``extra`` copied, not shared)."""
        return replace(self, extra=dict(self.extra), **changes)

    @classmethod
    def from_mapping(cls, values):
        """An :class:`InterestData` from a dict with field names or the older aliases."""
        if isinstance(values, cls):
            return values
        data = cls()
        for key, value in (values or {}).items():
            data[key] = value
        return data


_FIELD_NAMES = tuple(f.name for f in fields(InterestData) if f.name != "extra")


@dataclass(frozen=True)
class Ingested:
    """What the one road in did with one item (see ``social.interest._ingest``).

    ``outcome`` is ``"created"`` (a new card), ``"found"`` (the item already had its card:
    ``reason`` says by which key) or ``"skipped"`` (no card: ``reason`` says why, and
    ``card`` is empty).
    """

    card: object
    outcome: str
    reason: str = ""

    @property
    def created(self):
        return self.outcome == "created"
