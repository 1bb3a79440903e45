"""A parsing rule in plain Python: patterns and XPaths that turn one e-mail into values."""

from dataclasses import dataclass, field

import regex
from lxml import etree

from ..lib.html import node_text
from ..lib.redirects import unwrap_redirect

MAX_TEXT = 100_000  # characters of body text a rule's regex may scan
MAX_LINE = 4_000  # characters of one line of it (a longer line is cut)
# Rules are edited by admins and run on text from anyone: each search of a pattern stops
# after TIME_LIMIT seconds (the ``regex`` module's timeout), and all the rules of one
# e-mail together stop being tried after RULES_BUDGET seconds.
TIME_LIMIT = 0.2
RULES_BUDGET = 0.6
# Named groups a rule may capture; anything else is ignored.
GROUPS = (
    "author",
    "handle",
    "author_url",
    "email",
    "phone",
    "url",
    "external_id",
    "product",
    "rating",
    "body",
    "page",
    "title",
    "photo",
    "others",  # people grouped with the author: "and (?P<others>\d+) others"
)
URL_GROUPS = ("url", "author_url", "photo")


class RuleError(ValueError):
    """A rule's pattern or XPath does not compile."""


class RuleTimeout(RuleError):
    """A rule's pattern took longer than ``TIME_LIMIT`` on a text."""


def bounded(text):
    """``text`` as rules see it: at most ``MAX_TEXT`` characters, lines cut at ``MAX_LINE``."""
    text = (text or "")[:MAX_TEXT]
    if len(text) <= MAX_LINE:
        return text
    return "\n".join(line[:MAX_LINE] for line in text.split("\n"))


@dataclass
class Rule:
    """One parsing rule; the plain form of a ``social.interest.parse.rule`` record.

    Patterns are Python regular expressions, searched case-insensitively; the sender pattern
    is searched in ``Name <address>``. Every pattern that is set must match. Named groups
    (see ``GROUPS``) give values; XPaths are evaluated on the HTML body. With an item XPath
    each matching element gives one card (digests), the body pattern and the other XPaths
    then apply to each item.
    """

    name: str
    platform: str = "other"
    action_type: str = "comment"
    lang: str = ""
    sender_pattern: str = ""
    subject_pattern: str = ""
    body_pattern: str = ""
    url_xpath: str = ""
    author_url_xpath: str = ""
    photo_xpath: str = ""
    item_xpath: str = ""
    external_id_pattern: str = ""
    ignore: bool = False
    id: int = 0
    _compiled: dict = field(default_factory=dict, repr=False, compare=False)

    def compile(self):
        """Compile every pattern and XPath once; raise ``RuleError`` naming the bad one."""
        compiled = {}
        for name in ("sender_pattern", "subject_pattern", "external_id_pattern"):
            compiled[name] = _regex(self, name, regex.IGNORECASE)
        compiled["body_pattern"] = _regex(self, "body_pattern", regex.IGNORECASE | regex.DOTALL)
        for name in ("url_xpath", "author_url_xpath", "photo_xpath", "item_xpath"):
            expr = (getattr(self, name) or "").strip()
            try:
                compiled[name] = etree.XPath(expr) if expr else None
            except etree.XPathError as error:
                raise RuleError(f"{self.name}: {name}: {error}") from error
        self._compiled = compiled
        return self

    def apply(self, notification):
        """Values found by this rule: a list of dicts (one per card), or None if no match."""
        values = {}
        for name, text in (
            ("sender_pattern", _sender(notification)),
            ("subject_pattern", notification.subject or ""),
        ):
            pattern = self._c(name)
            if pattern is None:
                continue
            match = self._search(name, pattern, bounded(text))
            if not match:
                return None
            _merge(values, match)
        item_xpath = self._c("item_xpath")
        if item_xpath is not None:
            return self._apply_items(notification, values, item_xpath)
        body = self._c("body_pattern")
        if body is not None:
            match = self._search("body_pattern", body, bounded(notification.body_text))
            if not match:
                return None
            _merge(values, match)
        self._apply_xpaths(notification.tree, values)
        return [self._finish(values)]

    # ------------------------------------------------------------------ helpers

    def _c(self, name):
        if not self._compiled:
            self.compile()
        return self._compiled[name]

    def _search(self, name, pattern, text):
        try:
            return pattern.search(text, timeout=TIME_LIMIT)
        except TimeoutError as error:
            raise RuleTimeout(
                f"{self.name}: {name} took more than {TIME_LIMIT} s on this e-mail"
            ) from error

    def _apply_items(self, notification, header_values, item_xpath):
        tree = notification.tree
        if tree is None:
            return None
        cards = []
        body = self._c("body_pattern")
        for item in _xpath(item_xpath, tree):
            if isinstance(item, str):
                continue
            values = dict(header_values)
            text = bounded(node_text(item))
            if body is not None:
                match = self._search("body_pattern", body, text)
                if not match:
                    continue
                _merge(values, match)
            else:
                values.setdefault("body", text)
            self._apply_xpaths(item, values)
            cards.append(self._finish(values))
        return cards or None

    def _apply_xpaths(self, node, values):
        if node is None:
            return
        for name, key in (
            ("url_xpath", "url"),
            ("author_url_xpath", "author_url"),
            ("photo_xpath", "photo"),
        ):
            xpath = self._c(name)
            if xpath is None or values.get(key):
                continue
            for result in _xpath(xpath, node):
                text = node_text(result) if isinstance(result, str) else _link_of(result)
                if text:
                    values[key] = text
                    break

    def _finish(self, values):
        for key in URL_GROUPS:
            if values.get(key):
                values[key] = unwrap_redirect(values[key].strip())
        pattern = self._c("external_id_pattern")
        if not values.get("external_id") and pattern is not None and values.get("url"):
            match = self._search("external_id_pattern", pattern, bounded(values["url"]))
            if match:
                values["external_id"] = match.groupdict().get("external_id") or match.group(
                    match.lastindex or 0
                )
        return values


def _regex(rule, name, flags):
    pattern = (getattr(rule, name) or "").strip()
    if not pattern:
        return None
    try:
        # V0: the syntax of Python's re, which rules are written in
        return regex.compile(pattern, flags | regex.V0)
    except (regex.error, ValueError, TypeError) as error:
        raise RuleError(f"{rule.name}: {name}: {error}") from error


def _sender(notification):
    # always "Name <address>" (name possibly empty) so that "address>" anchors work
    return f"{notification.sender_name or ''} <{notification.sender_email or ''}>".strip()


def _merge(values, match):
    for key, value in match.groupdict().items():
        if key in GROUPS and value and value.strip() and not values.get(key):
            values[key] = value.strip()


def _xpath(xpath, node):
    try:
        result = xpath(node)
    except etree.XPathError:
        return []
    if isinstance(result, list):
        return result
    return [str(result)] if result else []


def _link_of(element):
    for attribute in ("href", "src"):
        if element.get(attribute):
            return element.get(attribute).strip()
    return node_text(element)
