"""Benchmark: deadlines and automatic assignment of a backlog of social interest cards.

Prints how long it takes to create N cards (each gets its deadline on a working calendar),
and to assign them by round robin and balanced through the backlog job (batches of 200, as
the scheduled action runs them). Everything happens in one transaction that is rolled back.

Usage (a database with social_interest installed):
    PYTHONPATH=/opt/odoo /opt/odoo/venv/bin/python bench/bench_assignment.py DB [N]
"""

import os
import sys
import time

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def bench(env, count):
    calendar = env.company.resource_calendar_id
    figures = []
    for strategy in ("round_robin", "balanced"):
        team = env["crm.team"].create(
            {
                "name": f"Bench {strategy}",
                "social_assignment_strategy": strategy,
                "social_calendar_id": False,
            }
        )
        users = env["res.users"].create(
            [
                {"name": f"Bench {strategy} {index}", "login": f"bench_{strategy}_{index}"}
                for index in range(10)
            ]
        )
        env["crm.team.member"].create(
            [{"crm_team_id": team.id, "user_id": user.id} for user in users]
        )
        team.crm_team_member_ids.social_interest_cap = 0
        cards_env = env["social.interest"].with_context(tracking_disable=True)
        start = time.perf_counter()
        cards = cards_env.create(
            [
                {"platform": "facebook", "author_name": f"Bench {index}", "team_id": team.id}
                for index in range(count)
            ]
        )
        env.cr.flush()
        created = time.perf_counter() - start
        assert all(cards.mapped("deadline")), "every card has a deadline"
        start = time.perf_counter()
        batches = 0
        while True:
            assigned = env["social.interest"]._cron_assign_backlog()
            env.cr.flush()  # what the commit of each job run does: tracking messages included
            batches += 1
            if not assigned:
                break
        assigning = time.perf_counter() - start
        assert all(cards.mapped("user_id")), "every card is assigned"
        figures.append((strategy, created, assigning, batches))
    print(f"calendar: {calendar.name} ({calendar.tz}); {count} cards, 10 members, no cap")
    for strategy, created, assigning, batches in figures:
        per_card = created / count * 1000
        print(
            f"{strategy:12s} create+deadline {created:6.2f} s ({per_card:5.2f} ms/card)"
            f"   assign {assigning:6.2f} s ({assigning / count * 1000:5.2f} ms/card,"
            f" {batches} job runs)"
        )


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    db = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    addons = f"{os.path.dirname(odoo.__file__)}/addons,{HERE}"
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons}", "--log-level=warn"])
    registry = Registry(db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            bench(env, count)
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
