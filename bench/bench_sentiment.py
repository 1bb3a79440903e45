"""Sentiment of the suite on public, human-rated corpora it was never built or tuned on.

    /opt/odoo/venv/bin/python bench/bench_sentiment.py --goemotions DIR --tweeteval DIR \
        --airline Tweets.csv --vader DIR [--wrime FILE] [--tuning]

Evaluation sets (none ships with the project; each is public):

- English customer-care posts: Twitter US Airline Sentiment (Crowdflower's "Data for
  Everyone", February 2015 tweets to six US airlines, rated negative / neutral / positive by
  people; kaggle.com/datasets/crowdflower/twitter-airline-sentiment, ``Tweets.csv``, CC
  BY-NC-SA 4.0: measured, never trained on). Its odd rows (0-based) are reported; its even
  rows chose the settings (``--tuning``).
- English comments: GoEmotions' **test** split (Reddit comments, google-research
  ``goemotions/data/test.tsv``, CC BY 4.0; the post model trains on its train split only),
  grouped as the training script groups it (positive / negative / neutral emotions).

- English social posts: TweetEval sentiment, test split (SemEval-2017 Task 4 tweets,
  human-labelled negative / neutral / positive; Barbieri et al., 2020; github.com/
  cardiffnlp/tweeteval, ``datasets/sentiment/test_text.txt`` and ``test_labels.txt``;
  TweetEval's own terms and Twitter's apply). DIR holds those two files.
- English product reviews: the Amazon review snippets of Hutto & Gilbert's VADER ground
  truth (ICWSM 2014; each sentence rated by 20 people from -4 to +4, the file gives the
  mean; github.com/cjhutto/vaderSentiment, ``additional_resources/hutto_ICWSM_2014.tar.gz``,
  MIT). DIR holds ``amazonReviewSnippets_GroundTruth.txt`` of that archive. Scored as
  reviews (``kind="review"``).
- Japanese SNS posts: WRIME (Kajiwara et al., NAACL 2021; Suzuki et al., 2022; posts of
  Japanese social-network users, each rated by its writer and three readers;
  github.com/ids-cv/wrime, CC BY-NC-ND 4.0: measured and used for choosing only), its
  **test** split (2,000 posts). Ver. 2 (``wrime-ver2.tsv``) gives the readers' mean
  polarity (``Avg. Readers_Sentiment``, -2 to +2): clearly rated means |mean| >= 1, rated
  neutral 0. Ver. 1 (``wrime-ver1.tsv``, or its test and dev splits as separate files with
  the same columns) gives the readers' mean intensity (0-3) of Plutchik's eight emotions:
  clearly positive means joy or trust at least 2 (moderate) and no sadness, anger, fear or
  disgust; clearly negative the reverse; rated neutral means none of those six. Emotions
  are grouped as GoEmotions groups its own (joy, trust positive; sadness, anger, fear,
  disgust negative; anticipation and surprise ambiguous); the threshold was fixed before
  anything was measured. Not measured when no file is given.

Tuning data (never evaluated on; ``--tuning`` prints them): GoEmotions' dev split,
TweetEval's validation split, the airline set's even rows, WRIME's dev split (the
Japanese weights and cues of ``social_interest/lib/sentiment_ja.py`` were chosen on it),
and the training data of the two models (scripts/train_sentiment.py,
scripts/train_sentiment_posts.py).

Per set it prints: accuracy on clearly rated items (positive or negative by the people's
rating — VADER's mean |r| >= 1, TweetEval's positive / negative labels, WRIME's mean != 0 —;
an answer "neutral" counts as wrong), the share of them answered neutral, balanced
accuracy on them (mean of the positive and negative recalls), 3-class macro-F1 over
negative / neutral / positive (neutral: the airline set's and TweetEval's label, GoEmotions'
"neutral" alone, VADER's mean |r| < 0.5, WRIME's mean 0), and texts per second on one
core with the language detected (as for a mention whose platform gives no language).
"""

import argparse
import csv
import functools
import os
import resource
import sys
import time

ODOO_PATH = os.environ.get("ODOO_PATH", "/opt/odoo")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ODOO_PATH)

import odoo.addons  # noqa: E402

odoo.addons.__path__.append(ROOT)

from odoo.addons.social_interest.lib.lang import warm_up  # noqa: E402
from odoo.addons.social_interest.lib.sentiment import classify, classify_score, score  # noqa: E402

LABELS = ("negative", "neutral", "positive")


def tweeteval(folder, split="test"):
    texts = open(os.path.join(folder, f"{split}_text.txt"), encoding="utf-8").read().splitlines()
    labels = open(os.path.join(folder, f"{split}_labels.txt"), encoding="utf-8").read().split()
    return [(text, LABELS[int(label)]) for text, label in zip(texts, labels, strict=True)]


def goemotions(folder, split="test"):
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    from train_sentiment_posts import CLASSES, load

    texts, labels = load(os.path.join(folder, f"{split}.tsv"))
    return [(text, CLASSES[label]) for text, label in zip(texts, labels, strict=True)]


def airline(path, tuning=False):
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        (row["text"], row["airline_sentiment"])
        for index, row in enumerate(rows)
        if index % 2 == (0 if tuning else 1)
    ]


def vader_amazon(folder):
    items = []
    path = os.path.join(folder, "amazonReviewSnippets_GroundTruth.txt")
    with open(path, encoding="latin-1") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            mean = float(parts[1])
            if abs(mean) >= 1:
                items.append((parts[2], "positive" if mean > 0 else "negative"))
            elif abs(mean) < 0.5:
                items.append((parts[2], "neutral"))
    return items


def wrime(path, split="test"):
    items = []
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row.get("Train/Dev/Test") != split:
                continue
            label = _wrime_label({k: v for k, v in row.items() if k.startswith("Avg. Readers_")})
            if label:
                items.append((row["Sentence"], label))
    return items


def _wrime_label(readers):
    """The readers' label of one WRIME post (see the module's docstring), or None for a
    post neither clearly rated nor rated neutral."""
    if "Avg. Readers_Sentiment" in readers:  # ver. 2
        mean = float(readers["Avg. Readers_Sentiment"])
        if mean:
            return "positive" if mean >= 1 else "negative" if mean <= -1 else None
        return "neutral"
    value = {key.rpartition("_")[2]: float(text) for key, text in readers.items()}
    positive = max(value["Joy"], value["Trust"])
    negative = max(value["Sadness"], value["Anger"], value["Fear"], value["Disgust"])
    if positive >= 2 and not negative:
        return "positive"
    if negative >= 2 and not positive:
        return "negative"
    return "neutral" if not positive and not negative else None


def frontier(name, items, kind):
    """Accuracy on the clearly rated items against the share of them answered neutral, as
    the band of scores read as "no opinion" widens (the shipped band first)."""
    values = [score(text, None, kind) for text, _gold in items]
    clear = [
        (value, gold) for value, (_t, gold) in zip(values, items, strict=True) if gold != "neutral"
    ]
    points = []
    for band in (0.05, 0.0001, 0.15, 0.25, 0.35, 0.5):
        answers = [classify_score(value, band) for value, _gold in clear]
        right = sum(a == g for a, (_v, g) in zip(answers, clear, strict=True))
        recalls = [
            sum(a == g == label for a, (_v, g) in zip(answers, clear, strict=True))
            / max(1, sum(g == label for _v, g in clear))
            for label in ("negative", "positive")
        ]
        neutral = sum(a == "neutral" for a in answers)
        points.append(
            f"band {band:g}: {100 * right / len(clear):.1f} % / {50 * sum(recalls):.1f} % "
            f"balanced at {100 * neutral / len(clear):.1f} % neutral"
        )
    print(f"  frontier, {name}: " + "; ".join(points))


def evaluate(name, items, kind, lang="en", with_frontier=False):
    """Print the figures of one set; ``lang`` is its language, given to the classifier for
    the second speed figure (as when the platform names the language)."""
    started = time.process_time()
    answers = [classify(text, None, kind) for text, _gold in items]
    elapsed = time.process_time() - started
    started = time.process_time()
    for text, _gold in items:
        classify(text, lang, kind)
    given = len(items) / (time.process_time() - started)
    clear = [(a, g) for a, (_t, g) in zip(answers, items, strict=True) if g != "neutral"]
    accuracy = sum(a == g for a, g in clear) / len(clear) if clear else 0.0
    recalls = [
        sum(a == g for a, g in clear if g == label) / max(1, sum(g == label for _a, g in clear))
        for label in ("negative", "positive")
    ]
    neutral_share = sum(a == "neutral" for a, _g in clear) / len(clear) if clear else 0.0
    has_neutral = any(g == "neutral" for _t, g in items)
    scores = []
    for label in LABELS:
        tp = sum(a == label and g == label for a, (_t, g) in zip(answers, items, strict=True))
        fp = sum(a == label and g != label for a, (_t, g) in zip(answers, items, strict=True))
        fn = sum(a != label and g == label for a, (_t, g) in zip(answers, items, strict=True))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    macro = f"3-class macro-F1 {100 * sum(scores) / 3:.1f} %" if has_neutral else "no neutral"
    print(
        f"{name}: {len(clear)} clearly rated of {len(items)}; accuracy on them "
        f"{100 * accuracy:.1f} % ({100 * neutral_share:.1f} % answered neutral), balanced "
        f"{100 * sum(recalls) / 2:.1f} %; {macro}; texts/s on one core: "
        f"{len(items) / elapsed:,.0f} with the language detected, {given:,.0f} with it given"
    )
    if with_frontier:
        frontier(name, items, kind)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--goemotions", help="folder with GoEmotions' dev.tsv and test.tsv")
    parser.add_argument("--airline", help="Twitter US Airline Sentiment's Tweets.csv")
    parser.add_argument("--tweeteval", help="folder with TweetEval's sentiment test files")
    parser.add_argument("--vader", help="folder with VADER's amazonReviewSnippets ground truth")
    parser.add_argument("--wrime", nargs="+", help="WRIME's wrime-ver2.tsv or wrime-ver1.tsv "
                        "(or files of its splits with the same columns)")  # fmt: skip
    parser.add_argument("--tuning", action="store_true", help="the tuning splits instead")
    parser.add_argument(
        "--frontier", action="store_true", help="also accuracy against the share answered neutral"
    )
    args = parser.parse_args()
    run = functools.partial(evaluate, with_frontier=args.frontier)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    warm_up()  # as a worker does when it starts
    classify("warm-up: load the models", None)
    classify("モデルを読み込む", "ja")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"memory: {after // 1024} MB peak with Odoo's modules, Lingua, VADER, both English "
        f"models, MeCab with IPAdic, ML-Ask and the Tohoku dictionary (+{(after - before) // 1024} "
        "MB for the models)"
    )
    if args.tuning:
        if args.goemotions:
            run("TUNING GoEmotions dev", goemotions(args.goemotions, "dev"), "post")
        if args.tweeteval:
            run("TUNING TweetEval validation", tweeteval(args.tweeteval, "val"), "post")
        if args.airline:
            run("TUNING airline even rows", airline(args.airline, tuning=True), "post")
        if args.wrime:
            items = [item for path in args.wrime for item in wrime(path, "dev")]
            run("TUNING Japanese SNS posts (WRIME dev)", items, "post", "ja")
        return
    if args.airline:
        run("English customer-care posts (airline tweets, odd rows)", airline(args.airline),
                 "post")  # fmt: skip
    if args.goemotions:
        run("English comments (GoEmotions test)", goemotions(args.goemotions), "post")
    if args.tweeteval:
        run("English social posts (TweetEval test)", tweeteval(args.tweeteval), "post")
    if args.vader:
        run("English product reviews (VADER Amazon snippets)", vader_amazon(args.vader),
                 "review")  # fmt: skip
    if args.wrime:
        items = [item for path in args.wrime for item in wrime(path)]
        run("Japanese SNS posts (WRIME test)", items, "post", "ja")
    else:
        print("Japanese SNS posts: not measured (give --wrime wrime-ver2.tsv)")


if __name__ == "__main__":
    main()
