"""Load and fault bench: webhook deliveries and e-mails against a real Odoo with two workers.

    /opt/odoo/venv/bin/python bench/bench_load.py [-d TEMPLATE] [--deliveries 2000]
                                                  [--mails 2000] [--clients 20] [--keep]
                                                  [--no-restart]

On a copy of ``TEMPLATE`` (a database where the three addons are installed) it starts
``odoo-bin --workers=2 --max-cron-threads=1 --load=base,web,social_listening`` on loopback
(social_listening server-wide, as docker/odoo.conf), then:

1. 20 concurrent clients post ``--deliveries`` distinct signed webhook deliveries to a
   generic webhook connector, plus 10 % duplicates (the same body again, as a platform
   re-sends what it believes lost) and with 10 % of them dated an hour back (a platform's
   retries after an outage), while an HTTP worker is killed (SIGKILL) amid a request a
   third and two thirds of the way through. A client re-sends only what it is told to
   retry, as the platforms do: no answer, 5xx or 429, after Retry-After when given.
   Once the scheduled action has stored them, every item must be a mention exactly once.
1b. Unless ``--no-restart``: the local PostgreSQL cluster (15/main) is restarted in the
   middle of a second webhook burst, then in the middle of the scheduled action that turns
   the deliveries into mentions, then in the middle of a connector run (an RSS connector
   reading a slow feed served on loopback); afterwards every item is stored exactly once,
   no card is doubled and the connector's next run misses no item of its feed. Before each
   restart the bench waits (30 s polls, 15 minutes at most) until no other database of the
   cluster is busy; it skips the restart otherwise.
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
CLUSTER = ("15", "main")  # the local test cluster, the only one the bench restarts


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
            # server-wide, as docker/odoo.conf: the webhook answers 503 while the database
            # cannot be opened
            "--load=base,web,social_listening",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--limit-time-real=300",
            "--limit-time-cpu=300",
            "--log-level=info",
            f"--logfile={log}",
        ],
        start_new_session=True,
        stderr=Path(f"{log}.stderr").open("w"),  # the server writes to it until it stops
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


def deliveries(count, rnd, prefix="load"):
    now = int(time.time())
    bodies = []
    for i in range(count):
        late = i % 10 == 3  # a retry an hour after the event
        payload = {
            "id": f"{prefix}-{i}",
            "timestamp": now - 3600 if late else now,
            "items": [
                {
                    "id": f"{prefix}-item-{i}",
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


def post_delivery(url, signed=None):
    """A client's ``send(body)``: the body posted with its signature (``signed(body)``: the
    headers; the generic webhook's X-Hub-Signature-256 by default), sent again only when
    there is no answer, a 5xx or a 429 (after Retry-After), as the platforms do."""
    local = threading.local()
    signed = signed or (lambda body: {"X-Hub-Signature-256": sign(body)})

    def send(body):
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        headers = {"Content-Type": "application/json", **signed(body)}
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
            if response.status_code < 500 and response.status_code != 429:
                break  # a platform retries nothing else: a 404 or 400 is final
            time.sleep(retry_after(response))
        return statuses

    return send


def retry_after(response, cap=30):
    """Seconds to wait before sending again, as the response asks (within ``cap``)."""
    try:
        return min(max(float(response.headers.get("Retry-After", 0.5)), 0.0), cap)
    except ValueError:
        return 0.5


def count_deliveries(dbname, connector_id):
    """Deliveries stored so far, or None while the database cannot be reached."""
    try:
        with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM social_listening_delivery WHERE connector_id = %s",
                [connector_id],
            )
            return cr.fetchone()[0]
    except psycopg2.OperationalError:
        return None


def webhook_burst(url, bodies, clients, on_progress=None):
    """Post ``bodies`` from ``clients`` threads while ``on_progress`` (a thread) acts on
    the way; returns the answers, the time taken and what ``on_progress`` reported."""
    events = []
    watcher = None
    if on_progress:
        watcher = threading.Thread(target=lambda: events.extend(on_progress()), daemon=True)
        watcher.start()
    start = time.perf_counter()
    answers = run_clients(bodies, clients, post_delivery(url))
    elapsed = time.perf_counter() - start
    if watcher:
        watcher.join(60)
    return answers, elapsed, events


def report_burst(title, jobs, distinct, clients, answers, elapsed):
    statuses = Counter(status for answer in answers for status in answer)
    five_xx = server_errors(statuses)
    unanswered = sum(1 for answer in answers if answer[-1] != 200)
    print(
        f"  {title}: {len(jobs)} posts ({distinct} distinct) from {clients} clients in "
        f"{elapsed:.1f} s = {len(jobs) / elapsed:.0f} deliveries/s"
    )
    print(f"    answers: {dict(statuses)}; 5xx: {five_xx}; never accepted: {unanswered}")
    return unanswered


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


def check_mentions(dbname, connector_id, count, prefix="load"):
    """Items of the run that are no mention, mentions more than once, failed deliveries
    and doubled cards (two cards for one mention's item)."""
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute("SELECT external_id FROM social_mention WHERE connector_id = %s", [connector_id])
        ids = Counter(row[0] for row in cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM social_listening_delivery"
            " WHERE connector_id = %s AND state = 'failed'",
            [connector_id],
        )
        failed = cr.fetchone()[0]
        cr.execute(
            """SELECT count(DISTINCT m.interest_id) FROM social_mention m
                WHERE m.connector_id = %s AND m.interest_id IS NOT NULL
                GROUP BY m.external_id HAVING count(DISTINCT m.interest_id) > 1""",
            [connector_id],
        )
        doubled_cards = sum(n - 1 for (n,) in cr.fetchall())
    expected = {f"{prefix}-item-{i}" for i in range(count)}
    lost = len(expected - set(ids))
    duplicated = sum(n - 1 for n in ids.values())
    return lost, duplicated, failed, doubled_cards


# ---------------------------------------------------------------------- PostgreSQL restarts


def check_local_cluster():
    """The bench's server is the local cluster it restarts, and nothing else."""
    version, name = CLUSTER
    listing = subprocess.run(
        ["pg_lsclusters", "--no-header", version, name], capture_output=True, text=True, check=True
    ).stdout.split()
    port, data_dir = listing[2], listing[5]
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute("SHOW data_directory")
        served = cr.fetchone()[0]
        cr.execute("SHOW port")
        served_port = cr.fetchone()[0]
    if (served, served_port) != (data_dir, port):
        raise SystemExit(f"the bench talks to {served}:{served_port}, not cluster {version}/{name}")


def others_busy(own):
    """Databases of the cluster with connections, other than ``own`` (and ``postgres``,
    which Odoo's servers only list databases in)."""
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        cr.execute(
            """SELECT datname, count(*) FROM pg_stat_activity
                WHERE datname IS NOT NULL AND datname <> 'postgres'
                  AND datname <> ALL(%s) AND pid <> pg_backend_pid()
                GROUP BY 1""",
            [list(own)],
        )
        return dict(cr.fetchall())


def wait_quiet(own, patience=15 * 60, poll=30):
    """Wait until no one else uses the cluster; False if they still do after ``patience``."""
    deadline = time.time() + patience
    while True:
        busy = others_busy(own)
        if not busy:
            return True
        if time.time() > deadline:
            print(f"    restart skipped: other databases busy: {busy}")
            return False
        print(f"    waiting: other databases busy: {busy}")
        time.sleep(poll)


def restart_postgresql(own):
    """Restart the local cluster if no one else uses it; the seconds it was away, or None."""
    if others_busy(own):
        print(f"    restart skipped: other databases busy: {others_busy(own)}")
        return None
    version, name = CLUSTER
    start = time.perf_counter()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart", "-m", "fast"],
        check=True,
    )
    return time.perf_counter() - start


def set_cron(dbname, xmlid, active):
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            """UPDATE ir_cron SET active = %s WHERE id = (
                   SELECT res_id FROM ir_model_data WHERE module = 'social_listening'
                      AND name = %s)""",
            [active, xmlid],
        )


def trigger_cron(dbname, xmlid):
    """What ``ir.cron._trigger()`` does: a trigger row, and a word to the cron threads."""
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            """INSERT INTO ir_cron_trigger (cron_id, call_at)
               SELECT res_id, now() AT TIME ZONE 'UTC' FROM ir_model_data
                WHERE module = 'social_listening' AND name = %s""",
            [xmlid],
        )
    with psycopg2.connect(dbname="postgres") as conn, conn.cursor() as cr:
        conn.autocommit = True
        cr.execute("NOTIFY cron_trigger, %s", [dbname])


def wait_for(condition, timeout=300):
    """Poll ``condition`` until it holds (True) or ``timeout`` seconds pass (False)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def pending_at_most(dbname, count):
    pending = count_where(
        dbname, "SELECT count(*) FROM social_listening_delivery WHERE state = 'pending'", []
    )
    return pending is not None and pending <= count


def count_where(dbname, query, params):
    try:
        with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
            cr.execute(query, params)
            return cr.fetchone()[0]
    except psycopg2.OperationalError:
        return None


class SlowFeed:
    """An RSS feed on loopback that takes ``delay`` seconds to answer, so that a connector
    run is under way for that long; ``items`` can grow between runs."""

    def __init__(self, delay):
        import http.server

        self.items = 0
        self.delay = delay
        self.served = 0
        self.started = 0
        feed = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                feed.started += 1
                time.sleep(feed.delay)
                body = feed.render().encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                feed.served += 1

            def log_message(self, *_args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def render(self):
        entries = "".join(
            f"<item><title>ACME sofa {i}</title><link>https://blog.example.com/{i}</link>"
            f"<guid>feed-item-{i}</guid><description>Is the ACME sofa {i} green?</description>"
            f"<pubDate>{time.strftime('%a, %d %b %Y %H:%M:%S +0000', time.gmtime())}</pubDate>"
            "</item>"
            for i in range(self.items)
        )
        return (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
            f"<link>https://blog.example.com/</link><description>b</description>{entries}"
            "</channel></rss>"
        )


def prepare_feed(dbname, url, source_connector_id):
    """An RSS connector on ``url`` (loopback allowed, as the tests allow it), same source."""
    import odoo

    with _odoo.registry(dbname).cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        webhook = env["social.listening.connector"].browse(source_connector_id)
        connector = env["social.listening.connector"].create(
            {
                "name": "Load bench feed",
                "kind": "rss",
                "endpoint_url": url,
                "allow_private_network": True,
                "source_id": webhook.source_id.id,
                "poll_interval": 60 * 24,
                "next_run_at": "2099-01-01 00:00:00",
            }
        )
        return connector.id


def feed_run(dbname, connector_id, timeout=240):
    """Make the feed connector due, wake the cron and wait for the run to be recorded;
    returns its state."""
    with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT COALESCE(run_count, 0) FROM social_listening_connector WHERE id = %s",
            [connector_id],
        )
        runs = cr.fetchone()[0]
        cr.execute(
            "UPDATE social_listening_connector SET next_run_at = NULL WHERE id = %s",
            [connector_id],
        )
    trigger_cron(dbname, "ir_cron_listening_poll")
    deadline = time.time() + timeout
    while time.time() < deadline:
        done = count_where(
            dbname,
            "SELECT count(*) FROM social_listening_connector"
            " WHERE id = %s AND COALESCE(run_count, 0) > %s",
            [connector_id, runs],
        )
        if done:
            return True
        time.sleep(1)
    return False


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
    parser.add_argument("--feed-items", type=int, default=40)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument(
        "--no-restart",
        action="store_true",
        help="run the restart scenarios without restarting PostgreSQL",
    )
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
        feed = SlowFeed(0)
        feed_id = prepare_feed(dbname, feed.url, connector_id)
        port = free_port()
        odoo_process = start_odoo(dbname, port, log)
        print(f"load bench: copy of {args.database}, Odoo --workers=2 on port {port}")

        own = {dbname, args.database}
        pending_sql = "SELECT count(*) FROM social_listening_delivery WHERE state = 'pending'"

        # 1. webhooks, a worker killed (SIGKILL) a third and two thirds of the way
        jobs = deliveries(args.deliveries, rnd)
        url = f"http://127.0.0.1:{port}/social_listening/webhook/{connector_id}"

        def kill_workers():
            killed = []
            for share in (1, 2):
                if not wait_for(
                    lambda s=share: (count_deliveries(dbname, connector_id) or 0)
                    >= args.deliveries * s // 3
                ):
                    break
                busy = busiest(http_workers(log))
                if busy:
                    os.kill(busy, signal.SIGKILL)
                    killed.append(busy)
            return killed

        answers, elapsed, killed = webhook_burst(url, jobs, args.clients, kill_workers)
        report_burst(
            f"webhooks, workers killed {killed or 'none found'}",
            jobs,
            args.deliveries,
            args.clients,
            answers,
            elapsed,
        )
        processed = wait_processed(dbname, connector_id, 600)
        lost, duplicated, failed, doubled = check_mentions(dbname, connector_id, args.deliveries)
        print(
            f"    stored by the scheduled action: {'all' if processed else 'NOT ALL'}; "
            f"lost: {lost}; duplicated: {duplicated}; failed deliveries: {failed}; "
            f"doubled cards: {doubled}"
        )

        # 2. PostgreSQL restarted amid a burst, amid the delivery mapping, amid a feed run
        restart = not args.no_restart
        if restart:
            check_local_cluster()
        away = []

        def restart_at(condition):
            if not wait_for(condition):
                print("    restart point not reached in time: no restart")
                return []
            if restart:
                seconds = restart_postgresql(own)
                if seconds is not None:
                    away.append(seconds)
                    return [seconds]
            return []

        set_cron(dbname, "ir_cron_listening_process_deliveries", False)
        if restart:
            wait_quiet(own)
        jobs = deliveries(args.deliveries, rnd, prefix="pg")
        answers, elapsed, restarted = webhook_burst(
            url,
            jobs,
            args.clients,
            lambda: restart_at(
                lambda: (count_deliveries(dbname, connector_id) or 0) >= args.deliveries * 3 // 2
            ),
        )
        report_burst(
            f"webhooks, PostgreSQL restarted {restarted or 'no'}",
            jobs,
            args.deliveries,
            args.clients,
            answers,
            elapsed,
        )
        backlog = count_where(dbname, pending_sql, [])
        set_cron(dbname, "ir_cron_listening_process_deliveries", True)
        if restart:
            wait_quiet(own)
        start = time.perf_counter()
        trigger_cron(dbname, "ir_cron_listening_process_deliveries")
        restarted = restart_at(lambda: pending_at_most(dbname, backlog * 2 // 3))
        deadline = time.time() + 600
        while not pending_at_most(dbname, 0) and time.time() < deadline:
            trigger_cron(dbname, "ir_cron_listening_process_deliveries")  # as the next call
            time.sleep(5)
        print(
            f"  delivery mapping of {backlog} deliveries, PostgreSQL restarted "
            f"{restarted or 'no'}: {time.perf_counter() - start:.1f} s"
        )
        for prefix in ("load", "pg"):
            lost, duplicated, failed, doubled = check_mentions(
                dbname, connector_id, args.deliveries, prefix
            )
            print(
                f"    {prefix}-* items: lost: {lost}; duplicated: {duplicated}; "
                f"failed deliveries: {failed}; doubled cards: {doubled}"
            )

        if restart:
            wait_quiet(own)
        feed.items, feed.delay = args.feed_items, 6
        first = feed.started
        runner = threading.Thread(target=feed_run, args=(dbname, feed_id), daemon=True)
        runner.start()
        restarted = restart_at(lambda: feed.started > first and time.sleep(1) is None)
        while runner.is_alive():  # the run lost with the database: the next call
            runner.join(10)
            if runner.is_alive():
                trigger_cron(dbname, "ir_cron_listening_poll")
        feed.items, feed.delay = args.feed_items + args.feed_items // 2, 0
        feed_run(dbname, feed_id)
        with psycopg2.connect(dbname=dbname) as conn, conn.cursor() as cr:
            cr.execute(
                """SELECT count(*), count(DISTINCT external_id), count(DISTINCT interest_id)
                     FROM social_mention WHERE connector_id = %s""",
                [feed_id],
            )
            mentions, distinct, cards = cr.fetchone()
            cr.execute(
                "SELECT run_count, state FROM social_listening_connector WHERE id = %s",
                [feed_id],
            )
            runs, state = cr.fetchone()
        print(
            f"  feed connector, PostgreSQL restarted {restarted or 'no'} amid its run: "
            f"{feed.items} feed items, {mentions} mentions ({distinct} distinct, "
            f"{cards} cards), {feed.items - distinct} skipped, {mentions - distinct} "
            f"duplicated; runs recorded: {runs}, state {state}"
        )
        if away:
            print(f"  PostgreSQL restarts took {', '.join(f'{s:.1f} s' for s in away)}")

        # 3. e-mails, one worker killed on the way
        if not args.mails:
            return
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
