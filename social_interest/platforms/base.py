"""What a platform is to the suite: the class every platform module fills in.

A platform is one value of the ``platform`` selection (cards, sources, identities,
mentions). Its module says everything that differs from one platform to another, so that
no reader names a platform:

- ``code``, ``label``, ``sequence``: the selection's value (stored: never changed once
  shipped), its label and its position;
- ``mail_specs``: how its notification e-mails are recognised and their links read
  (:class:`MailSpec`, read by ``parsing/platforms.py``); one platform may have several
  senders (Google's alerts are ``rss``, its business profile and Trustpilot ``review_site``);
- :meth:`Platform.normalize_handle`: the form its account names are matched on;
- ``utm_source`` and ``utm_medium``: the UTM names a source of this platform credits;
- :meth:`Platform.reply_count` and :meth:`Platform.reply_limit`: how long a reply may be,
  counted as the platform counts (read by social_listening's reply writers);
- ``private``: whatever is said on it is private by nature (e-mail, chat);
- ``connector_kinds`` and ``reply_writer``: the names of the social_listening connector
  kinds its items come from and of the writer that answers on it (names only: those
  classes live in social_listening, which depends on this addon).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import regex

_GRAPHEME = regex.compile(r"\X")


def graphemes(text):
    """Characters as a person counts them (an emoji with its modifiers is one)."""
    return len(_GRAPHEME.findall(text or ""))


@dataclass(frozen=True)
class MailSpec:
    """What the general reader knows of one sender of a platform's notifications."""

    key: str  # reader key (google_alerts and google_business are both Google)
    platform: str  # the card's platform code
    label: str
    sender_domains: tuple = ()  # the sender's domain is one of these or a subdomain
    senders: tuple = ()  # or the sender is exactly one of these addresses / local parts
    headers: tuple = ()  # (header name, value regex or "") set only by this platform
    hosts: tuple = ()  # web hosts of the platform's links
    item: str = ""  # regex on "host/path?query" of a link to an item
    profile: str = ""  # regex on "host/path?query" of a link to a person (group 1: handle)
    not_item: str = ""  # links of the platform that are never the item nor a person
    avatar_hosts: tuple = ()  # hosts of people's pictures
    handles: bool = False  # people are shown by @username
    name_is_handle: bool = False  # only the username is shown: it is the name too
    default_action: str = ""  # when no word says (a review site's mail is a review)
    digest: bool = False  # one e-mail lists several items of other sites
    extra: dict = field(default_factory=dict)
    # (url, path, query, host) -> the id of the item a link points at, or "": path is
    # unquoted, query's keys lower-cased with their first value
    item_id: Callable = None
    # a comment's id in the query (comment_id, reply_comment_id, cid) is the item's id
    comment_id_in_query: bool = True
    # a List-Id on one of its hosts or sender domains tells the platform (not for senders
    # that share their hosts with another sender, as Google's)
    list_id: bool = True

    def matches_host(self, host):
        host = (host or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.hosts)


class Platform:
    """One platform. A module subclasses it, sets its attributes, overrides the rules that
    differ from the defaults below and registers it (``@register``)."""

    code = ""
    label = ""
    # its Font Awesome 4.7 icon (the one Odoo ships): the platform's own logo where Font
    # Awesome has one, else the nearest meaning (LINE, Mastodon, Bluesky and TikTok have none)
    icon = "fa-comments-o"
    sequence = 100
    mail_specs = ()
    # UTM source name ("" -> the label) and medium name
    utm_source = ""
    utm_medium = "Social"
    # the longest reply the platform takes, in :meth:`reply_count`'s unit (0: none known)
    default_reply_limit = 0
    private = False
    connector_kinds = ()
    reply_writer = ""

    def __repr__(self):
        return f"<Platform {self.code or '?'}>"

    @property
    def utm_source_name(self):
        return self.utm_source or self.label

    @property
    def utm_medium_name(self):
        return self.utm_medium

    @staticmethod
    def bare_handle(handle):
        """``handle`` without surrounding spaces and leading ``@``."""
        if not handle:
            return ""
        return str(handle).strip().lstrip("@").strip()

    def normalize_handle(self, handle):
        """The form identities are matched on; by default lower-cased, as most platforms
        compare account names without case."""
        return self.bare_handle(handle).lower()

    def reply_count(self, text):
        """The length of ``text`` as the platform counts it (by default in graphemes)."""
        return graphemes(text)

    def reply_limit(self, action_type=None):
        """The longest reply the platform takes for an item of ``action_type`` (0: none
        known)."""
        return self.default_reply_limit
