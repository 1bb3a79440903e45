"""Small text helpers: language, rating, handles and profile URLs."""

import re
from urllib.parse import urlsplit

_JA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")  # kana: Japanese for sure
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")

_STAR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5,
}  # fmt: skip


def detect_lang(text, default=""):
    """Two-letter language of a text: ``ja`` (kana or kanji), ``ru`` (Cyrillic), ``en`` (Latin).

    A rough guess on scripts only; ``default`` (the rule's language) when the text is empty.
    """
    text = text or ""
    if _JA.search(text):
        return "ja"
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic and cyrillic >= latin / 2:
        return "ru"
    if _CJK.search(text) and not latin:
        return "ja"
    if latin:
        return "en"
    return default


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


def normalize_handle(handle):
    """``@Jane.Roe`` -> ``jane.roe``: the form identities are matched on."""
    if not handle:
        return ""
    return handle.strip().lstrip("@").strip().lower()


def normalize_profile_url(url):
    """A profile URL reduced to ``host/path`` (no scheme, ``www.``, query or trailing slash)."""
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if not host:
        return ""
    if host.startswith(("www.", "m.", "mobile.")):
        host = host.split(".", 1)[1]
    path = parts.path.rstrip("/")
    return f"{host}{path}".lower()


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
