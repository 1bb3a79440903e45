"""A delivery that cannot be stored is answered with what every platform retries: 503 with
Retry-After — never 200 (the platform would drop it), 404 or 500."""

import json
import time
from unittest.mock import patch

from werkzeug.test import Client

import odoo
from odoo.http import root
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import SQL, config, mute_logger

from ..controllers.webhook import RETRY_AFTER
from ..lib.webhook import sign

SECRET = "It's a Secret to Everybody"


def _delivery(key):
    return json.dumps(
        {
            "id": key,
            "timestamp": int(time.time()),
            "items": [
                {"id": f"{key}-item", "text": "Is the ACME sofa green?", "platform": "forum"}
            ],
        }
    ).encode()


@tagged("post_install", "-at_install")
class TestWebhookStoringFails(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        team = cls.env["crm.team"].create({"name": "Faults team"})
        source = cls.env["social.interest.source"].create(
            {"name": "Faults", "platform": "other", "team_id": team.id}
        )
        cls.connector = cls.env["social.listening.connector"].create(
            {
                "name": "Faults",
                "kind": "generic_webhook",
                "webhook_secret": SECRET,
                "source_id": source.id,
            }
        )

    def _post(self, body):
        return self.url_open(
            f"/social_listening/webhook/{self.connector.id}",
            data=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(SECRET, body)},
        )

    def _stored(self):
        return self.env["social.listening.delivery"].search_count(
            [("connector_id", "=", self.connector.id)]
        )

    def test_delivery_refused_by_the_database_is_answered_503_then_stored_on_retry(self):
        # PostgreSQL itself refuses every new delivery row (a real failure of the INSERT, in
        # this test's transaction only)
        self.env.cr.execute(
            SQL(
                "ALTER TABLE social_listening_delivery"
                " ADD CONSTRAINT social_listening_test_refuse CHECK (false) NOT VALID"
            )
        )
        body = _delivery("fault-1")
        with mute_logger("odoo.http", "odoo.addons.social_listening.controllers.webhook"):
            response = self._post(body)
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.headers.get("Retry-After"), str(RETRY_AFTER))
        self.assertEqual(response.json()["status"], "unavailable")
        self.assertEqual(self._stored(), 0)
        # a refusal stays a refusal: only failures to store become 503
        response = self.url_open(
            f"/social_listening/webhook/{self.connector.id}",
            data=body,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=00"},
        )
        self.assertEqual(response.status_code, 401)
        self.assertNotIn("Retry-After", response.headers)
        # the platform sends it again once the database takes it: stored, once
        self.env.cr.execute(
            SQL(
                "ALTER TABLE social_listening_delivery DROP CONSTRAINT social_listening_test_refuse"
            )
        )
        response = self._post(body)
        self.assertEqual((response.status_code, response.json()["status"]), (200, "accepted"))
        response = self._post(body)
        self.assertEqual((response.status_code, response.json()["status"]), (200, "duplicate"))
        self.assertEqual(self._stored(), 1)


@tagged("post_install", "-at_install")
class TestWebhookWithoutDatabase(TransactionCase):
    """Odoo's own dispatch without a database, through ``odoo.http.root`` as the server
    calls it, with ``social_listening`` loaded server-wide as docker/odoo.conf does."""

    def setUp(self):
        super().setUp()
        self.patch(
            odoo.conf, "server_wide_modules", [*odoo.conf.server_wide_modules, "social_listening"]
        )
        # Odoo builds its database-less routes once, from the server-wide modules
        root.__dict__.pop("nodb_routing_map", None)
        self.addCleanup(root.__dict__.pop, "nodb_routing_map", None)
        self.client = Client(root)

    def _options(self, **options):
        patcher = patch.dict(config.options, options)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _post(self, path="/social_listening/webhook/1"):
        body = _delivery("away-1")
        with mute_logger("odoo.http", "odoo.addons.social_listening.controllers.webhook"):
            return self.client.post(
                path,
                data=body,
                headers={
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": sign(SECRET, body),
                },
            )

    def assertRetryLater(self, response):
        self.assertEqual(response.status_code, 503, response.get_data(as_text=True)[:200])
        self.assertEqual(response.headers.get("Retry-After"), str(RETRY_AFTER))
        self.assertEqual(json.loads(response.get_data())["status"], "unavailable")

    def test_database_that_cannot_be_opened_is_answered_503_not_404(self):
        # the database Odoo is told to serve cannot be opened (here: it does not exist, as
        # for a cluster that is restarting): Odoo falls back to its database-less routing
        self._options(db_name="social_listening_no_such_db", dbfilter="")
        self.assertRetryLater(self._post())

    def test_no_database_at_all_is_answered_503_not_404(self):
        # no database listed for the request (PostgreSQL down: Odoo lists none)
        self._options(dbfilter="^social_listening_no_such_db$")
        self.assertRetryLater(self._post())
        with mute_logger("odoo.http", "odoo.addons.social_listening.controllers.webhook"):
            handshake = self.client.get(
                "/social_listening/webhook/1?hub.mode=subscribe&hub.challenge=1"
            )
        self.assertRetryLater(handshake)
        # only the webhook answers without a database; nothing else of the addon is there
        self.assertEqual(self._post("/social_listening/not_a_route").status_code, 404)
