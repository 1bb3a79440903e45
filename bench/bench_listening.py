"""Social listening figures: rule matching (texts/s) and mention ingestion (mentions/s).

    /opt/odoo/venv/bin/python bench/bench_listening.py    # matching only (no database)
    /opt/odoo/venv/bin/python bench/bench_listening.py \
        --db DATABASE [--addons-path .]                   # + ingestion on a database where
                                                          #   social_listening is installed
Matching: 100,000 synthetic posts (2/3 English, 1/3 Japanese, about 5 % naming a watched
term) against 200 rules (any / all / exclusions / phrases / hashtags, Latin and Japanese).
Ingestion: ``connector._ingest`` on batches of 1,000 new items (dedup, rules, sentiment,
question and product detection, identity lookup, batch insert, triage, spike check), in a
transaction that is rolled back at the end.
"""

import argparse
import importlib.util
import os
import random
import sys
import time
from datetime import datetime, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

EN_WORDS = (
    "the a to and of in is it for on my with this that was have just you but not are be "
    "order delivery chair desk sofa lamp store today week love great bad slow fast thanks "
    "support team service price quality new buy bought got still waiting again really very "
    "office home work room table shelf box size colour color blue green oak white black"
).split()
JA_WORDS = (
    "の に は を が で と も から まで です ます した ない 今日 注文 配送 椅子 机 ソファ "
    "照明 店舗 サポート 対応 品質 価格 新しい 届いた 待って 本当に とても 家 仕事 部屋"
).split()
BRANDS = [f"brand{i}" for i in range(150)] + [f"ブランド{i}" for i in range(50)]


def load_lib(name):
    """Import social_listening/lib/<name>.py without Odoo."""
    package = "social_listening_lib"
    odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo")
    if odoo_path not in sys.path:
        sys.path.insert(0, odoo_path)
    import odoo.addons  # the lib imports the suite's shared lib through odoo.addons

    if ROOT not in odoo.addons.__path__:
        odoo.addons.__path__.append(ROOT)
    if package not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            package,
            os.path.join(ROOT, "social_listening", "lib", "__init__.py"),
            submodule_search_locations=[os.path.join(ROOT, "social_listening", "lib")],
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        spec.loader.exec_module(module)
    return importlib.import_module(f"{package}.{name}")


def make_rules(rnd, RuleSpec):
    specs = []
    for i in range(200):
        brand = BRANDS[i]
        other = rnd.choice(BRANDS)
        specs.append(
            RuleSpec.from_strings(
                i,
                any_terms=f"{brand}, {other}",
                all_terms=rnd.choice(["", "", "", "support"]),
                exclude_terms=f"{brand} bank",
                phrases=f"{brand} chair",
                hashtags=f"#{brand}",
                langs=rnd.choice(["", "", "", "en", "ja"]),
            )
        )
    return specs


def make_texts(rnd, count):
    texts = []
    for i in range(count):
        if i % 3 == 2:
            words = [rnd.choice(JA_WORDS) for _ in range(rnd.randint(15, 40))]
            if rnd.random() < 0.05:
                words.insert(rnd.randrange(len(words)), rnd.choice(BRANDS[150:]))
            texts.append(("".join(words), "ja", "x"))
        else:
            words = [rnd.choice(EN_WORDS) for _ in range(rnd.randint(10, 35))]
            if rnd.random() < 0.05:
                words.insert(rnd.randrange(len(words)), rnd.choice(BRANDS[:150]))
            if rnd.random() < 0.01:
                words.append("#" + rnd.choice(BRANDS[:150]))
            texts.append((" ".join(words), "en", "mastodon"))
    return texts


def bench_matching(count=100_000):
    matching = load_lib("matching")
    rnd = random.Random(7)
    specs = make_rules(rnd, matching.RuleSpec)
    texts = make_texts(rnd, count)
    start = time.perf_counter()
    matcher = matching.RuleMatcher(specs)
    compiled = time.perf_counter() - start
    timings = []
    for _run in range(3):  # best of three: the machine is shared
        start = time.perf_counter()
        results = matcher.match_many(texts)
        timings.append(time.perf_counter() - start)
    matched = sum(1 for keys in results if keys)
    print(
        f"rules compiled: {len(specs)} rules, {len(matcher.terms)} terms "
        f"in {compiled * 1000:.1f} ms"
    )
    best, median = min(timings), sorted(timings)[1]
    print(
        f"rule matching: {count} texts x {len(specs)} rules: best {count / best:,.0f} texts/s, "
        f"median {count / median:,.0f} texts/s of 3 runs ({matched} texts matched)"
    )


def bench_ingestion(db, addons_path, batches=5, batch_size=1000):
    odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo")
    if odoo_path not in sys.path:
        sys.path.insert(0, odoo_path)
    import odoo
    from odoo.tools import config

    config.parse_config(["-d", db, f"--addons-path={addons_path}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    rnd = random.Random(11)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        rules = env["social.listening.rule"].create(
            [{"name": f"bench {i}", "any_terms": f"brand{i}, ブランド{i % 50}"} for i in range(200)]
        )
        connector = env["social.listening.connector"].create(
            {"name": "bench", "kind": "generic_webhook", "rule_ids": [(6, 0, rules.ids)],
             "triage_question": True, "triage_negative": True}
        )  # fmt: skip
        now = datetime.utcnow()
        total, stored, store_time, triage_time, best_batch = 0, 0, 0.0, 0.0, 0.0
        for batch in range(batches):
            items = []
            for i in range(batch_size):
                text, lang, platform = make_texts(rnd, 1)[0]
                # every item names a watched brand: all are kept (the costly path)
                text = f"{text} brand{rnd.randrange(150)}"
                items.append(
                    {
                        "external_id": f"b{batch}-{i}",
                        "body": text,
                        "platform": platform,
                        "author_name": f"Author {i}",
                        "author_handle": f"author_{i}",
                        "url": f"https://example.com/p/{batch}/{i}",
                        "posted_at": now - timedelta(days=3, seconds=i),
                        "lang": lang,
                    }
                )
            Mention = env["social.mention"]
            start = time.perf_counter()
            vals_list = Mention._prepare_mentions(connector, items)
            mentions = Mention._create_idempotent(vals_list)
            env.flush_all()
            stored_at = time.perf_counter()
            mentions._triage()
            connector._check_spike()
            env.flush_all()
            end = time.perf_counter()
            store_time += stored_at - start
            triage_time += end - stored_at
            best_batch = max(best_batch, len(mentions) / (stored_at - start))
            total += len(items)
            stored += len(mentions)
        cards = env["social.interest"].search_count([("external_id", "like", f"{connector.id}:%")])
        print(
            f"ingestion: {stored} of {total} mentions stored (dedup, rules, sentiment, question, "
            f"product, identity, insert) in {store_time:.2f} s = {stored / store_time:,.0f} "
            f"mentions/s (batches of {batch_size}; best batch {best_batch:,.0f}/s)"
        )
        print(
            f"ingestion with triage: {cards} of them became interest cards; store + triage "
            f"{store_time + triage_time:.2f} s = {stored / (store_time + triage_time):,.0f} "
            "mentions/s"
        )
        cr.rollback()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=100_000)
    parser.add_argument("--db", help="database with social_listening installed (ingestion)")
    parser.add_argument("--addons-path", default=ROOT)
    args = parser.parse_args()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, load average {load} (figures are wall-clock)")
    bench_matching(args.texts)
    if args.db:
        bench_ingestion(args.db, args.addons_path)


if __name__ == "__main__":
    main()
