"""Which product a person is interested in, from its name, keywords or page URL (no ORM).

One matcher for the mail gateway (a notification's text, the product a rule captured, the
page's URL) and for listening (a post's text). Names and keywords are compared folded (NFKC,
case-folded, runs of spaces as one):

- a term with Japanese / Chinese characters matches anywhere (those scripts do not separate
  words);
- any other term matches as whole words, a plural allowed: "oak dining tables" names
  "Oak Dining Table", "a soak tablet" names nothing; Japanese glued to a Latin name
  ("Oak tableを") is a word boundary;
- a URL names a product when the product's slug is in it (``/shop/oak-table-12``);
- the longest term found wins ("Oak table XL" beats "Oak table"), then the first product.

The terms are compiled once into one trie regex, so a text is scanned once whatever the
number of products.
"""

import re
import unicodedata

from .trie import trie_regex

MIN_TERM = 3  # shorter names and keywords ("TV", "A1") name too much
# Characters that glue a Latin or Cyrillic word to its neighbours (after case folding).
_WORD = re.compile(r"[0-9a-z_\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_PLURALS = ("s", "es")


def fold(text):
    """The form in which texts and terms are compared."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def slug(text):
    """``Oak Table 12`` -> ``oak-table-12``, as shops write product URLs."""
    return re.sub(r"[\W_]+", "-", fold(text)).strip("-")


class ProductMatcher:
    """The compiled form of a product list; :meth:`match` per item."""

    def __init__(self, candidates):
        """:param candidates: iterable of ``(id, name, keywords)``; keywords is a
        comma-separated string (may be empty or False)"""
        self.candidates = [(pid, name or "", keywords or "") for pid, name, keywords in candidates]
        self._slugs = {}  # product name's slug -> id (first product wins)
        self._owner = {}  # term -> (rank, id): the first product that names it
        for rank, (pid, name, keywords) in enumerate(self.candidates):
            self._slugs.setdefault(slug(name), pid)
            for term in (name, *keywords.split(",")):
                term = fold(term)
                if len(term) >= MIN_TERM:
                    self._owner.setdefault(term, (rank, pid))
        # every written form -> the term it stands for (a Latin term also in the plural)
        self._forms = {}
        for term in self._owner:
            self._forms.setdefault(term, term)
            if term.isascii() and term[-1].isalpha():
                for plural in _PLURALS:
                    self._forms.setdefault(term + plural, term)
        self._regex = re.compile(trie_regex(sorted(self._forms))) if self._forms else None
        # a form found at a position may hide shorter forms starting there ("oak table" in
        # "oak tables"): the prefixes of each form that are forms themselves
        self._prefixes = {
            form: [form[:i] for i in range(len(form) - 1, 0, -1) if form[:i] in self._forms]
            for form in self._forms
        }
        self._url_terms = [(slug(term), term) for term in self._owner]

    def match(self, product_name="", texts=(), urls=()):
        """The id of the best product for the given clues, or ``False``.

        :param product_name: a name captured by a rule: matched first, exactly then contained
        :param texts: free texts (body, title) searched for names and keywords
        :param urls: page URLs searched for the product's slug
        """
        if product_name and (pid := self._slugs.get(slug(product_name))):
            return pid
        found = self.found_terms(" ".join(t for t in (product_name, *texts) if t))
        url_text = " ".join(slug(url) for url in urls if url)
        if url_text:
            found.update(term for term_slug, term in self._url_terms if term_slug in url_text)
        if not found:
            return False
        best = min(found, key=lambda term: (-len(term), self._owner[term][0]))
        return self._owner[best][1]

    def found_terms(self, text):
        """The product terms named in ``text``."""
        found = set()
        if self._regex is None:
            return found
        text = fold(text)
        pos = 0
        while (m := self._regex.search(text, pos)) is not None:
            start = m.start()
            for form in (m.group(), *self._prefixes[m.group()]):
                term = self._forms[form]
                if _CJK.search(term) or _bounded(text, start, start + len(form)):
                    found.add(term)
            pos = start + 1
        return found


def _bounded(text, start, end):
    """True when ``text[start:end]`` is whole words (not glued to a Latin or Cyrillic letter)."""
    return not (
        (start and _WORD.match(text, start - 1)) or (end < len(text) and _WORD.match(text, end))
    )


def match_product(candidates, product_name="", texts=(), urls=()):
    """The id of the best product of ``candidates`` for the given clues, or ``False``.

    See :meth:`ProductMatcher.match`; build a :class:`ProductMatcher` once to match many items.
    """
    return ProductMatcher(candidates).match(product_name, texts, urls)
