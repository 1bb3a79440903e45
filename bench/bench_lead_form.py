"""Opening a lead whose person left 3,000 cards must cost no more queries than with 20.

    /opt/odoo/venv/bin/python bench/bench_lead_form.py --database DB [--cards 20,3000]

Works in a database where social_interest is installed, inside one transaction that is rolled
back at the end (nothing stays). For each count it generates a person's cards with
INSERT ... SELECT generate_series, creates the lead through the ORM (it picks the cards up),
then reads the lead as the web client does when the form opens: ``web_read`` with the
specification built from the form view (every field of the form; the Social interest tab
paged like the list, 10 rows, newest first), as a salesman, with a cold cache. Prints the
number of SQL queries (``cursor.sql_log_count``) and the time for each count.
"""

import argparse
import os
import sys
import time

from lxml import etree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _odoo

X2MANY = ("one2many", "many2many")


def field_spec(models, model, node):
    """Specification of one <field> node, as the web client's getFieldsSpec builds it."""
    field = models[model]["fields"][node.get("name")]
    if field["type"] in X2MANY:
        sub = next((child for child in node if child.tag in ("list", "kanban")), None)
        if sub is None:  # tags and the like
            return {"fields": {"display_name": {}}}
        return {
            "fields": nodes_spec(models, field["relation"], sub),
            "limit": int(sub.get("limit") or 40),
            **({"order": sub.get("default_order")} if sub.get("default_order") else {}),
        }
    if field["type"] == "many2one":
        return {"fields": {"display_name": {}}}
    return {}


def _owned_by(node, root):
    """Whether ``node`` is a field of ``root``'s model (not of an x2many sub-view)."""
    for parent in node.iterancestors():
        if parent is root:
            return True
        if parent.tag == "field":
            return False
    return True


def nodes_spec(models, model, root):
    """Specification of the <field> nodes under ``root`` that belong to ``model``."""
    spec = {}
    for node in root.iter("field"):
        if not _owned_by(node, root):
            continue
        if node.get("name") in models[model]["fields"]:
            spec[node.get("name")] = field_spec(models, model, node)
    return spec


def form_specification(env, model):
    view = env[model].get_views([(False, "form")])
    arch = etree.fromstring(view["views"]["form"]["arch"])
    return nodes_spec(view["models"], model, arch)


def lead_with_cards(env, count, source, team):
    person = env["res.partner"].create(
        {"name": f"Bench person {count}", "email": f"person{count}@example.com"}
    )
    env.cr.execute(
        """
        INSERT INTO social_interest (
            name, interest_date, platform, action_type, source_id, team_id, company_id,
            partner_id, author_name, body, state, active, create_date, write_date,
            create_uid, write_uid)
        SELECT 'bench ' || g, now() at time zone 'UTC' - g * interval '1 hour', 'facebook',
               'comment', %(source)s, %(team)s, %(company)s, %(person)s, %(name)s,
               'Is it available in blue? #' || g, 'new', true, now(), now(), 1, 1
          FROM generate_series(1, %(count)s) g
        """,
        {
            "source": source.id,
            "team": team.id,
            "company": env.company.id,
            "person": person.id,
            "name": person.name,
            "count": count,
        },
    )
    env.invalidate_all()
    return env["crm.lead"].create(
        {"name": f"Bench deal {count}", "partner_id": person.id, "team_id": team.id}
    )


def measure(env, lead, user, spec):
    env.flush_all()
    env.invalidate_all()
    record = lead.with_user(user)
    cr = env.cr
    before, start = cr.sql_log_count, time.perf_counter()
    values = record.web_read(spec)
    return cr.sql_log_count - before, time.perf_counter() - start, values[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--cards", default="20,3000", help="comma-separated card counts")
    args = parser.parse_args()
    counts = [int(c) for c in args.cards.split(",")]
    _odoo.setup_odoo()
    registry = _odoo.registry(args.database)
    with registry.cursor() as cr:
        env = _odoo.odoo.api.Environment(
            cr, _odoo.odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
        )
        try:
            team = env["crm.team"].create({"name": "Bench lead form team"})
            source = env["social.interest.source"].create(
                {"name": "Bench page", "platform": "facebook", "team_id": team.id}
            )
            rep = env["res.users"].create(
                {
                    "name": "Bench rep",
                    "login": "bench_lead_form_rep",
                    "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
                }
            )
            env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
            spec = form_specification(env(user=rep), "crm.lead")
            results = []
            for count in counts:
                lead = lead_with_cards(env, count, source, team)
                lead.user_id = rep
                measure(env, lead, rep, spec)  # warm the registry's caches (views, rules)
                queries, seconds, values = measure(env, lead, rep, spec)
                results.append(queries)
                print(
                    f"lead with {count:>5} cards: {queries} queries, {seconds * 1000:.0f} ms "
                    f"(tab: {len(values['person_interest_ids'])} ids, "
                    f"first touch {values['first_touch_platform']})"
                )
            verdict = "EQUAL" if len(set(results)) == 1 else "DIFFERENT"
            print(f"queries to open the lead form: {verdict}")
        finally:
            cr.rollback()
    sys.exit(0 if len(set(results)) == 1 else 1)


if __name__ == "__main__":
    main()
