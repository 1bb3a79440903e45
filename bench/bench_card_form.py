"""Opening the card of a person with 500 earlier cards must cost no more queries than with 5.

    /opt/odoo/venv/bin/python bench/bench_card_form.py --database DB [--cards 5,500]

Works in a database where social_interest is installed, inside one transaction that is rolled
back at the end (nothing stays). For each count it generates a person's earlier cards, each
with our e-mail reply, with INSERT ... SELECT generate_series, creates the card the rep opens
through the ORM, then does what the web client does when the card's form opens, as the
rep, with a cold cache: ``web_read`` with the specification built from the form view (every
field of the form, the side column's lists included) and the thread's one call,
``get_conversation``. Prints the number of SQL queries (``cursor.sql_log_count``) and the
time of each, for each count.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _odoo
from bench_lead_form import form_specification


def person_with_cards(env, count, source, team, rep):
    person = env["res.partner"].create(
        {"name": f"Bench person {count}", "email": f"card.person{count}@example.com"}
    )
    comment = env.ref("mail.mt_comment")
    env.cr.execute(
        """
        WITH cards AS (
            INSERT INTO social_interest (
                name, interest_date, platform, action_type, source_id, team_id, company_id,
                partner_id, user_id, author_name, body, state, active, create_date,
                write_date, create_uid, write_uid)
            SELECT 'bench ' || g, now() at time zone 'UTC' - g * interval '1 hour', 'facebook',
                   'comment', %(source)s, %(team)s, %(company)s, %(person)s, %(rep)s, %(name)s,
                   'Is it available in blue? #' || g, 'processed', true, now(), now(), 1, 1
              FROM generate_series(1, %(count)s) g
            RETURNING id, interest_date)
        INSERT INTO mail_message (
            model, res_id, message_type, subtype_id, author_id, body, date, create_date,
            write_date, create_uid, write_uid)
        SELECT 'social.interest', id, 'comment', %(comment)s, %(author)s,
               '<p>Yes, in blue from next week.</p>', interest_date + interval '10 minutes',
               now(), now(), %(uid)s, %(uid)s
          FROM cards
        """,
        {
            "source": source.id,
            "team": team.id,
            "company": env.company.id,
            "person": person.id,
            "rep": rep.id,
            "name": person.name,
            "count": count,
            "comment": comment.id,
            "author": rep.partner_id.id,
            "uid": rep.id,
        },
    )
    env.invalidate_all()
    return env["social.interest"].create(
        {
            "platform": "email",
            "action_type": "question",
            "author_name": person.name,
            "author_email": person.email,
            "partner_id": person.id,
            "team_id": team.id,
            "user_id": rep.id,
            "body": "Is the blue one in stock now?",
        }
    )


def measure(env, card, user, spec):
    env.flush_all()
    env.invalidate_all()
    record = card.with_user(user)
    cr = env.cr
    before, start = cr.sql_log_count, time.perf_counter()
    values = record.web_read(spec)[0]
    form = cr.sql_log_count - before, time.perf_counter() - start
    env.invalidate_all()
    before, start = cr.sql_log_count, time.perf_counter()
    thread = record.get_conversation()
    call = cr.sql_log_count - before, time.perf_counter() - start
    return form, call, values, thread


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--cards", default="5,500", help="comma-separated card counts")
    args = parser.parse_args()
    counts = [int(c) for c in args.cards.split(",")]
    _odoo.setup_odoo()
    registry = _odoo.registry(args.database)
    results = []
    with registry.cursor() as cr:
        env = _odoo.odoo.api.Environment(
            cr, _odoo.odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
        )
        try:
            team = env["crm.team"].create({"name": "Bench card form team"})
            source = env["social.interest.source"].create(
                {"name": "Bench card page", "platform": "facebook", "team_id": team.id}
            )
            rep = env["res.users"].create(
                {
                    "name": "Bench card rep",
                    "login": "bench_card_form_rep",
                    "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
                }
            )
            env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
            spec = form_specification(env(user=rep), "social.interest")
            for count in counts:
                card = person_with_cards(env, count, source, team, rep)
                measure(env, card, rep, spec)  # warm the registry's caches (views, rules)
                form, call, values, thread = measure(env, card, rep, spec)
                results.append((form[0], call[0]))
                print(
                    f"person with {count:>5} earlier cards: form {form[0]} queries "
                    f"{form[1] * 1000:.0f} ms, get_conversation {call[0]} queries "
                    f"{call[1] * 1000:.0f} ms (side: {len(values['person_card_ids'])} cards "
                    f"of {values['person_card_count']}; thread: {len(thread['entries'])} "
                    f"entries, {thread['hidden']} older cards not shown)"
                )
            verdict = "EQUAL" if len(set(results)) == 1 else "DIFFERENT"
            print(f"queries to open the card form: {verdict}")
        finally:
            cr.rollback()
    sys.exit(0 if len(set(results)) == 1 else 1)


if __name__ == "__main__":
    main()
