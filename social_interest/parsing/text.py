"""Small text helpers: rating, the person's words, full names."""

import re

_CJK = re.compile(r"[\u4e00-\u9fff]")

_STAR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5,
}  # fmt: skip


def parse_rating(value):
    """Stars as an integer 1..5 from "4", "4/5", "4.0", "★★★★☆", "four" or "5つ星"; 0 if none."""
    if not value:
        return 0
    value = str(value).strip()
    stars = value.count("★") or value.count("⭐")
    if stars:
        return min(stars, 5)
    match = re.search(r"(\d+(?:[.,]\d+)?)", value)
    if match:
        number = round(float(match.group(1).replace(",", ".")))
        return number if 1 <= number <= 5 else 0
    return _STAR_WORDS.get(value.lower(), 0)


def clean_body(text, limit=20000):
    """The person's words: whitespace trimmed per line, blank runs collapsed, length capped."""
    if not text:
        return ""
    lines = [line.strip() for line in str(text).replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    text = text.strip("\"'“”「」«»")
    return text[:limit].strip()


def is_full_name(name):
    """A name good enough to create a contact: two words, or a CJK name of two characters+."""
    name = (name or "").strip()
    if not name or "@" in name:
        return False
    if len(name.split()) >= 2:
        return True
    return len(_CJK.findall(name)) >= 2
