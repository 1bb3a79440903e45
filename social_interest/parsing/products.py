"""Which product a person is interested in, from its name, keywords or page URL."""

import re
import unicodedata


def _slug(text):
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"[\W_]+", "-", text).strip("-")


def match_product(candidates, product_name="", texts=(), urls=()):
    """Return the id of the best product for the given clues, or ``False``.

    :param candidates: iterable of ``(id, name, keywords)``; keywords is a comma-separated
        string (may be empty)
    :param product_name: a name captured by a rule: matched first, exactly then contained
    :param texts: free texts (body, title) searched for names and keywords
    :param urls: page URLs searched for the product's slug (``/shop/oak-table-12``)
    Longer matches win: "Oak table XL" beats "Oak table".
    """
    candidates = [(pid, name or "", keywords or "") for pid, name, keywords in candidates]
    if product_name:
        wanted = _slug(product_name)
        for pid, name, _kw in candidates:
            if _slug(name) == wanted:
                return pid
    text = unicodedata.normalize("NFKC", " ".join(t for t in (product_name, *texts) if t))
    text = text.casefold()
    url_text = " ".join(_slug(url) for url in urls if url)
    best, best_len = False, 0
    for pid, name, keywords in candidates:
        terms = [name, *keywords.split(",")]
        for term in terms:
            term = unicodedata.normalize("NFKC", term).strip().casefold()
            if len(term) < 3:
                continue
            found = _contains(text, term) or (url_text and _slug(term) in url_text)
            if found and len(term) > best_len:
                best, best_len = pid, len(term)
    return best


def _contains(text, term):
    if not text:
        return False
    if term.isascii():
        # whole words, plural allowed: "oak dining tables" names "Oak Dining Table"
        return re.search(r"(?<!\w)" + re.escape(term) + r"(?:e?s)?(?!\w)", text) is not None
    return term in text  # Japanese has no spaces between words
