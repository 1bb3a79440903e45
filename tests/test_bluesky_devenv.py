"""The Bluesky connector and writer against Bluesky's own servers: the atproto team's test
network (``@atproto/dev-env``: PLC, a PDS and the AppView on PostgreSQL) started on loopback by
``scripts/bluesky-devenv`` (installed with ``npm ci --prefix tests/bluesky``). Nothing here is
a copy of the platform: the login, the search, the tokens and the records are the real ones.
The network is started once for the class; a network that cannot start fails the tests."""

import json
import os
import resource
import select
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.social_interest.lib.http import FetchError, HttpAdapter
from odoo.addons.social_listening.lib.connectors import Config, get_connector
from odoo.addons.social_listening.tests.fake_platform import BlueskyServers, Reply
from odoo.addons.social_listening.tests.test_replies import ReplyCase

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "bluesky-devenv"
START_SECONDS = 240  # measured: about 30 s on 2 shared cores
# what the PDS answers for an exception of its own (xrpc-server gives no detail on a 500)
INTERNAL_ERROR = {"error": "InternalServerError", "message": "Internal Server Error"}


def xrpc(base, method, body=None, token=None, post=False, **params):
    """One call to the dev-env's servers, for the test's own checks (not the code under test)."""
    url = f"{base}/xrpc/{method}" + (f"?{urlencode(params)}" if params else "")
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data, headers, method="POST" if post else None)
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.loads(r.read() or b"{}")


def _without_memory_limit():
    """Odoo caps its own address space (``limit_memory_hard``); Node's WebAssembly reserves
    more than that, as Chrome does (Odoo lifts it the same way for its browser)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))


class DevEnv:
    """``scripts/bluesky-devenv`` as a child process: its JSON line, then killed."""

    def __init__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="bluesky-devenv-", suffix=".txt")
        # pylint: disable=subprocess-popen-preexec-fn
        self.proc = subprocess.Popen(
            [str(SCRIPT)],
            stdout=subprocess.PIPE,
            stderr=self.log,
            start_new_session=True,  # its own group: stopped whole, with nothing else
            preexec_fn=_without_memory_limit,
        )

    def wait_ready(self):
        deadline = time.monotonic() + START_SECONDS
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                break
            ready, _w, _x = select.select([self.proc.stdout], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                line += chunk
        if not line.endswith(b"\n"):
            self.stop()
            with open(self.log.name, "rb") as log:
                tail = log.read()[-3000:].decode("utf-8", "replace")
            raise RuntimeError(f"Bluesky's test network did not start ({SCRIPT}):\n{tail}")
        return json.loads(line)

    def stop(self):
        """Stop the network (idempotent: on a failed start, then again at the class's end)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.proc.stdout.close()


@tagged("post_install", "-at_install")
class TestBlueskyDevEnv(ReplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.devenv = DevEnv()
        cls.addClassCleanup(cls.devenv.stop)
        cls.net = cls.devenv.wait_ready()
        cls.pds = cls.net["pds"]
        cls.listener = cls.net["listener"]
        cls.posts = cls.net["posts"]

    # ------------------------------------------------------------------ helpers

    def _lib_connector(self, session=None, password=None):
        """The connector as the poll builds it, with every POST's method written down."""
        adapter = HttpAdapter(allow_private=True, sleep=lambda s: None, backoff=0.01, max_retries=1)
        self.posted_methods = []
        post_json = adapter.post_json

        def recording(url, *args, **kwargs):
            self.posted_methods.append(url.rsplit("/", 1)[-1])
            return post_json(url, *args, **kwargs)

        adapter.post_json = recording
        config = Config(
            endpoint_url=self.pds,
            query=self.net["keyword"],
            login=self.listener["handle"],
            app_password=password or self.listener["app_password"],
            session=session or {},
        )
        return get_connector("bluesky", config, adapter)

    def _connector_record(self, endpoint=None):
        return self._connector(
            None,
            kind="bluesky",
            endpoint_url=endpoint or self.pds,
            query=self.net["keyword"],
            login=self.listener["handle"],
            app_password=self.listener["app_password"],
        )

    def _card_on(self, target, endpoint=None):
        """A card of ``rep_a`` made from the seeded post ``target`` heard by a connector."""
        return self._card_heard(
            self._connector_record(endpoint),
            "bluesky",
            target["uri"],
            url="https://bsky.app/profile/mika.test/post/" + target["uri"].rsplit("/", 1)[-1],
        )

    def _replies_on_pds(self, parent_uri, text):
        """The listener's posts on the PDS that answer ``parent_uri`` with ``text``."""
        records = xrpc(
            self.pds,
            "com.atproto.repo.listRecords",
            repo=self.listener["did"],
            collection="app.bsky.feed.post",
            limit=100,
        )["records"]
        return [
            r
            for r in records
            if ((r["value"].get("reply") or {}).get("parent") or {}).get("uri") == parent_uri
            and r["value"]["text"] == text
        ]

    # ------------------------------------------------------------------ login and search

    def test_a_poll_logs_in_with_the_app_password_and_finds_the_keyword_posts(self):
        connector = self._connector_record()
        connector.action_poll()
        self.assertEqual(connector.state, "ok", connector.last_error)
        seeded = {post["uri"] for post in self.posts.values()}
        self.assertEqual(set(connector.mention_ids.mapped("external_id")), seeded)
        mention = connector.mention_ids.filtered(
            lambda m: m.external_id == self.posts["other"]["uri"]
        )
        self.assertEqual(mention.body, self.posts["other"]["text"])
        self.assertEqual(mention.author_handle, "mika.test")
        session = json.loads(connector.session_data)
        self.assertEqual(session["service"], self.pds, "the account's PDS, from its DID document")
        self.assertEqual(session["did"], self.listener["did"])
        self.assertNotIn(self.listener["app_password"], connector.session_data)

    def test_a_wrong_app_password_is_refused_in_plain_words(self):
        with self.assertRaisesRegex(FetchError, "refused the login"):
            self._lib_connector(password="aaaa-bbbb-cccc-dddd").fetch()

    # ------------------------------------------------------------------ session renewal

    def test_an_access_token_refused_before_its_time_means_one_new_login(self):
        first = self._lib_connector()
        first.fetch()
        session = dict(first.session)
        head, payload, _signature = session["accessJwt"].split(".")
        session["accessJwt"] = f"{head}.{payload}.AAAA"  # not signed by the PDS: refused
        again = self._lib_connector(session=session)
        self.assertEqual(len(again.fetch().items), 3)
        self.assertEqual(self.posted_methods, ["com.atproto.server.createSession"])
        self.assertNotEqual(again.session["accessJwt"], session["accessJwt"])

    def test_a_token_about_to_expire_is_renewed_with_the_refresh_token(self):
        first = self._lib_connector()
        first.fetch()
        session = dict(first.session, access_exp=time.time() + 60)  # inside the margin
        again = self._lib_connector(session=session)
        self.assertEqual(len(again.fetch().items), 3)
        self.assertEqual(self.posted_methods, ["com.atproto.server.refreshSession"])
        self.assertNotEqual(again.session["refreshJwt"], session["refreshJwt"])

    def test_a_revoked_refresh_token_means_a_new_login(self):
        first = self._lib_connector()
        first.fetch()
        xrpc(self.pds, "com.atproto.server.deleteSession", token=first.session["refreshJwt"],
             post=True)  # fmt: skip
        session = dict(first.session, access_exp=time.time() + 60)
        again = self._lib_connector(session=session)
        self.assertEqual(len(again.fetch().items), 3)
        self.assertEqual(
            self.posted_methods,
            ["com.atproto.server.refreshSession", "com.atproto.server.createSession"],
        )

    # ------------------------------------------------------------------ replies

    def test_a_reply_names_the_threads_root_and_the_post_answered(self):
        target, root = self.posts["reply"], self.posts["root"]
        card = self._card_on(target)
        self._send(card, "Yes, it is in stock 🌿")
        self.assertEqual(card.state, "replied")
        rkey = card.reply_external_id.rsplit("/", 1)[-1]
        self.assertEqual(
            card.reply_external_id, f"at://{self.listener['did']}/app.bsky.feed.post/{rkey}"
        )
        record = xrpc(self.pds, "com.atproto.repo.getRecord", repo=self.listener["did"],
                      collection="app.bsky.feed.post", rkey=rkey)["value"]  # fmt: skip
        self.assertEqual(record["text"], "Yes, it is in stock 🌿")
        self.assertEqual(record["reply"]["root"], {"uri": root["uri"], "cid": root["cid"]})
        self.assertEqual(record["reply"]["parent"], {"uri": target["uri"], "cid": target["cid"]})
        self.assertEqual(card.reply_url.rsplit("/", 1)[-1], rkey)

    def test_the_same_reply_posted_twice_under_one_key_leaves_one_post(self):
        """The PDS answers a second createRecord under a key already written with a bare
        500: the writer reads the record back and takes it as the proof."""
        target = self.posts["reply"]
        card = self._card_on(target)
        writer = card._writer()
        key = f"card-{card.id}-{int(time.time() * 1_000_000)}"
        first = writer.post(target["uri"], "Twice, once", key)
        second = writer.post(target["uri"], "Twice, once", key)
        self.assertEqual(second.external_id, first.external_id)
        self.assertEqual(second.text, "Twice, once")
        self.assertEqual(len(self._replies_on_pds(target["uri"], "Twice, once")), 1)

    def test_a_reply_whose_answer_was_lost_is_found_on_the_next_send(self):
        """A proxy in front of the PDS passes the first createRecord on and answers 504, and
        the PDS cannot be read back then: the rep is told nothing is known; the next send
        finds the reply that landed and records it; one post on Bluesky."""
        target = self.posts["reply"]
        lost = {"create": True, "read": True}

        def proxy(request):
            method = request["path"].rsplit("/", 1)[-1]
            if method == "com.atproto.repo.getRecord" and lost["read"]:
                return Reply({"error": "UpstreamTimeout"}, 504)
            query = f"?{urlencode(request['query'])}" if request["query"] else ""
            forwarded = urllib.request.Request(
                self.pds + request["path"] + query,
                request["body"] if request["method"] == "POST" else None,
                {
                    k: v
                    for k, v in request["headers"].items()
                    if k.lower() in ("authorization", "content-type")
                },  # fmt: skip
            )
            try:
                with urllib.request.urlopen(forwarded, timeout=30) as answer:
                    status, body = answer.status, answer.read()
            except urllib.error.HTTPError as error:
                status, body = error.code, error.read()
            if method == "com.atproto.repo.createRecord" and lost["create"]:
                lost["create"] = False
                return Reply({"error": "UpstreamTimeout"}, 504)  # written, answer lost
            # the account's service is the proxy too
            return Reply(body.replace(self.pds.encode(), front.url.encode()), status)

        front = self._platform(proxy)
        card = self._card_on(target, endpoint=front.url)
        with self.assertRaisesRegex(UserError, "did not answer"):
            self._send(card, "Lost, then found")
        self.assertFalse(card.reply_external_id, "nothing recorded while nothing is known")
        landed = self._replies_on_pds(target["uri"], "Lost, then found")
        self.assertEqual(len(landed), 1, "the first attempt did land")
        attempt = self.env["social.interest.reply.attempt"].search([("interest_id", "=", card.id)])
        self.assertEqual(attempt.state, "sending")
        self._age(attempt)
        lost["read"] = False
        self._send(card, "Lost, then found")
        self.assertEqual(card.reply_external_id, landed[0]["uri"])
        self.assertEqual(card.state, "replied")
        self.assertEqual(len(self._replies_on_pds(target["uri"], "Lost, then found")), 1)
        self.env.invalidate_all()  # the attempt is written by a cursor of its own
        self.assertEqual(attempt.state, "done")


@tagged("post_install", "-at_install")
class TestBlueskyRecordKeyTaken(ReplyCase):
    """Without the network: a PDS on loopback answering as the real one does (atproto's
    ``createRecord``: the repository tree throws on a key already written, which xrpc-server
    answers as a bare ``500 InternalServerError``; ``getRecord`` answers ``400 RecordNotFound``
    for a key never written)."""

    PARENT = "at://did:plc:jane/app.bsky.feed.post/3lbq2parent"

    def setUp(self):
        super().setUp()
        self.bsky = BlueskyServers(self)
        self.records = {}
        self.broken = False  # every createRecord answered 500 without writing
        pds = self.bsky._pds

        def handler(request):
            method = request["path"].rsplit("/", 1)[-1]
            if method == "app.bsky.feed.getPosts":
                return Reply({"posts": [{"uri": self.PARENT, "cid": "bafyreiparent",
                                         "record": {"text": "Green?"}}]})  # fmt: skip
            if method == "com.atproto.repo.createRecord":
                body = json.loads(request["body"])
                if self.broken or body["rkey"] in self.records:
                    return Reply(INTERNAL_ERROR, 500)
                self.records[body["rkey"]] = body["record"]
                uri = f"at://{body['repo']}/app.bsky.feed.post/{body['rkey']}"
                return Reply({"uri": uri, "cid": "bafyreinew"})
            if method == "com.atproto.repo.getRecord":
                rkey = request["query"]["rkey"]
                if rkey not in self.records:
                    return Reply({"error": "RecordNotFound", "message": "Could not locate "
                                  "record"}, 400)  # fmt: skip
                uri = f"at://{request['query']['repo']}/app.bsky.feed.post/{rkey}"
                return Reply({"uri": uri, "cid": "bafyreinew", "value": self.records[rkey]})
            return pds(request)

        self.bsky.pds.handler = handler
        connector = self._connector(
            None, kind="bluesky", endpoint_url=self.bsky.entryway.url, query="acme",
            login="acme-listening.bsky.social", app_password="abcd-efgh-ijkl-mnop",
        )  # fmt: skip
        self.card = self._card_heard(connector, "bluesky", self.PARENT)

    def test_a_second_create_under_a_written_key_is_recognised_not_reported_as_silence(self):
        writer = self.card._writer()
        key = f"card-{self.card.id}-1764581400000000"
        first = writer.post(self.PARENT, "Yes", key)
        second = writer.post(self.PARENT, "Yes", key)
        self.assertEqual(second.external_id, first.external_id)
        self.assertEqual(len(self.records), 1)

    def test_a_server_error_on_a_key_never_written_is_still_no_answer(self):
        self.broken = True
        with self.assertRaisesRegex(UserError, "did not answer"):
            self._send(self.card, "Yes")
        self.assertFalse(self.records)
        self.assertFalse(self.card.reply_external_id)
        attempt = self.env["social.interest.reply.attempt"].search(
            [("interest_id", "=", self.card.id)]
        )
        self.env.invalidate_all()
        self.assertEqual(attempt.state, "sending", "kept: the next send asks first")
