"""Find the saved answers whose question is most like a new card's words.

Plain Python (no ORM). Any language, Japanese included, without word segmentation: texts
are compared on their character 2- and 3-grams, each run of letters or digits padded with
a space so that grams at a word's edge say so ("blue" gives " b", "bl", "lu", "ue", "e ",
" bl", "blu", "lue", "ue "). A run of Japanese or Chinese is one long run: its 2-grams are
close to the language's words (most are one or two characters) and need no dictionary.

Questions are weighted as Okapi BM25 weighs documents (term frequency saturated by
``K1``, length normalised by ``B``, the usual inverse document frequency), and a card's
score against a question is the sum of the weights of the grams they share, divided by
the score the card would get against itself: a share of 0 to about 1, whatever the length
of the card. An :class:`AnswerIndex` is built once per set of questions (the caller caches
it) and answers a query by walking the postings of the query's rarest grams first, within
a fixed budget of postings: the common grams ("e ", " t") weigh little and are the long
lists, so a query stays within a few tens of milliseconds against ten thousand questions
(``bench/bench_answers.py`` measures what the budget costs in quality).
"""

import math
import re
import unicodedata
from array import array
from collections import Counter, defaultdict
from typing import NamedTuple

# letters, digits and marks (Japanese voiced marks, Devanagari vowel signs) make words
_RUN = re.compile(r"[^\W_]+", re.UNICODE)
# postings walked per query at most: the rarest grams first
POSTINGS_BUDGET = 150000
# BM25's term-frequency saturation and length normalisation, at their usual values
K1 = 1.2
B = 0.75
# a question scoring less than this share of the card's own score is not suggested
MIN_SCORE = 0.12


class Match(NamedTuple):
    key: object
    score: float


def normalize(text):
    """NFKC (full-width Latin and half-width kana to their usual forms), case-folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def grams(text):
    """The character 2- and 3-grams of ``text``'s runs of letters and digits, with repeats."""
    found = []
    for run in _RUN.findall(normalize(text)):
        padded = f" {run} "
        found.extend(padded[i : i + 2] for i in range(len(padded) - 1))
        found.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


class AnswerIndex:
    """Questions, by key, ready to be compared with a card's words."""

    def __init__(self, questions):
        """:param questions: iterable of ``(key, text)``."""
        counted = [(key, Counter(grams(text))) for key, text in questions]
        self.size = len(counted)
        frequency = Counter()
        for _key, counts in counted:
            frequency.update(counts.keys())
        self.idf = {
            gram: math.log(1.0 + (self.size - df + 0.5) / (df + 0.5))
            for gram, df in frequency.items()
        }
        lengths = [sum(counts.values()) for _key, counts in counted]
        self.average_length = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.keys = [key for key, _counts in counted]
        # per gram: the positions of the questions holding it and its weight in each, as
        # compact arrays (ten thousand questions hold about a million postings)
        postings = defaultdict(lambda: (array("i"), array("f")))
        for position, (_key, counts) in enumerate(counted):
            norm = self._norm(lengths[position])
            for gram, count in counts.items():
                positions, weights = postings[gram]
                positions.append(position)
                weights.append(self.idf[gram] * count * (K1 + 1) / (count + norm))
        self.postings = dict(postings)

    def __len__(self):
        return self.size

    def _norm(self, length):
        return K1 * (1 - B + B * length / self.average_length)

    def search(self, text, limit=10, min_score=MIN_SCORE):
        """The ``limit`` best :class:`Match` es for ``text``, best first."""
        counts = Counter(grams(text))
        if not counts or not self.size:
            return []
        # what the card would score against itself (a gram no question holds weighs the
        # most): scores become shares of it
        unseen = math.log(1.0 + (self.size + 0.5) / 0.5)
        norm = self._norm(sum(counts.values()))
        best_possible = sum(
            self.idf.get(gram, unseen) * count * (K1 + 1) / (count + norm)
            for gram, count in counts.items()
        )
        query = [gram for gram in counts if gram in self.idf]
        scores = defaultdict(float)
        budget = POSTINGS_BUDGET
        for gram in sorted(query, key=lambda g: len(self.postings[g][0])):
            positions, weights = self.postings[gram]
            if len(positions) > budget:
                break  # the rest are commoner grams still: they weigh less than those seen
            budget -= len(positions)
            for position, weight in zip(positions, weights, strict=True):
                scores[position] += weight
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        return [
            Match(self.keys[position], score / best_possible)
            for position, score in best[:limit]
            if score / best_possible >= min_score
        ]


def use_boost(used_as_is, edited):
    """How much an answer's past use lifts its score: an answer sent as it was counts twice
    an edited one; the lift grows slowly (a factor of 1.2 after about 50 uses as is)."""
    return 1.0 + 0.05 * math.log1p(2 * max(used_as_is, 0) + max(edited, 0))
