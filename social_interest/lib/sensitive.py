"""Sensitive data in public text: find it, say what it is, mask it.

Plain Python (no ORM). Every detector validates what it finds so that ordinary numbers
(an order number, a date, a price) are not taken for personal data:

* payment card numbers (13 to 19 digits) pass the Luhn check;
* IBANs pass the ISO 13616 mod-97 check;
* Japan's My Number (12 digits) passes its check digit;
* US social security numbers are written ``123-45-6789`` (or with spaces) and use a valid
  area, group and serial;
* phone numbers are international (``+`` and 8 to 15 digits), or national (10 or 11
  digits) written with separators or as one run starting with 0;
* e-mail addresses.
"""

import re
from typing import NamedTuple

CARD = "card"
IBAN = "iban"
MY_NUMBER = "my_number"
SSN = "ssn"
PHONE = "phone"
EMAIL = "email"

# Most specific first: a span claimed by one kind is not looked at again.
KINDS = (CARD, IBAN, MY_NUMBER, SSN, EMAIL, PHONE)

MASK_CHAR = "•"


class Finding(NamedTuple):
    kind: str
    start: int
    end: int
    text: str


def _digits(text):
    return "".join(ch for ch in text if ch.isdigit())


# --------------------------------------------------------------------------- validators


def luhn_valid(number):
    """The Luhn (mod 10) check of payment card numbers."""
    digits = [int(d) for d in _digits(number)]
    if not digits:
        return False
    total = 0
    for index, digit in enumerate(reversed(digits)):
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def iban_valid(iban):
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    compact = re.sub(r"[\s-]", "", iban).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(numeric) % 97 == 1


def my_number_valid(number):
    """Japan's Individual Number (マイナンバー): 11 digits and a check digit.

    With P(n) the n-th digit counted from the right excluding the check digit and
    Q(n) = n + 1 for n <= 6, n - 5 for n >= 7: remainder = sum(P(n) * Q(n)) mod 11,
    check digit = 0 if remainder <= 1 else 11 - remainder.
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


def ssn_valid(ssn):
    """US SSN: area 001-899 except 666, group 01-99, serial 0001-9999."""
    digits = _digits(ssn)
    if len(digits) != 9:
        return False
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    return 0 < area < 900 and area != 666 and group > 0 and serial > 0


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


def _phone_valid(text):
    digits = _digits(text)
    if text.startswith("+"):
        return 8 <= len(digits) <= 15
    has_separator = any(ch in text for ch in " -.()")
    if not has_separator:
        # a domestic number written in one run, e.g. 09012345678 (Japan)
        return text.startswith("0") and len(digits) in (10, 11)
    # national numbers are 10 or 11 digits (US, Japan, most of Europe)
    return len(digits) in (10, 11)


_DETECTORS = {
    CARD: (_CARD_RE, lambda t: 13 <= len(_digits(t)) <= 19 and luhn_valid(t)),
    IBAN: (_IBAN_RE, iban_valid),
    MY_NUMBER: (_MY_NUMBER_RE, my_number_valid),
    SSN: (_SSN_RE, ssn_valid),
    EMAIL: (_EMAIL_RE, lambda t: True),
    PHONE: (_PHONE_RE, _phone_valid),
}


def find_sensitive(text):
    """Every piece of sensitive data in ``text``, in order, without overlaps."""
    if not text:
        return []
    findings = []
    taken = []
    for kind in KINDS:
        pattern, valid = _DETECTORS[kind]
        for match in pattern.finditer(text):
            start, end = match.span()
            candidate = match.group(0).strip()
            end = start + len(candidate)
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if valid(candidate):
                findings.append(Finding(kind, start, end, candidate))
                taken.append((start, end))
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
