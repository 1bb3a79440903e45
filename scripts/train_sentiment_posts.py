#!/usr/bin/env python3
"""Train the English post model that the suite's sentiment combines with VADER.

Not run by the tests or at run time: the trained, pruned weights are committed
(``social_interest/lib/sentiment_en_posts.json``) and read in pure Python by
``social_interest/lib/sentiment.py``.

Training data: GoEmotions (Demszky, Movshovitz-Attias, Ko, Cowen, Nemade, Ravi, ACL 2020;
github.com/google-research/google-research, ``goemotions/data/{train,dev,test}.tsv``,
CC BY 4.0): 58,000 Reddit comments, each rated by people for 27 emotions or neutral. Only
``train.tsv`` trains; each comment becomes positive, negative or neutral by the authors'
own sentiment grouping of the emotions (``goemotions/data/sentiment_mapping.json``,
copied below); a comment with both a positive and a negative emotion, or with only
"ambiguous" ones (surprise, curiosity, confusion, realization), is left out.

Model: multinomial logistic regression (C=4, fixed before any evaluation) on binary word
unigrams, word bigrams and the 3- to 5-letter sequences of each word, the vector scaled to
unit length (the features of :func:`features`, the same as the runtime's). The weights are
pruned to the features whose largest weight over the three classes reaches ``--prune``
(1.0: the choice made on tuning data only — GoEmotions dev, TweetEval validation and the
even rows of the airline set, see ``bench/bench_sentiment.py``).

    python3 -m venv /tmp/trainenv && /tmp/trainenv/bin/pip install scikit-learn
    /tmp/trainenv/bin/python scripts/train_sentiment_posts.py GOEMOTIONS_DATA_DIR
"""

import argparse
import json
import math
import re
from itertools import pairwise
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "social_interest" / "lib" / "sentiment_en_posts.json"
EMOTIONS = (
    "admiration amusement anger annoyance approval caring confusion curiosity desire "
    "disappointment disapproval disgust embarrassment excitement fear gratitude grief joy love "
    "nervousness optimism pride realization relief remorse sadness surprise neutral"
).split()  # goemotions/data/emotions.txt, in order
POSITIVE = set(
    "amusement excitement joy love desire optimism caring pride admiration gratitude relief "
    "approval".split()
)  # sentiment_mapping.json
NEGATIVE = set(
    "fear nervousness remorse embarrassment disappointment sadness grief disgust anger "
    "annoyance disapproval".split()
)
CLASSES = ("negative", "neutral", "positive")

# -- the features: keep identical to social_interest/lib/sentiment.py (a test checks) --
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


def load(path):
    texts, labels = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        text, ids, _id = line.split("\t")
        names = {EMOTIONS[int(i)] for i in ids.split(",")}
        positive, negative = bool(names & POSITIVE), bool(names & NEGATIVE)
        if positive != negative:
            label = "positive" if positive else "negative"
        elif names == {"neutral"}:
            label = "neutral"
        else:
            continue
        texts.append(text)
        labels.append(CLASSES.index(label))
    return texts, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="GoEmotions' data folder (with train.tsv)")
    parser.add_argument("--C", type=float, default=4.0)
    parser.add_argument("--prune", type=float, default=1.0)
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()

    from scipy.sparse import csr_matrix  # training only
    from sklearn.linear_model import LogisticRegression

    texts, labels = load(Path(args.data) / "train.tsv")
    vocabulary, rows, cols, values = {}, [], [], []
    for row, text in enumerate(texts):
        found = features(text)
        weight = 1 / math.sqrt(max(1, len(found)))
        for feature in found:
            rows.append(row)
            cols.append(vocabulary.setdefault(feature, len(vocabulary)))
            values.append(weight)
    matrix = csr_matrix((values, (rows, cols)), shape=(len(texts), len(vocabulary)))
    model = LogisticRegression(C=args.C, max_iter=2000).fit(matrix, labels)
    terms = {
        feature: [round(float(model.coef_[k][index]), 3) for k in range(3)]
        for feature, index in sorted(vocabulary.items())
        if max(abs(model.coef_[k][index]) for k in range(3)) >= args.prune
    }
    data = {
        "about": "English post sentiment: multinomial logistic regression (negative, neutral, "
        "positive) on binary words, word pairs and 3-5 letter sequences scaled to unit "
        f"length, C={args.C}, pruned to |weight| >= {args.prune}; trained by "
        "scripts/train_sentiment_posts.py",
        "data": "GoEmotions (Demszky et al., ACL 2020), google-research/goemotions/data/"
        "train.tsv, CC BY 4.0; emotions grouped by the authors' sentiment_mapping.json",
        "comments": len(texts),
        "classes": list(CLASSES),
        "intercept": [round(float(b), 4) for b in model.intercept_],
        "terms": terms,
    }
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(texts)} comments, {len(vocabulary)} features, {len(terms)} kept -> {args.out}")


if __name__ == "__main__":
    main()
