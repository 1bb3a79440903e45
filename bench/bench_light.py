"""Benchmark: clicks and page views of known people turned into light interest cards.

Inserts N page views (``website.track``) of P contacts' visitors spread over D days, then
times the scheduled run that turns them into visit cards (one per contact and day, batches
of 2000 as the scheduler runs them), and prints views per second and the cards made.
A page view itself costs nothing more with the bridge: the views are read afterwards.
Everything happens in one transaction that is rolled back.

Usage (a database with social_interest_website installed):
    PYTHONPATH=/opt/odoo /opt/odoo/venv/bin/python bench/bench_light.py DB [N] [P] [D]
"""

import os
import sys
import time
from datetime import datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _odoo
from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, api


def bench(env, views, people, days):
    partners = env["res.partner"].create(
        [{"name": f"Bench visitor {index}", "email": f"v{index}@bench.example"}
         for index in range(people)]
    )  # fmt: skip
    website = env["website"].search([], limit=1)
    visitors = env["website.visitor"].create(
        [{"access_token": str(partner.id), "website_id": website.id} for partner in partners]
    )
    start_day = datetime(2026, 11, 1, 8, 0)
    env.cr.flush()
    last = env["website.track"].search([], order="id desc", limit=1).id
    env["ir.config_parameter"].set_param("social_interest_website.last_track_id", last)
    rows = [
        (
            visitors[index % people].id,
            f"https://shop.example.com/p/{index % 50}",
            start_day + timedelta(days=index % days, minutes=index % 600),
        )
        for index in range(views)
    ]
    _insert(env, rows)
    Track = env["website.track"]
    start = time.perf_counter()
    runs = 0
    while True:
        done = Track._cron_social_record_visits()
        env.cr.flush()
        runs += 1
        if not done:
            break
    elapsed = time.perf_counter() - start
    cards = env["social.interest"].search_count(
        [("partner_id", "in", partners.ids), ("action_type", "=", "visit")]
    )
    hits = sum(
        env["social.interest"]
        .search([("partner_id", "in", partners.ids), ("action_type", "=", "visit")])
        .mapped("hit_count")
    )
    assert hits == views, (hits, views)
    print(f"{views} page views of {people} contacts over {days} days")
    print(
        f"scheduled runs: {runs - 1} batches in {elapsed:.2f} s"
        f" = {views / elapsed:,.0f} views/s; {cards} visit cards (one per contact and day)"
    )


def _insert(env, rows):
    execute_values(
        env.cr._obj, "INSERT INTO website_track (visitor_id, url, visit_datetime) VALUES %s", rows
    )


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    db = sys.argv[1]
    views = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    people = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    days = int(sys.argv[4]) if len(sys.argv) > 4 else 30
    _odoo.setup_odoo()
    with _odoo.registry(db).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            bench(env, views, people, days)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
