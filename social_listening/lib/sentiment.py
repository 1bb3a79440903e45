"""Lexicon-based sentiment for English and Japanese (no ORM, no model download).

English: tokens are looked up in a weighted lexicon; a negator ("not", "never", "don't"...)
up to three tokens before a word flips it; intensifiers ("very", "so") strengthen it.
Japanese: the text has no spaces, so lexicon entries are found with one longest-match regex;
entries include their own negated forms ("良くない", "使えない") and a negation right after a
positive stem ("好きじゃない") flips it. Emoji and "!!!"-style emphasis count in both.

The word lists are our own and short on purpose: the accuracy measured on
``data/listening/sentiment_sample.tsv`` is quoted in the addon's readme.
"""

import re
import unicodedata

from odoo.addons.social_interest.lib.lang import detect_lang
from odoo.addons.social_interest.lib.trie import trie_regex

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"

EN_LEXICON = {
    # positive
    "good": 1, "great": 2, "excellent": 2, "amazing": 2, "awesome": 2, "love": 2, "loved": 2,
    "loving": 2, "like": 1, "liked": 1, "nice": 1, "happy": 2, "glad": 1, "perfect": 2,
    "fantastic": 2, "wonderful": 2, "best": 2, "better": 1, "thanks": 1, "thank": 1,
    "helpful": 2, "recommend": 2, "recommended": 2, "fast": 1, "quick": 1, "quickly": 1,
    "easy": 1, "beautiful": 2, "comfortable": 2, "impressed": 2, "superb": 2, "brilliant": 2,
    "pleased": 2, "satisfied": 2, "enjoy": 1, "enjoyed": 1, "solid": 1, "reliable": 1,
    "friendly": 1, "smooth": 1, "works": 1, "worked": 1, "fixed": 1, "resolved": 1,
    "kudos": 2, "outstanding": 2, "delighted": 2, "favourite": 2, "favorite": 2, "cool": 1,
    "lovely": 2, "sturdy": 1, "well": 1, "appreciate": 2, "appreciated": 2,
    # negative
    "bad": -1, "terrible": -2, "awful": -2, "horrible": -2, "worst": -2, "hate": -2,
    "hated": -2, "broken": -2, "broke": -2, "poor": -1, "slow": -1, "late": -1, "delay": -1,
    "delayed": -1, "refund": -1, "angry": -2, "disappointed": -2, "disappointing": -2,
    "useless": -2, "problem": -1, "problems": -1, "issue": -1, "issues": -1, "bug": -1,
    "bugs": -1, "crash": -2, "crashes": -2, "crashed": -2, "fail": -2, "failed": -2,
    "fails": -2, "failure": -2, "never": -1, "rude": -2, "scam": -2, "fraud": -2,
    "cancel": -1, "cancelled": -1, "wrong": -1, "missing": -1, "damaged": -2,
    "defective": -2, "unhappy": -2, "annoying": -2, "annoyed": -2, "frustrated": -2,
    "frustrating": -2, "ridiculous": -2, "waste": -2, "wasted": -2, "expensive": -1,
    "overpriced": -2, "complaint": -1, "complain": -1, "ignored": -2, "nobody": -1,
    "unacceptable": -2, "disgusting": -2, "sucks": -2, "mess": -1, "lost": -1, "stuck": -1,
    "error": -1, "errors": -1, "worse": -2, "uncomfortable": -2, "cheap": -1, "flimsy": -2,
    "wobbly": -1, "unusable": -2, "avoid": -2, "regret": -2, "still": -0.5,
}  # fmt: skip

EN_NEGATORS = {
    "not", "no", "never", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt", "isn't",
    "isnt", "wasn't", "wasnt", "aren't", "arent", "won't", "wont", "can't", "cant", "cannot",
    "couldn't", "couldnt", "hardly", "without", "nothing", "neither", "nor", "haven't",
    "hasn't", "shouldn't", "wouldn't",
}  # fmt: skip
EN_INTENSIFIERS = {"very": 1.5, "so": 1.5, "really": 1.5, "extremely": 2, "super": 1.5,
                   "totally": 1.5, "absolutely": 1.5, "incredibly": 2}  # fmt: skip

JA_LEXICON = {
    # positive
    "最高": 2, "素晴らしい": 2, "すばらしい": 2, "ありがとう": 1.5, "感謝": 2, "嬉しい": 2,
    "うれしい": 2, "良い": 1, "よい": 1, "いい": 1, "良かった": 2, "よかった": 2,
    "好き": 2, "大好き": 2, "便利": 2, "満足": 2, "助かり": 2, "助かる": 2, "助かった": 2,
    "快適": 2, "丁寧": 2, "親切": 2, "早い": 1, "速い": 1, "迅速": 2, "おすすめ": 2,
    "オススメ": 2, "お勧め": 2, "気に入": 2, "かわいい": 1, "可愛い": 1, "綺麗": 1,
    "きれい": 1, "美味しい": 2, "おいしい": 2, "楽しい": 2, "安心": 2, "感動": 2,
    "素敵": 2, "すてき": 2, "完璧": 2, "使いやすい": 2, "解決": 1, "ナイス": 1, "神対応": 3,
    "買ってよかった": 3, "リピート": 1, "しっかり": 1, "丈夫": 1,
    # negative
    "最悪": -3, "ひどい": -2, "酷い": -2, "悪い": -1, "悪かった": -2, "遅い": -1,
    "遅れ": -1, "遅延": -1, "届かない": -2, "届かず": -2, "壊れ": -2, "故障": -2,
    "不良": -2, "不満": -2, "残念": -2, "がっかり": -2, "ガッカリ": -2, "返金": -1,
    "返品": -1, "怒": -2, "腹立": -2, "ムカつく": -2, "むかつく": -2, "使えない": -2,
    "使いにくい": -2, "つながらない": -2, "繋がらない": -2, "対応が悪い": -3,
    "二度と": -2, "詐欺": -3, "高すぎ": -2, "不具合": -2, "エラー": -1, "困": -2,
    "嫌い": -2, "きらい": -2, "問題": -1, "失望": -2, "ありえない": -2, "あり得ない": -2,
    "不親切": -2, "不安": -1, "傷": -1, "汚れ": -1, "うるさい": -1, "クレーム": -1,
    "返事がない": -2, "返信がない": -2, "連絡がない": -2, "無視": -2, "ぐらぐら": -1,
    "良くない": -1, "よくない": -1, "良くなかった": -2, "よくなかった": -2, "微妙": -1,
    "失敗": -2, "やめた": -1, "解約": -1,
}  # fmt: skip

# A negation right after a positive stem flips it: 好きじゃない, 便利ではない, 満足できない.
JA_NEGATION = re.compile(r"(?:じゃ|では|でも|でき|く|し)?(?:ない|なかった|ません|ず)")

EMOJI = {
    "😀": 1, "😃": 1, "😄": 1, "😊": 1, "🙂": 1, "😍": 2, "🥰": 2, "👍": 1, "❤": 2, "💕": 2,
    "🎉": 1, "✨": 1, "🙏": 1, "😡": -2, "😠": -2, "🤬": -3, "😞": -2, "😢": -1, "😭": -1,
    "👎": -2, "💢": -2, "😤": -1, "🙄": -1,
}  # fmt: skip

_EN_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[,.;:!?()\n]+")
_JA_REGEX = re.compile(trie_regex(sorted(JA_LEXICON)))
_EMOJI_REGEX = re.compile("|".join(map(re.escape, EMOJI)))


def score(text, lang=None):
    """A signed sentiment score: above 0 is positive, below 0 negative."""
    if not text:
        return 0.0
    text = unicodedata.normalize("NFKC", text)
    lower = text.casefold()
    total = _english_score(lower)
    if (lang or detect_lang(text)).startswith("ja") or not lower.isascii():
        total += _japanese_score(lower)
    if not text.isascii():
        total += sum(EMOJI[m] for m in _EMOJI_REGEX.findall(text))
    if total and "!!" in text:  # full-width marks were folded by NFKC
        total *= 1.2
    return total


def classify(text, lang=None, threshold=0.5):
    """'positive', 'neutral' or 'negative' for ``text``."""
    return classify_score(score(text, lang), threshold)


def classify_score(value, threshold=0.5):
    """The label of a score from :func:`score`."""
    if value >= threshold:
        return POSITIVE
    if value <= -threshold:
        return NEGATIVE
    return NEUTRAL


def _english_score(lower):
    total = 0.0
    # A negation's scope ends at the clause: "without notice, unacceptable" stays negative.
    for clause in _CLAUSE.split(lower):
        total += _english_clause_score(_EN_TOKEN.findall(clause))
    return total


def _english_clause_score(tokens):
    total = 0.0
    for i, token in enumerate(tokens):
        weight = EN_LEXICON.get(token)
        if weight is None:
            continue
        window = tokens[max(0, i - 3) : i]
        if any(t in EN_NEGATORS for t in window):
            weight = -weight * 0.8
        if i and tokens[i - 1] in EN_INTENSIFIERS:
            weight *= EN_INTENSIFIERS[tokens[i - 1]]
        total += weight
    return total


def _japanese_score(lower):
    total = 0.0
    for m in _JA_REGEX.finditer(lower):
        weight = JA_LEXICON[m.group()]
        if weight > 0 and JA_NEGATION.match(lower, m.end()):
            weight = -weight
        total += weight
    return total


# Questions: a question mark, or Japanese / English question forms.
_QUESTION = re.compile(
    r"[?\uff1f]|(?:ですか|ますか|でしょうか|ませんか|かな|教えて(?:ください|下さい))"
    r"|^(?:how|what|where|when|why|who|which|can|could|does|do|is|are|will|would|should)\b",
    re.IGNORECASE,
)


def is_question(text):
    """True when the text asks something (a card should answer it)."""
    return bool(text and _QUESTION.search(text.strip()))
