"""Field-by-field score of the mail gateway on a corpus of notification e-mails.

Used by the corpus tests (``test_mail_corpus.py``). Every e-mail goes through
Odoo's own gateway (``mail.thread.message_process``) inside a savepoint that is rolled back,
so one e-mail never meets the cards of another; the cards it made are compared with the
expected ones written beside it (see data/mail/README.md for the format).
"""

import email
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..lib.identity import normalize_profile_url
from .gateway_common import COMPARED

DATA = Path(__file__).resolve().parents[2] / "data"
CORPUS = DATA / "mail_corpus"
# what a card is compared on; author_url as identities compare it (normalised), the date to
# the minute (a forwarding client writes the original's date without its seconds)
FIELDS = (*COMPARED, "interest_date", "product", "others_count")


@dataclass
class Score:
    """Fields read right out of fields expected, and what was missed."""

    right: int = 0
    total: int = 0
    misses: list = field(default_factory=list)  # (file, card index, field, expected, got)
    read_by: dict = field(default_factory=dict)  # read_by -> number of cards

    @property
    def share(self):
        return self.right / self.total if self.total else 0.0


def corpus_paths(folder=CORPUS):
    return sorted(Path(folder).glob("*/*.eml"))


def expected_of(path):
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def ensure_products(env, folder=CORPUS):
    """The products the corpus names, with their keywords (``products.json``)."""
    products = json.loads((Path(folder) / "products.json").read_text(encoding="utf-8"))
    Product = env["product.template"]
    for name, keywords in products.items():
        product = Product.search([("name", "=", name)], limit=1)
        if product:
            product.social_keywords = keywords
        else:
            Product.create({"name": name, "social_keywords": keywords})


def _norm(name, value):
    if name == "product":
        return value or ""
    value = "" if value in (None, False, 0, 0.0) else str(value)
    value = re.sub(r"\s+", " ", value).strip()
    if name == "author_handle":
        value = value.lower().lstrip("@")
    elif name == "author_url":
        value = normalize_profile_url(value)
    elif name == "interest_date":
        value = value[:16]
    elif name == "rating":
        value = str(int(float(value))) if value else ""
    return value


def card_values(card):
    values = {name: card[name] for name in FIELDS if name in card._fields}
    values["product"] = card.product_tmpl_id.name or ""
    values["interest_date"] = str(card.interest_date or "")
    values["read_by"] = card.read_by
    return values


def read_cards(env, raw):
    """The cards the gateway makes of one e-mail, as dicts; nothing of it is kept."""
    cr = env.cr
    cr.execute("SAVEPOINT social_corpus_read")
    try:
        thread_id = env["mail.thread"].message_process("social.interest", raw)
        message_id = (email.message_from_bytes(raw)["Message-Id"] or "").strip()
        Interest = env["social.interest"].with_context(active_test=False)
        cards = Interest.search([("message_id", "=", message_id)], order="id")
        if not cards and thread_id:
            cards = Interest.browse(thread_id)
        return [card_values(card) for card in cards]
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT social_corpus_read")
        env.invalidate_all()


def score(env, paths, rules=True):
    """Score the gateway on ``paths``; with ``rules`` off every parsing rule is archived
    for the time of the run (the general reader alone)."""
    Rule = env["social.interest.parse.rule"]
    cr = env.cr
    cr.execute("SAVEPOINT social_corpus_rules")
    try:
        if not rules:
            Rule.search([]).write({"active": False})
        result = Score()
        for path in paths:
            expected = expected_of(path)["cards"]
            got = read_cards(env, path.read_bytes())
            for index, wanted in enumerate(expected):
                card = got[index] if index < len(got) else {}
                if card:
                    result.read_by[card["read_by"]] = result.read_by.get(card["read_by"], 0) + 1
                for name in FIELDS:
                    result.total += 1
                    want, have = _norm(name, wanted.get(name)), _norm(name, card.get(name))
                    if want == have:
                        result.right += 1
                    else:
                        result.misses.append((_label(path), index, name, want, have))
            if len(got) != len(expected):
                result.misses.append((_label(path), "cards", len(expected), len(got)))
        return result
    finally:
        cr.execute("ROLLBACK TO SAVEPOINT social_corpus_rules")
        env.invalidate_all()
        env.registry.clear_cache()


def _label(path):
    return f"{path.parent.name}/{path.name}"
