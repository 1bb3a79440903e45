"""Sensitive data in public text: find it, say what it is, mask it.

Plain Python (no ORM). Every detector validates what it finds so that ordinary numbers
(an order number, a date, a price) are not taken for personal data. The checks are
python-stdnum's (one of Odoo's own requirements) and phonenumbers' (Google's numbering
plans), not ours:

* payment card numbers (13 to 19 digits) pass the Luhn check (``stdnum.luhn``);
* IBANs pass ISO 13616 (``stdnum.iban``): mod-97 check digits, a known country, and the
  length and layout of that country's account numbers;
* Japan's My Number (12 digits) passes its check digit;
* US social security numbers are written ``123-45-6789`` (or with spaces) and are
  numbers the SSA issues (``stdnum.us.ssn``: no 000, 666 or 9xx area, no 00 group or 0000
  serial, none of the numbers known to be void);
* phone numbers written internationally (``+``) fit the numbering plan of their country
  code; numbers written nationally (10 or 11 digits, with separators or as one run
  starting with 0) are numbers of one of ``PHONE_REGIONS`` (see ``phone_valid``);
* e-mail addresses.

The patterns only propose candidates: they run on text from anyone, so each runs in
linear time (``tests/test_hostile_text.py`` and ``test_lib_sensitive.py`` try them on
64 KB lines of the characters they look for).
"""

import bisect
import re
from typing import NamedTuple

import phonenumbers
from stdnum import iban, luhn
from stdnum.us import ssn

CARD = "card"
IBAN = "iban"
MY_NUMBER = "my_number"
SSN = "ssn"
PHONE = "phone"
EMAIL = "email"

# Most specific first: a span claimed by one kind is not looked at again.
KINDS = (CARD, IBAN, MY_NUMBER, SSN, EMAIL, PHONE)

# Phone numbers written without a country code are read as numbers of these countries,
# in this order (our users' markets).
PHONE_REGIONS = ("JP", "US")

MASK_CHAR = "•"

# E.164: no phone number has more than 15 digits, country code included.
_PHONE_MAX_DIGITS = 15


class Finding(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


def _digits(text):
    return "".join(ch for ch in text if ch.isdigit())


def _digit_groups(text):
    return re.findall(r"\d+", text)


# --------------------------------------------------------------------------- validators


def luhn_valid(number):
    """The Luhn (mod 10) check of payment card numbers."""
    digits = _digits(number)
    return bool(digits) and luhn.is_valid(digits)


def iban_valid(number):
    """ISO 13616: mod-97 check digits, a known country, that country's length and layout.

    The national checks of a few countries (``stdnum.be.iban`` and the like) are left out
    on purpose: Belgium's looks the bank up in a list shipped with python-stdnum, and an
    IBAN of a bank newer than the list would be left unmasked.
    """
    return iban.is_valid(number, check_country=False)


def my_number_valid(number):
    """Japan's Individual Number (マイナンバー): 11 digits and a check digit.

    With P(n) the n-th digit counted from the right excluding the check digit and
    Q(n) = n + 1 for n <= 6, n - 5 for n >= 7: remainder = sum(P(n) * Q(n)) mod 11,
    check digit = 0 if remainder <= 1 else 11 - remainder.

    python-stdnum has this check as ``stdnum.jp.in_`` only since 2.0; Odoo 18 pins 1.19,
    which has no Individual Number module. Use ``stdnum.jp.in_.is_valid`` once Odoo's
    pin reaches it.
    """
    digits = _digits(number)
    if len(digits) != 12:
        return False
    body, check = digits[:11], int(digits[11])
    total = 0
    for n, digit in enumerate(reversed(body), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(digit) * weight
    remainder = total % 11
    expected = 0 if remainder <= 1 else 11 - remainder
    return check == expected


def ssn_valid(number):
    """A US social security number the SSA issues (area, group, serial, void numbers)."""
    # stdnum reads dashes only; we also find numbers written with spaces
    return ssn.is_valid(_digits(number))


def _parse_phone(text, region):
    try:
        return phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None


def _is_possible(number):
    # IS_POSSIBLE_LOCAL_ONLY (a number dialled without its area code) is too short to tell
    # from any other digits
    reason = phonenumbers.is_possible_number_with_reason(number)
    return reason == phonenumbers.ValidationResult.IS_POSSIBLE


def _written_like_its_country(text, number):
    """``text`` groups its digits exactly as the country formats this number nationally
    (``(555) 123-4567`` in the US, ``03-1234-5678`` in Japan)."""
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    groups = _digit_groups(national)
    return len(groups) > 1 and _digit_groups(text) == groups


def phone_valid(text):
    """Whether ``text`` (a candidate found by the phone pattern) is a phone number.

    Written with ``+``: the country code exists and the number has a length its numbering
    plan allows (phonenumbers' ``is_possible_number``), so ``+999 …`` or a US number with
    11 digits is not a phone and Niue's 7-digit ``+683 4002`` is.

    Written nationally: 10 or 11 digits with separators, or one run starting with the
    trunk prefix 0 (``09012345678``), and a number of one of ``PHONE_REGIONS``: valid there
    (an assigned range), or possible there and grouped exactly as that country writes
    its numbers. The latter keeps masking numbers in ranges not assigned (yet), like the
    US 555 numbers of films and examples: for personal data, a number laid out as a phone
    is masked rather than shown.
    """
    digits = _digits(text)
    if len(digits) > _PHONE_MAX_DIGITS:
        return False
    if text.startswith("+"):
        number = _parse_phone(text, None)
        return number is not None and _is_possible(number)
    has_separator = any(ch in text for ch in " -.()")
    if len(digits) not in (10, 11) or not (has_separator or text.startswith("0")):
        return False
    for region in PHONE_REGIONS:
        number = _parse_phone(text, region)
        if number is None:
            continue
        if phonenumbers.is_valid_number(number):
            return True
        if has_separator and _is_possible(number) and _written_like_its_country(text, number):
            return True
    return False


# --------------------------------------------------------------------------- patterns

# Digit runs with single spaces or dashes between groups, not glued to other digits/letters.
# Numbers are not glued to other digits, even across one space or dash.
_NOT_AFTER_DIGIT = r"(?<![\w+])(?<!\d[ -])"
_NOT_BEFORE_DIGIT = r"(?![ -]?\d)(?!\w)"
_CARD_RE = re.compile(_NOT_AFTER_DIGIT + r"(?:\d[ -]?){12,18}\d" + _NOT_BEFORE_DIGIT)
# IBANs are written in capitals, compact or in groups of four.
_IBAN_RE = re.compile(r"(?<!\w)[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?(?!\w)")
_MY_NUMBER_RE = re.compile(_NOT_AFTER_DIGIT + r"\d{4}[ -]?\d{4}[ -]?\d{4}" + _NOT_BEFORE_DIGIT)
_SSN_RE = re.compile(_NOT_AFTER_DIGIT + r"\d{3}([ -])\d{2}\1\d{4}" + _NOT_BEFORE_DIGIT)
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)"
)
_PHONE_RE = re.compile(r"(?<![\w+])(?:\+\s?)?(?:\(\d{1,5}\)\s?)?\d[\d\s.-]{6,}\d(?!\w)")


_DETECTORS = {
    CARD: (_CARD_RE, lambda t: 13 <= len(_digits(t)) <= 19 and luhn_valid(t)),
    IBAN: (_IBAN_RE, iban_valid),
    MY_NUMBER: (_MY_NUMBER_RE, my_number_valid),
    SSN: (_SSN_RE, ssn_valid),
    EMAIL: (_EMAIL_RE, lambda t: True),
    PHONE: (_PHONE_RE, phone_valid),
}


def _overlaps(starts, ends, start, end):
    """Whether ``[start, end)`` overlaps a taken span (``starts``/``ends``: sorted, disjoint)."""
    index = bisect.bisect_right(starts, start)
    if index and ends[index - 1] > start:
        return True
    return index < len(starts) and starts[index] < end


def find_sensitive(text):
    """Every piece of sensitive data in ``text``, in order, without overlaps."""
    if not text:
        return []
    findings = []
    # the spans taken so far, sorted: a look-up per candidate, not a scan of all findings
    # (a long text full of numbers would make that quadratic)
    starts, ends = [], []
    for kind in KINDS:
        pattern, valid = _DETECTORS[kind]
        for match in pattern.finditer(text):
            start = match.start()
            candidate = match.group(0).strip()
            end = start + len(candidate)
            if _overlaps(starts, ends, start, end) or not valid(candidate):
                continue
            findings.append(Finding(kind, start, end, candidate))
            index = bisect.bisect_right(starts, start)
            starts.insert(index, start)
            ends.insert(index, end)
    return sorted(findings, key=lambda f: f.start)


def sensitive_kinds(text):
    """The kinds found in ``text``, in the order of ``KINDS`` (e.g. ``["card", "phone"]``)."""
    found = {finding.kind for finding in find_sensitive(text)}
    return [kind for kind in KINDS if kind in found]


def _mask_keep_tail(text, keep):
    """Replace letters and digits by the mask character, keeping the last ``keep`` of them."""
    alnum_positions = [i for i, ch in enumerate(text) if ch.isalnum()]
    keep_from = len(alnum_positions) - keep
    hidden = set(alnum_positions[: max(keep_from, 0)])
    return "".join(MASK_CHAR if i in hidden else ch for i, ch in enumerate(text))


def _mask_email(text):
    local, _sep, domain = text.partition("@")
    return f"{local[:1]}{MASK_CHAR * 3}@{domain}"


def mask_finding(finding):
    if finding.kind == CARD:
        return _mask_keep_tail(finding.text, 4)
    if finding.kind == IBAN:
        masked = _mask_keep_tail(finding.text, 4)
        return finding.text[:2] + masked[2:]
    if finding.kind == EMAIL:
        return _mask_email(finding.text)
    if finding.kind == PHONE:
        return _mask_keep_tail(finding.text, 2)
    return _mask_keep_tail(finding.text, 0)


def mask_sensitive(text):
    """``text`` with each sensitive part masked (card and IBAN keep their last four)."""
    if not text:
        return text
    parts = []
    position = 0
    for finding in find_sensitive(text):
        parts.append(text[position : finding.start])
        parts.append(mask_finding(finding))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)
