"""Keyword rules compiled once and matched in bulk (no ORM).

Every term of every rule goes into one regular expression built as a trie, so a text is
scanned once whatever the number of rules; only the rules whose terms were found are then
evaluated. Texts and terms are normalised the same way (NFKC, case-folded, runs of spaces as
one), which folds full-width Latin letters, half-width katakana and capitals together.

Term kinds:
- Latin words and phrases match on word boundaries: "odoo" matches "Odoo!" and "Odooを使う"
  (Japanese glued to a Latin word is a boundary) but not "odooist".
- Terms with Japanese / Chinese / Korean characters match anywhere: those scripts do not
  separate words with spaces.
- Hashtags ("#odoo") match the whole tag: "#odoo" but not "#odoocommunity".
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from odoo.addons.social_interest.lib.trie import trie_regex

# Characters that glue a Latin term to its neighbours (after case folding).
_WORD = r"0-9a-z_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_TOKEN = re.compile(f"[{_WORD}]+")
# A hashtag is '#' and everything up to the next space or punctuation (any script).
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
# Hiragana, katakana, CJK ideographs, Hangul and their punctuation / full-width forms.
_CJK = re.compile(
    r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f]"
)
_SPLIT = re.compile(r"[,\n;\u3001\uff0c]+")  # also the Japanese commas


def normalize(text):
    """The form in which terms are compared: folded, runs of spaces as one."""
    return " ".join(fold(text).split())


def fold(text):
    """The form in which texts are scanned: NFKC (full-width Latin, half-width katakana)
    and case folding. Spaces do not matter: words are compared as tokens."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", text).casefold()


def split_terms(value):
    """Terms of a rule field: one per line or comma-separated, normalised, without blanks."""
    if not value:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        items = _SPLIT.split(value)
    terms = []
    for item in items:
        term = normalize(item).strip().strip('"').strip()
        if term and term not in terms:
            terms.append(term)
    return terms


def split_hashtags(value):
    """Hashtags of a rule field, each starting with '#' (given with or without it)."""
    tags = []
    for term in split_terms((value or "").replace(" ", ",") if isinstance(value, str) else value):
        tag = "#" + term.lstrip("#")
        if len(tag) > 1 and tag not in tags:
            tags.append(tag)
    return tags


def is_cjk(term):
    return bool(_CJK.search(term))


@dataclass
class RuleSpec:
    """One keyword rule as plain data (the model builds these)."""

    key: object
    any_terms: list = field(default_factory=list)
    all_terms: list = field(default_factory=list)
    exclude_terms: list = field(default_factory=list)
    phrases: list = field(default_factory=list)
    hashtags: list = field(default_factory=list)
    langs: frozenset = frozenset()
    platforms: frozenset = frozenset()

    @classmethod
    def from_strings(cls, key, *, any_terms="", all_terms="", exclude_terms="", phrases="",
                     hashtags="", langs="", platforms=""):  # fmt: skip
        return cls(
            key=key,
            any_terms=split_terms(any_terms),
            all_terms=split_terms(all_terms),
            exclude_terms=split_terms(exclude_terms),
            phrases=[p for p in split_terms((phrases or "").replace(",", "\n")) if p],
            hashtags=split_hashtags(hashtags),
            langs=frozenset(_lang_prefix(lang) for lang in split_terms(langs)),
            platforms=frozenset(split_terms(platforms)),
        )

    @property
    def positive(self):
        return set(self.any_terms) | set(self.phrases) | set(self.hashtags)


def _lang_prefix(lang):
    """'ja_JP', 'ja-jp' and 'ja' all mean Japanese."""
    return (lang or "").replace("_", "-").split("-")[0].lower()


class RuleMatcher:
    """Compiled form of a list of :class:`RuleSpec`; call :meth:`match` per text."""

    def __init__(self, specs):
        self.specs = list(specs)
        terms = set()
        self._rules_by_term = defaultdict(list)
        self._always = []  # rules with no term to look for: only filters
        for index, spec in enumerate(self.specs):
            # A rule is looked at only when one of its positive terms is found (it needs
            # one); a rule with "all" terms only, when its first "all" term is found.
            keyed = spec.positive or set(spec.all_terms[:1])
            terms |= spec.positive | set(spec.all_terms) | set(spec.exclude_terms)
            if not keyed:
                self._always.append(index)
            for term in keyed:
                self._rules_by_term[term].append(index)
        self._checks = [
            (
                spec.key,
                spec.langs,
                spec.platforms,
                frozenset(spec.positive),
                frozenset(spec.all_terms),
                frozenset(spec.exclude_terms),
            )
            for spec in self.specs
        ]
        self.terms = terms
        # Latin terms are looked up as whole tokens (a set intersection per text); a term
        # of several tokens ("new york", "co-op") is a phrase checked on the token sequence.
        self._words = set()
        self._phrases = defaultdict(list)  # first token -> [(phrase tokens joined, term)]
        self._tags = set()
        cjk = []
        for term in terms:
            if term.startswith("#"):
                self._tags.add(term)
            elif is_cjk(term):
                cjk.append(term)
            else:
                tokens = _TOKEN.findall(term)
                if len(tokens) == 1 and tokens[0] == term:
                    self._words.add(term)
                elif tokens:
                    self._phrases[tokens[0]].append((" " + " ".join(tokens) + " ", term))
        self._heads = set(self._phrases)
        # Scripts without spaces: one trie regex finds every term anywhere in the text.
        self._cjk_regex = re.compile(trie_regex(sorted(cjk))) if cjk else None
        by_len = sorted(cjk, key=len)
        self._cjk_prefixes = {t: [p for p in by_len if len(p) < len(t) and t.startswith(p)]
                              for t in cjk}  # fmt: skip

    def found_terms(self, norm):
        """Terms present in the folded text ``norm`` (see :func:`fold`)."""
        tokens = _TOKEN.findall(norm)
        found = self._words.intersection(tokens)
        heads = self._heads.intersection(tokens) if self._heads else None
        if heads:
            joined = " " + " ".join(tokens) + " "
            for head in heads:
                for needle, term in self._phrases[head]:
                    if needle in joined:
                        found.add(term)
        if self._tags and "#" in norm:
            found |= set(_HASHTAG.findall(norm)) & self._tags
        if self._cjk_regex is not None and not norm.isascii():
            pos = 0
            search = self._cjk_regex.search
            while (m := search(norm, pos)) is not None:
                longest = m.group()
                found.add(longest)
                found.update(self._cjk_prefixes[longest])
                pos = m.start() + 1
        return found

    def match(self, text, lang=None, platform=None):
        """Keys of the rules that ``text`` (in ``lang``, from ``platform``) satisfies."""
        found = self.found_terms(fold(text))
        if not found and not self._always:
            return []
        candidates = set(self._always)
        rules_by_term = self._rules_by_term
        for term in found:
            if term in rules_by_term:
                candidates.update(rules_by_term[term])
        if not candidates:
            return []
        lang = _lang_prefix(lang)
        platform = platform or ""
        keys = []
        checks = self._checks
        for index in sorted(candidates):
            key, langs, platforms, positive, all_terms, exclude = checks[index]
            if (
                (langs and lang not in langs)
                or (platforms and platform not in platforms)
                or (positive and positive.isdisjoint(found))
                or (all_terms and not all_terms <= found)
                or (exclude and not exclude.isdisjoint(found))
            ):
                continue
            keys.append(key)
        return keys

    def match_many(self, items):
        """``items``: iterable of (text, lang, platform); returns one list of keys per item."""
        match = self.match
        return [match(text, lang, platform) for text, lang, platform in items]
