#!/usr/bin/env python3
"""Train the English review model that the sentiment of the suite combines with VADER.

Not run by the tests or at run time: the trained weights are committed
(``social_interest/lib/sentiment_en_reviews.json``) and read in pure Python.

Training data: "Sentiment Labelled Sentences" (Kotzias, Denil, de Freitas, Smyth, KDD 2015;
UCI Machine Learning Repository, CC BY 4.0), the product-review and restaurant-review
files ``amazon_cells_labelled.txt`` and ``yelp_labelled.txt``: one sentence, a tab, 0
(negative) or 1 (positive) per line, labelled by people. Get them from the UCI repository
(https://archive.ics.uci.edu/dataset/331/sentiment+labelled+sentences).

The model and its settings were fixed before any evaluation (word unigrams and bigrams,
sublinear tf-idf, logistic regression with C=4); nothing was tuned on the evaluation sets of
``bench/bench_sentiment.py``.

    python3 -m pip install scikit-learn
    python3 scripts/train_sentiment.py amazon_cells_labelled.txt yelp_labelled.txt
"""

import argparse
import json
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

WORD_PATTERN = r"[a-z']+"  # the tokens of social_interest/lib/sentiment.py, lower case
OUT = Path(__file__).resolve().parents[1] / "social_interest" / "lib" / "sentiment_en_reviews.json"


def load(paths):
    texts, labels = [], []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            text, _tab, label = line.rpartition("\t")
            if label.strip() in ("0", "1") and text.strip():
                texts.append(text)
                labels.append(int(label))
    return texts, labels


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", help="labelled sentence files (text<TAB>0|1)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args()
    texts, labels = load(args.files)
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=WORD_PATTERN)
    model = LogisticRegression(C=4, max_iter=1000).fit(vectorizer.fit_transform(texts), labels)
    terms = {
        term: [round(float(vectorizer.idf_[index]), 4), round(float(model.coef_[0][index]), 4)]
        for term, index in sorted(vectorizer.vocabulary_.items())
    }
    data = {
        "about": "English review polarity, logistic regression on sublinear tf-idf of word "
        "unigrams and bigrams (lower case, l2 norm); trained by scripts/train_sentiment.py",
        "data": "Sentiment Labelled Sentences (Kotzias et al., KDD 2015), UCI Machine Learning "
        "Repository, CC BY 4.0: amazon_cells_labelled.txt, yelp_labelled.txt",
        "sentences": len(texts),
        "token": WORD_PATTERN,
        "intercept": round(float(model.intercept_[0]), 4),
        "terms": terms,
    }
    Path(args.out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    print(f"{len(texts)} sentences, {len(terms)} terms -> {args.out}")


if __name__ == "__main__":
    main()
