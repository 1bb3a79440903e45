"""Social interest analysis over 1,000,000 cards: the dashboard must answer in under 2 s.

    /opt/odoo/venv/bin/python bench/bench_report.py [--template DB] [--cards N] [--keep]

Makes a throwaway database (a copy of ``--template``, a database where social_interest is
installed and nobody is connected, or else a fresh install), generates N cards (default
1,000,000) over 24 months, 12 sources and 11 responsibles (some cards unassigned) with
INSERT ... SELECT generate_series, one lead per 50 cards (a third of them won), refreshes the
materialized view (timed), then asks the analysis what the web client asks when the dashboard
opens: the pivot's four read_groups (sources x months with every measure), the graph and the
grouped list, as a manager and as a salesman, with and without filters.
Prints the time of each view (best of 3, after a warm-up) and whether it is under 2 s.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _odoo

LIMIT_SECONDS = 2.0
MEASURES = [
    "volume:sum",
    "processed_rate:avg",
    "median_response_hours:avg",
    "lead_count:sum",
    "won_revenue:sum",
    "cost_per_interest:avg",
    "cost_per_lead:avg",
]
PLATFORMS = [
    "facebook",
    "instagram",
    "x",
    "linkedin",
    "youtube",
    "vk",
    "tiktok",
    "reddit",
    "review_site",
    "website",
    "email",
    "forum",
]
ACTIONS = [
    "like",
    "share",
    "comment",
    "review",
    "question",
    "message",
    "mention",
    "follow",
    "form",
    "order",
]


def setup(env):
    """Sources, teams, products and a salesman through the ORM (small), committed."""
    teams = env["crm.team"].create([{"name": f"Bench team {i}"} for i in range(4)])
    sources = env["social.interest.source"].create(
        [
            {
                "name": f"Bench {platform}",
                "platform": platform,
                "team_id": teams[i % 4].id,
                "monthly_cost": 100.0 * (i + 1),
            }
            for i, platform in enumerate(PLATFORMS)
        ]
    )
    products = env["product.template"].create([{"name": f"Bench product {i}"} for i in range(20)])
    salesman = env["res.users"].create(
        {
            "name": "Bench salesman",
            "login": "bench_salesman",
            "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
        }
    )
    env["crm.team.member"].create({"crm_team_id": teams[0].id, "user_id": salesman.id})
    reps = env["res.users"].create(
        [
            {
                "name": f"Bench rep {i}",
                "login": f"bench_rep_{i}",
                "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
            }
            for i in range(10)
        ]
    )
    env.cr.commit()
    return teams, sources, products, salesman | reps


def generate(cr, count, teams, sources, products, users):
    cr.execute(
        """
        INSERT INTO social_interest (
            name, interest_date, platform, action_type, source_id, team_id, user_id, company_id,
            product_tmpl_id, state, processed, processed_date, first_response_date,
            response_hours, active, create_date, write_date, create_uid, write_uid)
        SELECT 'bench ' || g, t.ts, src.platform, (%(actions)s::varchar[])[1 + g %% 10],
               src.id, (%(teams)s::int[])[1 + g %% 4], (%(users)s::int[])[1 + g %% 13], 1,
               CASE WHEN g %% 3 = 0 THEN (%(products)s::int[])[1 + g %% 20] END,
               CASE WHEN g %% 50 = 0 THEN 'ignored'
                    WHEN g %% 3 <> 0 THEN 'processed' ELSE 'new' END,
               g %% 3 <> 0,
               CASE WHEN g %% 3 <> 0 THEN t.ts + interval '1 day' END,
               CASE WHEN g %% 4 <> 0 THEN t.ts + (g %% 48) * interval '1 hour' END,
               CASE WHEN g %% 4 <> 0 THEN (g %% 48)::float ELSE 0 END,
               true, now(), now(), 1, 1
          FROM generate_series(1, %(count)s) g
          CROSS JOIN LATERAL (
                SELECT now() at time zone 'UTC' - (g %% 730) * interval '1 day'
                       - (g %% 86400) * interval '1 second' AS ts) t
          JOIN (SELECT id, platform, row_number() OVER (ORDER BY id) - 1 AS k
                  FROM social_interest_source WHERE id = ANY(%(sources)s)) src
            ON src.k = g %% %(nsources)s
        """,
        {
            "count": count,
            "actions": ACTIONS,
            "teams": teams.ids,
            "users": users.ids,  # 11 responsibles; g mod 13 beyond them leaves cards unassigned
            "products": products.ids,
            "sources": sources.ids,
            "nsources": len(sources),
        },
    )
    cr.execute(
        """
        INSERT INTO crm_lead (
            name, type, active, probability, expected_revenue, company_id, team_id,
            first_touch_interest_id, first_touch_platform, first_touch_date,
            first_touch_source_id, create_date, write_date, create_uid, write_uid)
        SELECT 'Bench lead ' || c.id, 'opportunity', true,
               CASE WHEN c.id %% 3 = 0 THEN 100 ELSE 20 END, (c.id %% 100) * 100, 1, c.team_id,
               c.id, c.platform, c.interest_date, c.source_id, now(), now(), 1, 1
          FROM social_interest c
         WHERE c.source_id = ANY(%(sources)s) AND c.id %% 50 = 7
        """,
        {"sources": sources.ids},
    )
    cr.execute("ANALYZE social_interest")
    cr.execute("ANALYZE crm_lead")
    cr.commit()


def dashboard(report, domain):
    """The calls of the pivot (rows x columns prefixes), the graph and the grouped list."""
    for groupby in ([], ["source_id"], ["month:month"], ["source_id", "month:month"]):
        report.read_group(domain, MEASURES, groupby, lazy=False)
    report.read_group(domain, ["volume:sum"], ["month:month", "platform"], lazy=False)
    report.web_read_group(domain, MEASURES, ["source_id"], limit=80, lazy=True)


def best_of(func, runs=3):
    func()  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--template", help="database with social_interest installed, to copy")
    parser.add_argument("--cards", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    dbname = f"bench_report_{os.getpid()}"
    _odoo.setup_odoo()
    print(f"database {dbname} (template: {args.template or 'fresh install'})", flush=True)
    _odoo.create_database(dbname, args.template)
    try:
        registry = _odoo.registry(dbname)
        with registry.cursor() as cr:
            env = _odoo.odoo.api.Environment(cr, _odoo.odoo.SUPERUSER_ID, {})
            teams, sources, products, users = setup(env)
            salesman = users[0]
            start = time.perf_counter()
            generate(cr, args.cards, teams, sources, products, users)
            print(f"generated {args.cards:,} cards in {time.perf_counter() - start:.1f} s")
            start = time.perf_counter()
            env["social.interest.report"]._refresh()
            cr.commit()
            print(f"refreshed the analysis in {time.perf_counter() - start:.1f} s")
            cr.execute("SELECT count(*), sum(volume) FROM social_interest_report")
            rows, volume = cr.fetchone()
            print(f"analysis: {rows:,} rows for {int(volume):,} cards (spam left out)")
            admin = env.ref("base.user_admin")
            this_year = [("month", ">=", time.strftime("%Y-01-01"))]
            scenarios = [
                ("manager, all periods", admin, []),
                ("manager, this year", admin, this_year),
                ("manager, one team", admin, [("team_id", "=", teams[1].id)]),
                ("manager, platform facebook", admin, [("platform", "=", "facebook")]),
                ("salesman (record rules), all periods", salesman, []),
            ]
            failed = False
            for label, user, domain in scenarios:
                report = env["social.interest.report"].with_user(user)
                seconds = best_of(lambda report=report, domain=domain: dashboard(report, domain))
                verdict = "OK" if seconds < LIMIT_SECONDS else "TOO SLOW"
                failed |= seconds >= LIMIT_SECONDS
                print(f"dashboard, {label}: {seconds:.2f} s [{verdict}, limit {LIMIT_SECONDS} s]")
            cr.rollback()
    finally:
        if args.keep:
            print(f"kept {dbname}")
        else:
            _odoo.drop_database(dbname)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
