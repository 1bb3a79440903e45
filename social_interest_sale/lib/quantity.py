"""What a person's words say about an order (no ORM): how many they want, which order
they ask about.

- ``quantity("how much for 6 desks?", ["desk"])`` → 6; Japanese counters ("6台", "６個",
  "3脚") and explicit units ("6 pcs", "x6", "qty: 6") too. A number that is a price
  ("$600", "600円"), a percentage or a year-like figure is not a quantity. ``None`` when
  the text names no quantity.
- ``asks_to_buy("how much for 6 desks?")`` → True: the words ask a price, a quotation or
  to buy (English and Japanese: いくら, 見積, 購入したい...), not an order's status.
- ``order_references("where is S00042?")`` → ``["S00042"]``: the words shaped like an
  order's reference (letters then digits, "SO/2026/0042" too), to be looked up among the
  person's own orders.

Every pattern is linear on hostile text (bounded repetitions, no nested quantifiers).
"""

import re
import unicodedata

MAX_QUANTITY = 9999  # beyond this a number is a price, a phone: not a quantity
YEARS = (1900, 2100)
# Japanese counters of goods: 台 machines and furniture, 個 pieces, 脚 chairs, 枚 sheets...
_COUNTERS = ("台", "個", "脚", "枚", "本", "点", "つ", "箱", "冊", "着", "足", "組", "セット")
_CURRENCY = "$€£¥₩円元"
_TIMES = "\u00d7"  # the multiplication sign, as in "(times) 6"
_NUMBER = r"(?<![\d.,/:" + re.escape(_CURRENCY) + r"])(\d{1,4})(?![\d.,:/%])"
_JAPANESE = re.compile(_NUMBER + r"\s?(?:" + "|".join(_COUNTERS) + ")")
_UNITS = re.compile(
    _NUMBER
    + r"\s?(?:x\b|"
    + _TIMES
    + r"|pcs?\b|pieces?\b|units?\b|items?\b|sets?\b|boxes\b"
    + r"|of\s(?:the|those|these|them)\b)"
)
_LEADING = re.compile(r"(?:\bqty|\bquantity|\bx|" + _TIMES + r")\s?[:=]?\s?(\d{1,4})(?![\d.,:/%])")
_NOT_GOODS = ("yen", "dollars?", "euros?", "years?", "days?", "weeks?", "months?", "hours?")
_FOR = re.compile(
    r"\b(?:for|need|want|order|buy|take|get)\s"
    + _NUMBER
    + r"(?!\s?(?:"
    + "|".join(_NOT_GOODS)
    + r")\b)"
)
_WORDS_BETWEEN = 2  # "6 oak desks": a number, up to two words, then the product's name
_REFERENCE = re.compile(r"(?<![\w/-])([A-Z]{1,6}[/-]?(?:\d{2,4}[/-])?\d{3,12})(?![\w/-])")


def fold(text):
    """The form in which a text is read: full-width digits as digits, case-folded."""
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


def quantity(text, product_terms=()):
    """The quantity ``text`` asks for, or ``None`` (see the module's docstring).

    :param product_terms: the product's name and keywords: a number right before one of
        them ("6 desks", "6 oak desks") is its quantity
    """
    text = fold(text)
    if not text:
        return None
    for pattern in (_JAPANESE, _UNITS, _LEADING):
        found = _first(pattern, text, years=True)
        if found:
            return found
    for term in product_terms:
        term = fold(term)
        if len(term) < 3:
            continue
        words = r"(?:\s[^\s\d]{1,30}){0," + str(_WORDS_BETWEEN) + "}"
        pattern = re.compile(_NUMBER + words + r"\s?" + re.escape(term))
        found = _first(pattern, text)
        if found:
            return found
    return _first(_FOR, text)


_BUYING = re.compile(
    r"\b(?:how\smuch|price[sd]?|pricing|quotes?|quotation|estimates?|costs?|"
    r"(?:want|like|wish|plan|looking)\s(?:\w+\s){0,2}(?:to\s)?(?:buy|order|purchase)|"
    r"(?:can|could|may)\si\s(?:buy|order|purchase)|where\scan\si\s(?:buy|get)|"
    r"discount|bulk|wholesale|in\sstock|available\sto\sbuy)\b"
    r"|いくら|価格|値段|料金|見積|購入し?たい|買いたい|注文したい|欲しいのですが|在庫",
    re.IGNORECASE,
)


def asks_to_buy(text):
    """Whether ``text`` asks a price, a quotation or to buy (not an order's status)."""
    return bool(_BUYING.search(unicodedata.normalize("NFKC", (text or "")[:5000])))


def order_references(text, limit=10):
    """The words of ``text`` shaped like an order's reference, in order, at most ``limit``."""
    found = []
    for match in _REFERENCE.finditer(unicodedata.normalize("NFKC", text or "")):
        reference = match.group(1)
        if reference not in found:
            found.append(reference)
        if len(found) >= limit:
            break
    return found


def _first(pattern, text, years=False):
    """The first number ``pattern`` captures that may be a quantity; a bare number that
    looks like a year ("for 2026") is one only with a unit (``years``)."""
    for match in pattern.finditer(text):
        number = int(match.group(1))
        if 0 < number <= MAX_QUANTITY and (years or not YEARS[0] <= number <= YEARS[1]):
            return number
    return None
