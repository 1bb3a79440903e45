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


@tagged("post_install", "-at_install")
class TestWritesOverRpc(ListeningCase):
    """What the views show read-only cannot be written through the ORM's RPC either."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connector = cls.env["social.listening.connector"].create(
            {
                "name": "Team A search",
                "kind": "generic_webhook",
                "source_id": cls.source_listening.id,
            }
        )
        item = {
            "body": "Saw the ACME desk at a friend's place.",
            "platform": "x",
            "posted_at": False,
        }
        cls.mention = cls.connector._ingest([dict(item, external_id="rpc-1")])

    def test_a_rep_moves_a_mention_between_new_and_ignored_only(self):
        as_rep = self.mention.with_user(self.rep_a)
        as_rep.write({"state": "ignored"})
        as_rep.write({"state": "new"})
        for values in (
            {"team_id": self.team_b.id},
            {"company_id": self.env.company.id},
            {"body": "Something else"},
            {"sentiment": "positive"},
            {"state": "card"},
            {"partner_id": self.env.ref("base.res_partner_1").id},
        ):
            with self.assertRaises(AccessError, msg=str(values)):
                as_rep.write(values)
        self.assertEqual(self.mention.team_id, self.team_a)
        self.assertEqual(self.mention.body, "Saw the ACME desk at a friend's place.")

    def test_the_buttons_still_work(self):
        self.mention.with_user(self.rep_a).action_create_card()
        self.assertEqual(self.mention.state, "card")
        self.assertTrue(self.mention.interest_id)

    def test_system_fields_of_a_card_are_not_written_by_hand(self):
        self.mention.action_create_card()
        card = self.mention.interest_id.with_user(self.rep_a)
        for values in (
            {"first_response_date": "2026-01-01 00:00:00"},
            {"sender_check": "verified"},
            {"reply_user_id": self.rep_a.id},
            {"spam_reason": False},
        ):
            with self.assertRaises(AccessError, msg=str(values)):
                card.write(values)
        self.assertFalse(card.first_response_date)


@tagged("post_install", "-at_install")
class TestMentionsStayInTheirCompany(ListeningCase):
    def test_another_companys_identity_and_contact_are_never_linked(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        theirs = self.env["res.partner"].create({"name": "Their customer", "company_id": other.id})
        self.env["social.identity"].create(
            {
                "name": "Their customer",
                "platform": "x",
                "handle": "shared_handle",
                "partner_id": theirs.id,
                "company_id": other.id,
            }
        )
        connector = self.env["social.listening.connector"].create(
            {"name": "Our search", "kind": "generic_webhook", "source_id": self.source_listening.id}
        )
        item = {
            "body": "hello",
            "platform": "x",
            "posted_at": False,
            "author_handle": "shared_handle",
        }
        mention = connector._ingest([dict(item, external_id="co-1")])
        self.assertNotEqual(mention.identity_id.company_id, other)
        self.assertFalse(mention.partner_id)

    def test_a_shared_identity_brings_only_a_contact_of_the_company(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        theirs = self.env["res.partner"].create({"name": "Their customer", "company_id": other.id})
        shared = self.env["social.identity"].create(
            {
                "name": "Shared",
                "platform": "x",
                "handle": "everyone_knows",
                "partner_id": theirs.id,
                "company_id": False,
            }
        )
        connector = self.env["social.listening.connector"].create(
            {"name": "Our search", "kind": "generic_webhook", "source_id": self.source_listening.id}
        )
        item = {
            "body": "hi",
            "platform": "x",
            "posted_at": False,
            "author_handle": "everyone_knows",
        }
        mention = connector._ingest([dict(item, external_id="co-2")])
        self.assertEqual(mention.identity_id, shared)
        self.assertFalse(mention.partner_id, "the contact belongs to another company")
