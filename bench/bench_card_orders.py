"""The card form's customer area costs the same queries for a customer with 1,000 orders as
with 1.

    /opt/odoo/venv/bin/python bench/bench_card_orders.py --database DB [--orders 1,100,1000]

Works in a database where social_interest_sale is installed, inside one transaction that is
rolled back at the end (nothing stays). For each count it makes a customer (a contact of a
company) with that many orders of the rep (two lines each, most confirmed, one invoice
due) through the ORM, and a card of that customer asking about the oldest order by its
reference; then, as the rep (a salesman who sees his own documents) with a cold cache,
does what the web client does when the card's form opens: ``web_read`` with the
specification built from the form view (every field of the form, the customer area's
orders, revenue, invoices due and products included). Prints the number of SQL queries
(``cursor.sql_log_count``) and the time, for each count.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import _odoo
from bench_lead_form import form_specification

BATCH = 200


def customer_with_orders(env, count, rep, products):
    company = env["res.partner"].create({"name": f"Bench buyer Ltd {count}", "is_company": True})
    person = env["res.partner"].create(
        {"name": f"Bench buyer {count}", "email": f"buyer{count}@example.com",
         "parent_id": company.id}
    )  # fmt: skip
    Order = env["sale.order"]
    orders = Order
    for start in range(0, count, BATCH):
        orders |= Order.create(
            [
                {
                    "partner_id": person.id,
                    "user_id": rep.id,
                    "order_line": [
                        (0, 0, {"product_id": products[i % len(products)].id,
                                "product_uom_qty": 1 + i % 5}),
                        (0, 0, {"product_id": products[(i + 1) % len(products)].id,
                                "product_uom_qty": 2}),
                    ],
                }
                for i in range(start, min(start + BATCH, count))
            ]
        )  # fmt: skip
    # most are confirmed (as action_confirm leaves them, without its e-mails)
    confirmed = orders.filtered(lambda o: o.id % 4)
    env.cr.execute(
        "UPDATE sale_order SET state = 'sale' WHERE id = ANY(%s)", [confirmed.ids or [0]]
    )
    env.cr.execute(
        "UPDATE sale_order_line SET state = 'sale' WHERE order_id = ANY(%s)",
        [confirmed.ids or [0]],
    )
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": person.id,
            "invoice_user_id": rep.id,
            "invoice_line_ids": [(0, 0, {"name": "Desks", "quantity": 1, "price_unit": 90.0})],
        }
    )
    invoice.action_post()
    env.invalidate_all()
    return env["social.interest"].create(
        {
            "platform": "email",
            "action_type": "question",
            "author_name": person.name,
            "author_email": person.email,
            "partner_id": person.id,
            "user_id": rep.id,
            "body": f"Where is my order {orders[:1].name}?",
        }
    )


def measure(env, card, user, spec):
    env.flush_all()
    env.invalidate_all()
    record = card.with_user(user)
    before, start = env.cr.sql_log_count, time.perf_counter()
    values = record.web_read(spec)[0]
    return env.cr.sql_log_count - before, time.perf_counter() - start, values


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", "-d", required=True)
    parser.add_argument("--orders", default="1,100,1000", help="comma-separated order counts")
    args = parser.parse_args()
    counts = [int(c) for c in args.orders.split(",")]
    _odoo.setup_odoo()
    registry = _odoo.registry(args.database)
    queries = []
    with registry.cursor() as cr:
        env = _odoo.odoo.api.Environment(
            cr, _odoo.odoo.SUPERUSER_ID, {"tracking_disable": True, "mail_notrack": True}
        )
        try:
            rep = env["res.users"].create(
                {
                    "name": "Bench orders rep",
                    "login": "bench_card_orders_rep",
                    "groups_id": [(6, 0, [env.ref("sales_team.group_sale_salesman").id])],
                }
            )
            products = env["product.product"].create(
                [{"name": f"Bench desk {i}", "list_price": 100.0 + i} for i in range(8)]
            )
            spec = form_specification(env(user=rep), "social.interest")
            for count in counts:
                start = time.perf_counter()
                card = customer_with_orders(env, count, rep, products)
                made = time.perf_counter() - start
                measure(env, card, rep, spec)  # warm the registry's caches (views, rules)
                number, seconds, values = measure(env, card, rep, spec)
                queries.append(number)
                print(
                    f"customer with {count:>5} orders: form {number} queries "
                    f"{seconds * 1000:.0f} ms (orders shown {len(values['person_order_ids'])} "
                    f"of {values['person_order_count']}, revenue "
                    f"{values['person_revenue']:.2f}, invoices due "
                    f"{values['person_invoice_due']:.2f}, products "
                    f"{len(values['person_product_ids'])}; made in {made:.1f} s)",
                    flush=True,
                )
            verdict = "EQUAL" if len(set(queries)) == 1 else "DIFFERENT"
            print(f"queries to open the card form: {verdict}")
        finally:
            cr.rollback()
    sys.exit(0 if len(set(queries)) == 1 else 1)


if __name__ == "__main__":
    main()
