"""Which language a text is written in, guessed from its scripts (no ORM, no model).

One guess for the whole suite: the mail gateway stores it on the card, listening on the
mention and uses it to pick the sentiment lexicon and to filter rules by language.
"""

import re

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")  # Japanese for sure
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")  # Korean for sure
_CJK = re.compile(r"[\u4e00-\u9fff]")
# characters Chinese writes every few words and Japanese does not (Japanese uses kana there)
_CHINESE_ONLY = re.compile(
    r"[的了们們这這个個吗嗎吧呢么麼说說请請问問您你我他她很没沒还還给給对對]"
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_WORD = re.compile(r"[a-z\u00c0-\u024f']+")
# the most frequent short words of each Latin-script language we ship, and letters only it uses
_LATIN_WORDS = {
    "en": "the and you your is are it to of for in on this that with have be was not can do "
    "we i my",
    "es": "el la los las de que y en un una es por para con no se su al lo como del muy "
    "gracias hola",
    "fr": "le la les de des et est un une que pour pas vous je il elle avec sur au aux du ce "
    "qui merci",
    "de": "der die das und ist nicht ich sie es ein eine zu den mit von für auf dem sich auch "
    "wir gibt",
    "pt": "o a os as de que e do da em um uma para com não se por mais muito você obrigado "
    "olá são",
}
_LATIN_SETS = {lang: set(words.split()) for lang, words in _LATIN_WORDS.items()}
_LATIN_LETTERS = {"es": "ñ¿¡", "de": "ßäöü", "fr": "èêëîœàâùûç", "pt": "ãõçâêô"}


def detect_lang(text, default=""):
    """Two-letter language of a text: ja, ko, zh, ru, en, es, fr, de or pt.

    A rough guess on scripts, then on the commonest words for Latin script. Kana is Japanese
    for sure, Hangul Korean. Cyrillic, or CJK ideographs, win when they are at least a third
    of the letters: a Russian or Japanese sentence naming a Latin brand is still Russian or
    Japanese, an English one quoting a word is still English. Ideographs without kana are
    Chinese when a character only Chinese writes appears, else Japanese. Latin script is the
    language whose frequent words and letters the text has most (English on a tie).
    ``default`` when no letter tells.
    """
    text = text or ""
    if _KANA.search(text):
        return "ja"
    latin = len(_LATIN.findall(text))
    if _HANGUL.search(text) and len(_HANGUL.findall(text)) * 2 >= latin:
        return "ko"
    cyrillic = len(_CYRILLIC.findall(text))
    if cyrillic and cyrillic >= latin / 2:
        return "ru"
    kanji = len(_CJK.findall(text))
    if kanji and kanji >= latin / 2:
        return "zh" if _CHINESE_ONLY.search(text) else "ja"
    if latin:
        return _latin_lang(text)
    return default


def _latin_lang(text):
    low = text.lower()
    scores = dict.fromkeys(_LATIN_WORDS, 0.0)
    for word in _WORD.findall(low):
        for lang, common in _LATIN_SETS.items():
            if word in common:
                scores[lang] += 1
    for lang, letters in _LATIN_LETTERS.items():
        scores[lang] += 0.5 * sum(low.count(letter) for letter in letters)
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] > scores["en"] else "en"
