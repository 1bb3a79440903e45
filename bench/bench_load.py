"""Load and fault bench: webhook deliveries and e-mails against a real Odoo with two workers.

    /opt/odoo/venv/bin/python bench/bench_load.py [-d TEMPLATE] [--deliveries 2000]
                                                  [--mails 2000] [--clients 20] [--keep]

On a copy of ``TEMPLATE`` (a database where the three addons are installed) it starts
``odoo-bin --workers=2 --max-cron-threads=1`` on loopback, then:

1. 20 concurrent clients post ``--deliveries`` distinct signed webhook deliveries to a
   generic webhook connector, plus 10 % duplicates (the same body again, as a platform
   re-sends what it believes lost) and with 10 % of them dated an hour back (a platform's
   retries after an outage). A client re-sends what got no answer, as a platform does.
   Once the scheduled action has stored them, every item must be a mention exactly once.
2. 20 concurrent clients hand ``--mails`` e-mails to the mail gateway over XML-RPC
   (``mail.thread.message_process``, as Odoo's mailgate script does) while an HTTP worker
   is killed (SIGKILL) amid a request, a third and two thirds of the way through; a client
   re-sends a mail whose delivery failed, as a mail server does. Every e-mail must become
   exactly one card.

It prints deliveries/s and mails/s, the 5xx answers, and the lost and duplicated items.
"""

import argparse
import hashlib
import hmac
import json
import os
import queue
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import xmlrpc.client
from collections import Counter
from pathlib import Path

import psycopg2
import requests

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _odoo  # noqa: E402
from bench_gateway import notification, prepare_gateway  # noqa: E402

SECRET = "bench-load-secret"
PASSWORD = "bench-load"
RESEND = 8  # attempts per item, as a platform or a mail server retries


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(dbname):
    """The connector, the trusted receiving server and the admin's password; returns the
    connector's id."""
    import odoo

    _odoo.setup_odoo()
    with _odoo.registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        prepare_gateway(env)
        team = env["crm.team"].create({"name": "Load bench"})
        source = env["social.interest.source"].create(
            {"name": "Load bench", "platform": "other", "team_id": team.id}
        )
        connector = env["social.listening.connector"].create(
            {
                "name": "Load bench webhook",
                "kind": "generic_webhook",
                "webhook_secret": SECRET,
                "source_id": source.id,
            }
        )
        env.ref("base.user_admin").password = PASSWORD
        return connector.id


def start_odoo(dbname, port, log):
    python = Path(_odoo.ODOO_PATH, "venv", "bin", "python")
    process = subprocess.Popen(
        [
            str(python) if python.exists() else sys.executable,
            str(Path(_odoo.ODOO_PATH, "odoo-bin")),
            "-d",
            dbname,
            f"--db-filter=^{dbname}$",
            f"--addons-path={_odoo.odoo_addons_path()}",
            "--workers=2",
            "--max-cron-threads=1",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--limit-time-real=300",
            "--limit-time-cpu=300",
            "--log-level=info",
            f"--logfile={log}",
        ],
        start_new_session=True,
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/health", timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.kill()
    raise SystemExit("Odoo did not start: see " + str(log))


def http_workers(log):
    """Process ids of the live HTTP workers, from the master's log."""
    alive = re.findall(r"Worker WorkerHTTP \((\d+)\) alive", Path(log).read_text())
    return [int(pid) for pid in dict.fromkeys(alive) if _running(int(pid))]


def busiest(pids):
    """The worker that used the most CPU in the last 0.2 s: the one amid a request."""
    import psutil

    def cpu(pid):
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            return 0.0
        return times.user + times.system

    before = {pid: cpu(pid) for pid in pids}
    time.sleep(0.2)
    return max(pids, key=lambda pid: cpu(pid) - before[pid], default=None)


def _running(pid):
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def server_errors(outcomes):
    """How many answers were 5xx."""
    return sum(n for status, n in outcomes.items() if isinstance(status, int) and status >= 500)


def run_clients(jobs, clients, send):
    """Run ``send(job)`` for every job from ``clients`` threads; returns the answers."""
    work = queue.Queue()
    for job in jobs:
        work.put(job)
    answers = []
    lock = threading.Lock()

    def client():
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                return
            answer = send(job)
            with lock:
                answers.append(answer)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


# ---------------------------------------------------------------------- webhooks


def deliveries(count, rnd):
    now = int(time.time())
    bodies = []
    for i in range(count):
        late = i % 10 == 3  # a retry an hour after the event
        payload = {
            "id": f"load-{i}",
            "timestamp": now - 3600 if late else now,
            "items": [
                {
                    "id": f"load-item-{i}",
                    "text": f"Does the ACME sofa {i} come in green?",
                    "author_name": f"Poster {i}",
                    "author_handle": f"poster{i}",
                    "url": f"https://forum.example.com/t/{i}",
                    "platform": "forum",
                }
            ],
        }
        bodies.append(json.dumps(payload).encode())
    jobs = bodies + rnd.sample(bodies, count // 10)
    rnd.shuffle(jobs)
    return jobs


def sign(body):
    """The X-Hub-Signature-256 header of ``body``, as the platform computes it."""
    return "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()


def post_delivery(url):
    local = threading.local()

    def send(body):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(body)}
        statuses = []
        for _attempt in range(RESEND):
            try:
                response = session.post(url, data=body, headers=headers, timeout=60)
            except requests.RequestException:
                statuses.append("no answer")
                session = local.session = requests.Session()
                time.sleep(0.5)
                continue
            statuses.append(response.status_code)
            if response.status_code < 500:
                break
            time.sleep(0.5)
        return statuses

    return send


def wait_processed(dbname, connector_id, timeout):
    deadline = time.time() + timeout
    with psycopg2.connect(dbname=dbname) as conn:
        conn.autocommit = True
        with conn.cursor() as cr:
            while time.time() < deadline:
                cr.execute(
                    "SELECT count(*) FROM social_listening_delivery"
                    " WHERE connector_id = %s AND state = 'pending'",
                    [connector_id],
                )
                if not cr.fetchone()[0]:
                    return True
                time.sleep(1)
    return False


def check_mentions(dbname, connector_id, count):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute("SELECT external_id FROM social_mention WHERE connector_id = %s", [connector_id])
        ids = Counter(row[0] for row in cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM social_listening_delivery"
            " WHERE connector_id = %s AND state = 'failed'",
            [connector_id],
        )
        failed = cr.fetchone()[0]
    expected = {f"load-item-{i}" for i in range(count)}
    lost = len(expected - set(ids))
    duplicated = sum(n - 1 for n in ids.values())
    return lost, duplicated, failed


# ---------------------------------------------------------------------- e-mails


class OneAttempt(xmlrpc.client.Transport):
    """One attempt per call: the standard transport silently re-sends once when the
    connection drops, which would hide the killed worker from the figures."""

    def request(self, host, handler, request_body, verbose=False):
        return self.single_request(host, handler, request_body, verbose)


def post_mail(port, dbname):
    local = threading.local()

    def proxy():
        if getattr(local, "models", None) is None:
            local.models = xmlrpc.client.ServerProxy(
                f"http://127.0.0.1:{port}/xmlrpc/2/object", transport=OneAttempt(), allow_none=True
            )
        return local.models

    def send(raw):
        outcomes = []
        for _attempt in range(RESEND):
            try:
                proxy().execute_kw(
                    dbname,
                    2,
                    PASSWORD,
                    "mail.thread",
                    "message_process",
                    ["social.interest", xmlrpc.client.Binary(raw)],
                )
            except xmlrpc.client.ProtocolError as exc:
                outcomes.append(exc.errcode)
            except xmlrpc.client.Fault as exc:
                outcomes.append(f"fault: {exc.faultString.strip().splitlines()[-1][:120]}")
            except (OSError, xmlrpc.client.ResponseError, http_client_errors()):
                outcomes.append("no answer")
                local.models = None
            else:
                outcomes.append(200)
                break
            time.sleep(0.5)
        return outcomes

    return send


def http_client_errors():
    import http.client

    return http.client.HTTPException


def check_cards(dbname, tag):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            """SELECT m.message_id, count(DISTINCT m.res_id)
                 FROM mail_message m
                WHERE m.model = 'social.interest' AND m.message_id LIKE %s
                GROUP BY m.message_id""",
            [f"<{tag}-%"],
        )
        cards = dict(cr.fetchall())
    return cards


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-d", "--database", default=os.environ.get("SOCIAL_TEST_DB", "social_crm_test")
    )
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--mails", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()

    rnd = random.Random(20261205)
    dbname = f"{args.database}_bench_load"
    _odoo.setup_odoo()
    _odoo.create_database(dbname, args.database)
    log = Path(f"/tmp/{dbname}.log")
    log.unlink(missing_ok=True)
    odoo_process = None
    try:
        connector_id = prepare(dbname)
        port = free_port()
        odoo_process = start_odoo(dbname, port, log)
        print(f"load bench: copy of {args.database}, Odoo --workers=2 on port {port}")

        # 1. webhooks
        jobs = deliveries(args.deliveries, rnd)
        url = f"http://127.0.0.1:{port}/social_listening/webhook/{connector_id}"
        start = time.perf_counter()
        answers = run_clients(jobs, args.clients, post_delivery(url))
        elapsed = time.perf_counter() - start
        statuses = Counter(status for answer in answers for status in answer)
        five_xx = sum(
            n for status, n in statuses.items() if isinstance(status, int) and status >= 500
        )
        unanswered = sum(1 for answer in answers if answer[-1] != 200)
        processed = wait_processed(dbname, connector_id, 600)
        lost, duplicated, failed = check_mentions(dbname, connector_id, args.deliveries)
        print(
            f"  webhooks: {len(jobs)} posts ({args.deliveries} distinct, "
            f"{len(jobs) - args.deliveries} duplicates, {args.deliveries // 10} an hour old) "
            f"from {args.clients} clients in {elapsed:.1f} s = {len(jobs) / elapsed:.0f} "
            "deliveries/s"
        )
        print(f"    answers: {dict(statuses)}; 5xx: {five_xx}; never accepted: {unanswered}")
        print(
            f"    stored by the scheduled action: {'all' if processed else 'NOT ALL'}; "
            f"lost: {lost}; duplicated: {duplicated}; failed deliveries: {failed}"
        )

        # 2. e-mails, one worker killed on the way
        tag = f"load{int(time.time())}"
        raws = []
        for i in range(args.mails):
            raw = notification(700000 + i)
            raw = re.sub(rb"Message-Id: <[^>]+>", f"Message-Id: <{tag}-{i}@bench>".encode(), raw)
            raws.append(raw)
        killed = []

        def killer():
            for share in (1, 2):  # a third, then two thirds of the way
                while len(check_cards(dbname, tag)) < args.mails * share // 3:
                    time.sleep(0.2)
                busy = busiest(http_workers(log))
                if busy:
                    os.kill(busy, signal.SIGKILL)
                    killed.append(busy)

        watcher = threading.Thread(target=killer, daemon=True)
        watcher.start()
        start = time.perf_counter()
        answers = run_clients(raws, args.clients, post_mail(port, dbname))
        elapsed = time.perf_counter() - start
        outcomes = Counter(
            outcome if isinstance(outcome, int | str) else str(outcome)
            for answer in answers
            for outcome in answer
        )
        cards = check_cards(dbname, tag)
        lost = args.mails - len(cards)
        duplicated = sum(n - 1 for n in cards.values())
        five_xx = sum(
            n for status, n in outcomes.items() if isinstance(status, int) and status >= 500
        )
        print(
            f"  e-mails: {args.mails} from {args.clients} clients in {elapsed:.1f} s = "
            f"{args.mails / elapsed:.1f} mails/s; workers killed: {killed or 'none found'}"
        )
        print(f"    outcomes: {dict(outcomes)}; 5xx: {five_xx}")
        print(f"    cards: {len(cards)}; lost: {lost}; duplicated: {duplicated}")
    finally:
        if odoo_process is not None:
            os.killpg(odoo_process.pid, signal.SIGTERM)
            try:
                odoo_process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(odoo_process.pid, signal.SIGKILL)
        if not args.keep:
            _odoo.drop_database(dbname)


if __name__ == "__main__":
    main()
