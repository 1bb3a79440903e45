"""Benchmark: suggesting saved answers for a card (the knowledge base, issue 30).

1. Quality. Public intent data sets stand in for a knowledge base: every stored
   utterance is a saved answer's question, every held-out utterance a new card asking the
   same thing in other words; a suggestion hits when the answer it points to was saved for
   the same intent. Top-1 and top-3 hit rates of our ranker (``lib/answer_search.py``:
   BM25 weights over character 2-3-grams, the query's rarest grams first within a budget
   of postings) against a plain Okapi BM25 (k1 1.2, b 0.75) over the very same grams that
   scores every question with every gram: what the budget costs in quality, and gains in
   time. (A TF-IDF cosine over the same grams, tried first, scored 2 to 4 points lower
   at top-1 on Banking77.)

   * Banking77 (PolyAI, CC BY 4.0, github.com/PolyAI-LDN/task-specific-datasets,
     ``banking_data/train.csv`` and ``test.csv``): 10,003 stored customer-service
     questions in English, 3,080 paraphrased ones, 77 intents.
   * xSID 0.4, Japanese (van der Goot et al. 2021, CC BY-SA 4.0, github.com/mainlp/xsid,
     ``data/xSID-0.4/ja.valid.conll`` and ``ja.test.conll``): 300 stored, 500 asked,
     16 intents; the data set's word spaces are removed, Japanese is written without them.

   The files are not shipped with the suite: give the folder that holds them.

2. Time. One card's suggestions through the ORM (``social.interest._suggest_answers``)
   against 10,000 published answers (the Banking77 questions and their intents as
   answers, or generated text without the data), on one worker: the first call builds
   the worker's index, the next ones reuse it. Everything is rolled back.

Usage:
    PYTHONPATH=/opt/odoo /opt/odoo/venv/bin/python bench/bench_answers.py DATA_DIR [DB]
"""

import csv
import importlib.util
import math
import os
import statistics
import sys
import time
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _load_answer_search():
    """``social_interest/lib/answer_search.py`` alone: plain Python, no Odoo needed for the
    quality part (the lib folder is not put on the path: its http.py would hide Python's)."""
    path = os.path.join(os.path.dirname(HERE), "social_interest", "lib", "answer_search.py")
    spec = importlib.util.spec_from_file_location("answer_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


answer_search = _load_answer_search()


class BM25:
    """Okapi BM25 over the same character grams: every question scored on every gram of
    the query (each posting's weight computed once, when the questions are read)."""

    def __init__(self, questions, k1=1.2, b=0.75):
        counted = [(key, Counter(answer_search.grams(text))) for key, text in questions]
        self.keys = [key for key, _counts in counted]
        size = len(counted)
        frequency = Counter()
        for _key, counts in counted:
            frequency.update(counts.keys())
        self.idf = {
            gram: math.log(1 + (size - df + 0.5) / (df + 0.5)) for gram, df in frequency.items()
        }
        lengths = [sum(counts.values()) for _key, counts in counted]
        average = sum(lengths) / max(size, 1)
        self.postings = defaultdict(list)
        for position, (_key, counts) in enumerate(counted):
            norm = k1 * (1 - b + b * lengths[position] / average)
            for gram, count in counts.items():
                weight = self.idf[gram] * count * (k1 + 1) / (count + norm)
                self.postings[gram].append((position, weight))

    def search(self, text, limit=3):
        scores = defaultdict(float)
        for gram in set(answer_search.grams(text)):
            for position, weight in self.postings.get(gram, ()):
                scores[position] += weight
        best = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [answer_search.Match(self.keys[position], score) for position, score in best]


def read_banking77(folder):
    def read(name):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            return [(row["text"], row["category"]) for row in csv.DictReader(handle)]

    return read("banking77_train.csv"), read("banking77_test.csv")


def read_xsid(folder, lang="ja"):
    def read(name):
        rows, text = [], None
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("# text:"):
                    text = line.split(":", 1)[1].strip()
                    if lang in ("ja", "zh"):
                        text = text.replace(" ", "")
                elif line.startswith("# intent:") and text:
                    rows.append((text, line.split(":", 1)[1].strip()))
                    text = None
        return rows

    return read(f"xsid_{lang}.valid.conll"), read(f"xsid_{lang}.test.conll")


def hit_rates(ranker, asked):
    top1 = top3 = 0
    for text, intent in asked:
        found = [key[1] for key in (match.key for match in ranker.search(text, limit=3))]
        top1 += bool(found) and found[0] == intent
        top3 += intent in found
    return top1 / len(asked), top3 / len(asked)


def quality(name, stored, asked):
    questions = [((index, intent), text) for index, (text, intent) in enumerate(stored)]
    start = time.perf_counter()
    ours = answer_search.AnswerIndex(questions)
    built = time.perf_counter() - start
    baseline = BM25(questions)
    ours_rates = hit_rates(_NoFloor(ours), asked)
    start = time.perf_counter()
    base_rates = hit_rates(baseline, asked)
    base_time = (time.perf_counter() - start) / len(asked)
    times = []
    for text, _intent in asked:
        start = time.perf_counter()
        ours.search(text, limit=3)
        times.append(time.perf_counter() - start)
    print(f"{name}: {len(stored)} stored questions, {len(asked)} asked")
    print(f"  ours (budgeted):       top-1 {ours_rates[0]:.1%}  top-3 {ours_rates[1]:.1%}")
    print(f"  BM25 (every posting):  top-1 {base_rates[0]:.1%}  top-3 {base_rates[1]:.1%}")
    mean, p95 = statistics.mean(times), sorted(times)[int(len(times) * 0.95)]
    print(
        f"  index built in {built * 1000:.0f} ms; one query: ours {mean * 1000:.1f} ms mean,"
        f" {p95 * 1000:.1f} ms p95; BM25 {base_time * 1000:.1f} ms mean"
    )


def sample(asked, most=1000):
    """Every k-th asked question, at most ``most`` of them (the full BM25 is slow in Python)."""
    step = max(1, -(-len(asked) // most))
    return asked[::step]


class _NoFloor:
    """Our ranker without the minimum score: a hit rate counts every query."""

    def __init__(self, index):
        self.index = index

    def search(self, text, limit=3):
        return self.index.search(text, limit=limit, min_score=0.0)


def orm_timing(dbname, stored):
    import _odoo

    from odoo import SUPERUSER_ID, api

    _odoo.setup_odoo()
    registry = _odoo.registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        # creating 10,000 answers: no chatter, no followers (what is timed is the suggestion)
        Answer = env["social.interest.answer"].with_context(
            tracking_disable=True, mail_create_nolog=True, mail_create_nosubscribe=True
        )
        Answer.search([]).unlink()
        texts = [text for text, _intent in stored][:10000]
        while len(texts) < 10000:
            texts.append(f"Generated question number {len(texts)} about parcel {len(texts) % 97}")
        Answer.create(
            [
                {
                    "question": text,
                    "answer": f"Answer {index}: {text}",
                    "lang": "en",
                    "state": "published",
                }
                for index, text in enumerate(texts)
            ]
        )
        card = env["social.interest"].create(
            {"body": "My card still hasn't arrived after two weeks, what can I do?", "lang": "en"}
        )
        env.flush_all()
        Interest = env["social.interest"]
        start = time.perf_counter()
        first = Interest._suggest_answers(card)
        cold = time.perf_counter() - start
        times = []
        for _round in range(50):
            env.invalidate_all()
            start = time.perf_counter()
            Interest._suggest_answers(card)
            times.append(time.perf_counter() - start)
        print(f"ORM: one card against {Answer.search_count([])} published answers")
        print(f"  first call (builds this worker's index): {cold * 1000:.0f} ms")
        print(
            f"  next calls: {statistics.mean(times) * 1000:.1f} ms mean,"
            f" {max(times) * 1000:.1f} ms max (50 calls)"
        )
        print("  suggested: " + " | ".join(answer.question for answer in first))
        cr.rollback()


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    folder = sys.argv[1]
    stored, asked = read_banking77(folder)
    # the test split's every fourth question (770 of 3,080)
    quality("Banking77 (en)", stored, sample(asked))
    quality("xSID 0.4 (ja)", *read_xsid(folder, "ja"))
    if len(sys.argv) > 2:
        orm_timing(sys.argv[2], stored)


if __name__ == "__main__":
    main()
