"""E-mail -> interest values, in layers.

A forwarded notification is first read as its original (``forward.unwrap_forward``). The
general reader (``reader.read_notification``) reads any wording of a known platform; the first
matching admin rule then refines or overrides that reading field by field (or drops the
e-mail); an e-mail of no known platform that no rule reads is "a person wrote to us".
"""

import logging
import re
import time
from dataclasses import dataclass, field

from ..lib.identity import normalize_handle
from ..lib.interest_data import InterestData
from ..lib.lang import detect_lang
from .forward import unwrap_forward
from .reader import others_in, read_notification
from .rules import RULES_BUDGET, RuleError, RuleTimeout
from .text import clean_body, parse_rating

_logger = logging.getLogger(__name__)

# Quoted history and signatures are not the person's words.
_QUOTE_START = re.compile(
    r"^(>|-{2,} ?$|_{5,}|On .{5,200} wrote:$|-----Original Message-----|"
    r"\d{4}[/年].{3,80}(wrote|書きました|написал)|"
    r".{0,80}<[^<>@\s]{1,64}@[^<>@\s]{1,255}>\s{0,4}(wrote|писал|書きました):?$)",
    re.IGNORECASE,
)


@dataclass
class ParseResult:
    """What the parser made of one e-mail."""

    cards: list = field(default_factory=list)  # one InterestData per card
    rule: object = None  # the Rule that matched, None for the fallback
    ignored: bool = False  # a rule says: drop this kind of e-mail
    errors: list = field(default_factory=list)  # rules that failed on this e-mail
    read_by: str = ""  # "rule", "reader" (the general reader) or "fallback"
    trace: list = field(default_factory=list)  # what each layer recognised, one line each
    forwarded_by: str = ""  # the address that forwarded the notification, if it was
    timed_out: list = field(default_factory=list)  # ids of the rules that ran out of time

    @property
    def recognised(self):
        """True when a rule or the general reader knew the e-mail's platform."""
        return self.read_by in ("rule", "reader")


def parse_notification(notification, rules, general=True):
    """Read ``notification`` with the general reader and ``rules`` (already ordered).

    Never raises on a bad rule. With ``general`` off only the rules read (to measure them).

    :return: a ``ParseResult``; its ``cards`` hold one
        :class:`~odoo.addons.social_interest.lib.interest_data.InterestData` per card.
    """
    result = ParseResult()
    original = unwrap_forward(notification)
    if original is not None:
        result.forwarded_by = notification.sender_email or ""
        result.trace.append(
            f"forwarded by {result.forwarded_by}: read as the original from "
            f"{original.sender_email}"
        )
        notification = original
    reading = read_notification(notification) if general else None
    started = time.monotonic()
    for rule in rules:
        if time.monotonic() - started > RULES_BUDGET:
            result.errors.append(f"rules not tried after {RULES_BUDGET} s: {rule.name} and on")
            break
        try:
            found = rule.apply(notification)
        except RuleTimeout as error:
            # a pattern that backtracks on this text: the rule is passed over, never the mail
            _logger.warning("Parsing rule %s timed out: %s", rule.name, error)
            result.errors.append(str(error))
            result.timed_out.append(rule.id)
            continue
        except (RuleError, re.error, ValueError, TypeError) as error:
            _logger.warning("Parsing rule %s failed: %s", rule.name, error)
            result.errors.append(f"{rule.name}: {error}")
            continue
        if found is None:
            continue
        result.rule = rule
        result.read_by = "rule"
        result.trace.append(f"rule {rule.name}")
        if rule.ignore:
            result.ignored = True
            return result
        cards = [_card(notification, rule, values) for values in found]
        if (
            reading is not None
            and len(cards) == 1
            and len(reading.cards) > 1
            and {card.action_type for card in reading.cards} == {rule.action_type}
        ):
            # the rule read one sentence, the reader the people it names one by one
            cards = [refine(card, _shared(cards[0])) for card in reading.cards]
            result.trace.append("items: the reader's one card per person kept")
        if reading is not None and len(reading.cards) == len(cards):
            cards = [
                refine(general_card, card)
                for general_card, card in zip(reading.cards, cards, strict=True)
            ]
            result.trace += reading.trace
        result.cards = cards
        return result
    if reading is not None:
        result.read_by = "reader"
        result.trace += reading.trace
        result.cards = reading.cards
        return result
    result.read_by = "fallback"
    result.trace.append("no platform: a person wrote to us")
    result.cards = [_fallback(notification)]
    return result


def refine(general, ruled):
    """The general reading with every field a rule found put over it."""
    values = {
        key: value
        for key, value in ruled.as_dict().items()
        if value not in ("", None, 0, 0.0) and key not in ("read_by", "cursor_key")
    }
    if ruled.lang and ruled.body and general.body and ruled.body != general.body:
        values["lang"] = ruled.lang
    card = general.evolve(**{k: v for k, v in values.items() if hasattr(general, k)})
    card.read_by = "rule"
    return card


def _shared(card):
    """What a rule's one card says of every person of a grouped notification."""
    return card.evolve(
        author_name="",
        author_handle="",
        author_url="",
        author_image_url="",
        others_count=0,
        body="",
    )


def _card(notification, rule, values):
    body = clean_body(values.get("body") or "")
    author = values.get("author") or ""
    handle = normalize_handle(values.get("handle") or "", rule.platform)
    if not author:
        # platforms that show only a username (Instagram, TikTok): the handle is the name
        author = handle or (notification.sender_name if rule.platform in ("email", "other") else "")
    card = InterestData(
        platform=rule.platform,
        action_type=rule.action_type,
        author_name=author.strip(),
        author_handle=handle,
        author_url=values.get("author_url") or "",
        author_email=(values.get("email") or "").strip().lower(),
        author_phone=(values.get("phone") or "").strip(),
        author_image_url=values.get("photo") or "",
        body=body,
        source_url=values.get("url") or "",
        external_id=(values.get("external_id") or "").strip(),
        rating=parse_rating(values.get("rating")),
        lang=detect_lang(body, default=rule.lang) or rule.lang,
        interest_date=notification.date,
        product_name=(values.get("product") or "").strip(),
        page=(values.get("page") or "").strip(),
        title=(values.get("title") or "").strip(),
        others_count=others_in(values.get("others") or "") or _number(values.get("others")),
        read_by="rule",
    )
    if not card.lang:
        card.lang = detect_lang(notification.subject, default=rule.lang)
    return card


def _number(text):
    digits = re.sub(r"[\s,.]", "", text or "")
    return int(digits) if digits.isdigit() and len(digits) <= 9 else 0


def _fallback(notification):
    """A person wrote to us: a question, the author taken from the From header."""
    body = own_words(notification.body_text) or notification.subject or ""
    name = notification.sender_name or (notification.sender_email or "").split("@")[0]
    text = f"{notification.subject}\n{body}"
    return InterestData(
        platform="email",
        action_type="question",
        author_name=name.strip(),
        author_email=(notification.sender_email or "").lower(),
        body=clean_body(body),
        lang=detect_lang(text, default="en"),
        interest_date=notification.date,
        title=notification.subject or "",
        read_by="fallback",
    )


def own_words(text):
    """The text of an e-mail without its quoted history (what the person wrote this time)."""
    lines = []
    for line in (text or "").splitlines():
        if _QUOTE_START.match(line.strip()):
            break
        lines.append(line)
    return clean_body("\n".join(lines))
