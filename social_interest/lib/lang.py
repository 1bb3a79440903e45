"""Which language a text is written in, guessed from its scripts (no ORM, no model).

One guess for the whole suite: the mail gateway stores it on the card, listening on the
mention and uses it to pick the sentiment lexicon and to filter rules by language.
"""

import re

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")  # Japanese for sure
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text, default=""):
    """Two-letter language of a text: ``ja`` (kana or kanji), ``ru`` (Cyrillic), ``en`` (Latin).

    A rough guess on scripts only. Kana is Japanese for sure. Cyrillic, or kanji (read as
    Japanese, the only CJK language we ship), wins when it is at least a third of the letters:
    a Russian or Japanese sentence naming a Latin brand is still Russian or Japanese, an
    English one quoting a word is still English. ``default`` when no letter tells.
    """
    text = text or ""
    if _KANA.search(text):
        return "ja"
    latin = len(_LATIN.findall(text))
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic and cyrillic >= latin / 2:
        return "ru"
    kanji = len(_CJK.findall(text))
    if kanji and kanji >= latin / 2:
        return "ja"
    if latin:
        return "en"
    return default
