"""Messaging channels under load: LINE and WhatsApp webhook deliveries to two workers.

    /opt/odoo/venv/bin/python bench/bench_channels.py [-d TEMPLATE] [--messages 1000]
                                                      [--clients 20] [--keep]

On a copy of ``TEMPLATE`` (a database where the addons are installed) it starts
``odoo-bin --workers=2`` on loopback (as ``bench_load.py`` does), makes a LINE and a WhatsApp
connector, then 20 concurrent clients post ``--messages`` LINE deliveries (one message
event each, signed ``x-line-signature``: base64 HMAC-SHA256 of the body with the channel
secret) and as many WhatsApp deliveries (signed ``X-Hub-Signature-256`` with the app secret),
plus 10 % of each sent again as the platforms redeliver. A client re-sends only what it is
told to retry (no answer, 5xx, 429), as the platforms do. Once the scheduled action has
turned the deliveries into mentions, every message must be one mention and one card.

Payload shapes: LINE's Messaging API reference ("Webhook event objects", message event);
Meta's WhatsApp Cloud API "Webhooks payload examples" (text message).
It prints deliveries/s per channel, the answers, the 5xx, and the lost and duplicated
messages and cards.
"""

import argparse
import base64
import hashlib
import hmac
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _odoo  # noqa: E402
from bench_load import (  # noqa: E402
    free_port,
    post_delivery,
    run_clients,
    server_errors,
    start_odoo,
    wait_processed,
)

LINE_SECRET = "bench-line-channel-secret"
APP_SECRET = "bench-whatsapp-app-secret"


def prepare(dbname):
    """The two connectors (their source's team works as a pool); their ids."""
    import odoo

    _odoo.setup_odoo()
    with _odoo.registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        team = env["crm.team"].create({"name": "Channels bench"})
        ids = {}
        for kind, secret in (("line", LINE_SECRET), ("whatsapp", APP_SECRET)):
            source = env["social.interest.source"].create(
                {"name": f"Channels bench {kind}", "platform": kind, "team_id": team.id}
            )
            connector = env["social.listening.connector"].create(
                {
                    "name": f"Channels bench {kind}",
                    "kind": kind,
                    "webhook_secret": secret,
                    "verify_token": "bench",
                    "access_token": "bench-token",
                    "source_id": source.id,
                }
            )
            ids[kind] = connector.id
        return ids


def line_bodies(count, rnd):
    now = int(time.time() * 1000)
    bodies = []
    for i in range(count):
        event = {
            "type": "message",
            "mode": "active",
            "timestamp": now,
            "source": {"type": "user", "userId": f"U{i:032x}"},
            "webhookEventId": f"01BENCH{i:019d}",
            "deliveryContext": {"isRedelivery": False},
            "replyToken": f"bench-reply-token-{i}",
            "message": {
                "id": f"line-{i}",
                "type": "text",
                "quoteToken": f"q-{i}",
                "text": f"Is the ACME desk {i} available in walnut?",
            },
        }
        bodies.append(json.dumps({"destination": "Ubench", "events": [event]}).encode())
    return _with_redeliveries(bodies, rnd)


def whatsapp_bodies(count, rnd):
    now = int(time.time())
    bodies = []
    for i in range(count):
        wa_id = f"8190{i:08d}"
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550000000", "phone_number_id": "1234"},
            "contacts": [{"profile": {"name": f"Customer {i}"}, "wa_id": wa_id}],
            "messages": [
                {
                    "from": wa_id,
                    "id": f"wamid.bench{i}",
                    "timestamp": str(now),
                    "type": "text",
                    "text": {"body": f"Where is my order {i}?"},
                }
            ],
        }
        payload = {
            "object": "whatsapp_business_account",
            "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": value}]}],
        }
        bodies.append(json.dumps(payload).encode())
    return _with_redeliveries(bodies, rnd)


def _with_redeliveries(bodies, rnd):
    jobs = bodies + rnd.sample(bodies, len(bodies) // 10)
    rnd.shuffle(jobs)
    return jobs


def line_signature(body):
    digest = hmac.new(LINE_SECRET.encode(), body, hashlib.sha256).digest()
    return {"x-line-signature": base64.b64encode(digest).decode()}


def whatsapp_signature(body):
    digest = hmac.new(APP_SECRET.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}"}


def check(dbname, connector_id, expected):
    """Messages that are no mention, mentions more than once, mentions without a card,
    cards made twice for one message."""
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT external_id, interest_id FROM social_mention WHERE connector_id = %s",
            [connector_id],
        )
        rows = cr.fetchall()
        cr.execute(
            """SELECT external_id, count(*) FROM social_interest
                WHERE source_id = (SELECT source_id FROM social_listening_connector
                                    WHERE id = %s)
                GROUP BY external_id HAVING count(*) > 1""",
            [connector_id],
        )
        doubled_cards = sum(n - 1 for _id, n in cr.fetchall())
    ids = Counter(external_id for external_id, _card in rows)
    lost = len(expected - set(ids))
    duplicated = sum(n - 1 for n in ids.values())
    no_card = sum(1 for _id, card in rows if not card)
    return lost, duplicated, no_card, doubled_cards


def burst(title, url, jobs, clients, signed):
    start = time.perf_counter()
    answers = run_clients(jobs, clients, post_delivery(url, signed))
    elapsed = time.perf_counter() - start
    statuses = Counter(status for answer in answers for status in answer)
    print(
        f"  {title}: {len(jobs)} posts from {clients} clients in {elapsed:.1f} s = "
        f"{len(jobs) / elapsed:.0f} deliveries/s; answers {dict(statuses)}; "
        f"5xx: {server_errors(statuses)}"
    )
    return server_errors(statuses)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-d", "--database", default=os.environ.get("SOCIAL_TEST_DB", "social_crm_test")
    )
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()

    rnd = random.Random(20261206)
    dbname = f"{args.database}_bench_channels"
    _odoo.setup_odoo()
    _odoo.create_database(dbname, args.database)
    log = Path(f"/tmp/{dbname}.log")
    log.unlink(missing_ok=True)
    process = None
    failures = 0
    try:
        ids = prepare(dbname)
        port = free_port()
        process = start_odoo(dbname, port, log)
        print(f"channels bench: copy of {args.database}, Odoo --workers=2 on port {port}")
        plan = (
            ("line", line_bodies(args.messages, rnd), line_signature, "line-"),
            ("whatsapp", whatsapp_bodies(args.messages, rnd), whatsapp_signature, "wamid.bench"),
        )
        for kind, jobs, signed, prefix in plan:
            url = f"http://127.0.0.1:{port}/social_listening/webhook/{ids[kind]}"
            failures += burst(kind, url, jobs, args.clients, signed)
            if not wait_processed(dbname, ids[kind], timeout=900):
                print(f"    {kind}: deliveries still pending after 15 minutes")
                failures += 1
            expected = {f"{prefix}{i}" for i in range(args.messages)}
            lost, duplicated, no_card, doubled = check(dbname, ids[kind], expected)
            print(
                f"    {kind}: {args.messages} messages: lost {lost}, duplicated {duplicated}, "
                f"without a card {no_card}, cards doubled {doubled}"
            )
            failures += lost + duplicated + no_card + doubled
    finally:
        if process:
            process.terminate()
            process.wait(30)
        if not args.keep:
            _odoo.drop_database(dbname)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
