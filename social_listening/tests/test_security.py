from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ListeningCase


@tagged("post_install", "-at_install")
class TestListeningSecurity(ListeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connector_a = cls.env["social.listening.connector"].create(
            {
                "name": "Team A feed",
                "kind": "generic_webhook",
                "source_id": cls.source_listening.id,
                "webhook_secret": "s3cret",
                "access_token": "tok",
            }
        )
        team_b_source = cls.env["social.interest.source"].create(
            {"name": "B source", "platform": "other", "team_id": cls.team_b.id}
        )
        cls.connector_b = cls.env["social.listening.connector"].create(
            {"name": "Team B feed", "kind": "generic_webhook", "source_id": team_b_source.id}
        )
        item = {"body": "hello", "platform": "x", "posted_at": False}
        cls.mention_a = cls.connector_a._ingest([dict(item, external_id="a1")])
        cls.mention_b = cls.connector_b._ingest([dict(item, external_id="b1")])

    def test_rep_sees_the_mentions_of_own_team_only(self):
        visible = (
            self.env["social.mention"]
            .with_user(self.rep_a)
            .search([("id", "in", (self.mention_a + self.mention_b).ids)])
        )
        self.assertEqual(visible, self.mention_a)
        with self.assertRaises(AccessError):
            self.mention_b.with_user(self.rep_a).read(["body"])

    def test_all_leads_user_sees_every_mention(self):
        visible = (
            self.env["social.mention"]
            .with_user(self.lead_all)
            .search([("id", "in", (self.mention_a + self.mention_b).ids)])
        )
        self.assertEqual(visible, self.mention_a + self.mention_b)

    def test_rep_cannot_create_or_delete_mentions(self):
        with self.assertRaises(AccessError):
            self.env["social.mention"].with_user(self.rep_a).create(
                {"connector_id": self.connector_a.id, "external_id": "x", "posted_at": "2026-01-01"}
            )
        with self.assertRaises(AccessError):
            self.mention_a.with_user(self.rep_a).unlink()

    def _polled(self, **values):
        return self.env["social.listening.connector"].create(
            dict(
                {
                    "name": "Forum search",
                    "kind": "mastodon",
                    "endpoint_url": "https://forum.example.com",
                    "access_token": "admin-only-token",
                    "source_id": self.source_listening.id,
                },
                **values,
            )
        )

    def test_credentials_never_follow_a_managers_new_host(self):
        connector = self._polled()
        as_manager = connector.with_user(self.manager)
        as_manager.endpoint_url = "https://forum.example.com/sub"  # same host: kept
        self.assertEqual(connector.access_token, "admin-only-token")
        as_manager.endpoint_url = "https://collector.attacker.example/"
        self.assertFalse(connector.access_token, "cleared before any request goes there")
        self.assertIn("credentials were cleared", connector.message_ids[0].body)
        # emptying the endpoint moves it to the platform's own API: another host too
        connector.access_token = "admin-only-token"
        as_manager.endpoint_url = False
        self.assertFalse(connector.access_token)

    def test_an_administrator_may_move_a_connector(self):
        connector = self._polled()
        connector.with_user(self.env.ref("base.user_admin")).endpoint_url = "https://other.example"
        self.assertEqual(connector.access_token, "admin-only-token")

    def test_credentials_are_for_administrators_only(self):
        for user in (self.rep_a, self.manager):
            with self.assertRaises(AccessError, msg=user.login):
                self.connector_a.with_user(user).read(["webhook_secret"])
            with self.assertRaises(AccessError, msg=user.login):
                self.connector_a.with_user(user).read(["access_token"])
        self.assertEqual(self.connector_a.webhook_secret, "s3cret")

    def test_rep_cannot_change_connectors_or_rules(self):
        with self.assertRaises(AccessError):
            self.connector_a.with_user(self.rep_a).write({"name": "mine"})
        with self.assertRaises(AccessError):
            self.rule_brand.with_user(self.rep_a).write({"any_terms": "x"})

    def test_a_rep_cannot_poll_over_rpc(self):
        with self.assertRaises(AccessError):
            self.connector_a.with_user(self.rep_a).action_poll()
        self.assertFalse(self.connector_a.run_count)

    def test_manager_polls_without_seeing_the_token(self):
        connector = self.env["social.listening.connector"].create(
            {"name": "Feed", "kind": "rss", "endpoint_url": "http://127.0.0.1:9/feed"}
        )
        connector.with_user(self.manager).action_poll()
        self.assertEqual(connector.state, "error")

    def test_rep_sees_the_connectors_of_own_team_only(self):
        visible = (
            self.env["social.listening.connector"]
            .with_user(self.rep_a)
            .search([("id", "in", (self.connector_a + self.connector_b).ids)])
        )
        self.assertEqual(visible, self.connector_a)

    def test_old_webhook_deliveries_are_forgotten(self):
        Delivery = self.env["social.listening.delivery"]
        old = Delivery.create(
            {
                "connector_id": self.connector_a.id,
                "delivery_key": "old",
                "received_at": "2020-01-01",
                "state": "done",
            }
        )
        recent = Delivery.create(
            {"connector_id": self.connector_a.id, "delivery_key": "new", "state": "done"}
        )
        # never processed (say the scheduler was stopped): kept, whatever its age
        waiting = Delivery.create(
            {
                "connector_id": self.connector_a.id,
                "delivery_key": "waiting",
                "received_at": "2020-01-01",
                "payload": "{}",
            }
        )
        Delivery._cron_purge()
        self.assertFalse(old.exists())
        self.assertTrue(recent.exists())
        self.assertTrue(waiting.exists())
