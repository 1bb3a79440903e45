"""Which language a text is written in: one detector for the whole suite (no ORM).

The mail gateway stores it on the card, listening on the mention (when the platform gives
no language of its own) and uses it to pick the sentiment model and to filter keyword rules
by language.

The detector is Lingua (``lingua-language-detector``, Apache-2.0), whose models ship in its
wheel (nothing is downloaded at run time), restricted to the languages the suite reads:
English, Japanese, Chinese, Korean, Russian, Ukrainian, Spanish, French, German and
Portuguese. Short texts use its high-accuracy models (up to five-letter sequences, loaded on
first use, about 200 MB for the ten languages), long ones its fast trigram mode. Before it,
the writing systems settle what they settle for sure: kana is Japanese, Hangul Korean; a
text whose letters are mostly CJK ideographs is Chinese when it has a character only Chinese
writes (的, 了, 我, 很…), Japanese when it is a few ideographs without one (a name, a place,
a compound noun), else Chinese or Japanese by Lingua's models for those two. A short text
that no language clearly wins ("lol", "👍") gives ``default``.
"""

import re
import threading

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

CODES = ("en", "ja", "zh", "ko", "ru", "uk", "es", "fr", "de", "pt")
SHORT = 200  # characters: below, the high-accuracy models
MAX_TEXT = 2000  # characters looked at: enough to tell, bounded on hostile input
MIN_CONFIDENCE = 0.35  # a short text's best language must reach this share

_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")  # Japanese for sure
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")  # Korean for sure
_CJK = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
# characters Chinese writes every few words and Japanese does not (Japanese uses kana there)
_CHINESE_ONLY = re.compile(
    r"[的了们們这這个個吗嗎吧呢么麼说說请請问問您你我他她很没沒还還给給对對是]"
)
_LETTER = re.compile(r"[^\W\d_]")
# bounded runs: linear time on a hostile line of word characters without "@"
_URL = re.compile(r"https?://\S+|www\.\S+|[\w.+-]{1,64}@[\w-]{1,63}\.[\w.]{1,255}|[@#][\w.]+")

_LANGUAGES = {
    Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())): code for code in CODES
}
_lock = threading.Lock()
_detectors = {}


def _detector(kind):
    """The detector of ``kind`` ("short", "long" or "cjk"), built once per process."""
    detector = _detectors.get(kind)
    if detector is None:
        with _lock:
            detector = _detectors.get(kind)
            if detector is None:
                if kind == "cjk":
                    languages = [lang for lang, code in _LANGUAGES.items() if code in ("ja", "zh")]
                else:
                    languages = list(_LANGUAGES)
                builder = LanguageDetectorBuilder.from_languages(*languages)
                if kind == "long":
                    builder = builder.with_low_accuracy_mode()
                detector = _detectors[kind] = builder.build()
    return detector


def detect_lang(text, default=""):
    """Two-letter language of ``text`` (one of ``CODES``), or ``default`` when unsure.

    Links, addresses, @handles and #tags are not language and are left out.
    """
    text = _URL.sub(" ", (text or "")[:MAX_TEXT]).strip()
    letters = len(_LETTER.findall(text))
    if not letters:
        return default
    if _KANA.search(text):
        kana_share = len(_KANA.findall(text)) + len(_CJK.findall(text))
        if kana_share * 3 >= letters:
            return "ja"
    hangul = len(_HANGUL.findall(text))
    if hangul and hangul * 3 >= letters:
        return "ko"
    kanji = len(_CJK.findall(text))
    if kanji and kanji * 2 >= letters:
        if _CHINESE_ONLY.search(text):
            return "zh"
        if kanji < 12:
            return "ja"  # a few ideographs and no Chinese function word: a Japanese noun
        found = _detector("cjk").detect_language_of(text)
        return _LANGUAGES.get(found, default) if found else "zh"
    if len(text) >= SHORT:
        found = _detector("long").detect_language_of(text)
        return _LANGUAGES.get(found, default) if found else default
    values = _detector("short").compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return default
    return _LANGUAGES.get(values[0].language, default)


def warm_up():
    """Load the detector's models now (about 1 s), not on the first mail of a worker."""
    for text in ("Where is my order?", "Где мой заказ?", "注文はまだですか", "我的订单在哪里呢"):
        detect_lang(text)
