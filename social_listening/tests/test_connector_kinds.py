"""The registry of connector kinds, and the entry points other tools import."""

import importlib
from itertools import permutations

from odoo.tests import TransactionCase, tagged

from odoo.addons.social_interest.lib.http import HttpAdapter
from odoo.addons.social_interest.lib.interest_data import InterestData
from odoo.addons.social_interest.lib.selection import (
    ACTION_TYPE_SELECTION,
    PLATFORM_SELECTION,
)

from ..lib.connectors import KINDS, Connector, kind_selection
from ..models.selection import LISTENING_PLATFORMS
from .fake_platform import sample_json

PLATFORMS = {code for code, _label in PLATFORM_SELECTION}
ACTIONS = {code for code, _label in ACTION_TYPE_SELECTION}


@tagged("post_install", "-at_install")
class TestConnectorKinds(TransactionCase):
    def test_every_kind_is_complete(self):
        Connector_model = self.env["social.listening.connector"]
        for code, kind in KINDS.items():
            with self.subTest(kind=code):
                self.assertEqual(kind.code, code)
                self.assertTrue(kind.label)
                self.assertTrue(set(kind.platforms) <= PLATFORMS, kind.platforms)
                self.assertIn(kind.action_type, ACTIONS)
                self.assertTrue(kind.polled or kind.webhook_fed)
                for credential in kind.credentials:
                    self.assertIn(credential, Connector_model._fields)
                if kind.polled:
                    self.assertTrue(issubclass(kind.poller, Connector))
                    self.assertIs(kind.poller.kind_spec, kind)
                    for method in ("fetch_page", "split_page", "map_item"):
                        self.assertIsNot(
                            getattr(kind.poller, method), getattr(Connector, method), method
                        )
                if kind.webhook_fed:
                    scheme = kind.webhook
                    self.assertTrue(callable(scheme.map_delivery))
                    self.assertTrue(scheme.delivered_at is None or callable(scheme.delivered_at))
                    self.assertTrue(scheme.signature_header)

    def test_credential_names_are_told_apart_by_the_form(self):
        # the form shows a credential when its name is in the kind's space-separated list
        names = {name for kind in KINDS.values() for name in kind.credentials}
        for one, other in permutations(names, 2):
            self.assertNotIn(one, other)

    def test_the_kind_selection_is_the_registry(self):
        field = self.env["social.listening.connector"]._fields["kind"]
        self.assertEqual(field.selection, kind_selection())
        self.assertEqual(
            [code for code, _label in field.selection],
            sorted(KINDS, key=lambda c: KINDS[c].sequence),
        )
        stored = self.env["ir.model.fields.selection"].search(
            [("field_id.model", "=", "social.listening.connector"), ("field_id.name", "=", "kind")]
        )
        self.assertEqual(set(stored.mapped("value")), set(KINDS))

    def test_listened_platforms_are_the_kinds_platforms(self):
        expected = {platform for kind in KINDS.values() for platform in kind.platforms}
        self.assertEqual(set(LISTENING_PLATFORMS), expected)
        self.assertTrue(set(LISTENING_PLATFORMS) <= PLATFORMS)

    def test_a_connector_reads_what_its_kind_does(self):
        Connector_model = self.env["social.listening.connector"]
        for code, kind in KINDS.items():
            with self.subTest(kind=code):
                connector = Connector_model.new({"name": code, "kind": code})
                self.assertEqual(connector.is_polled, kind.polled)
                self.assertEqual(connector.is_webhook, kind.webhook_fed)
                self.assertEqual(connector.platform, kind.platform)
                self.assertEqual(
                    (connector.credential_fields or "").split(), list(kind.credentials)
                )

    def test_a_feed_keeps_the_platform_the_admin_chose(self):
        feed = self.env["social.listening.connector"].create(
            {"name": "Reviews", "kind": "rss", "platform": "review_site"}
        )
        self.assertEqual(feed.platform, "review_site")
        feed.kind = "mastodon"
        self.assertEqual(feed.platform, "mastodon")

    def test_only_polled_kinds_are_scheduled(self):
        domain = self.env["social.listening.connector"]._due_domain()
        (kinds,) = [term[2] for term in domain if term[0] == "kind"]
        self.assertEqual(set(kinds), {code for code, kind in KINDS.items() if kind.polled})


# imported by the path outside tools use, not relatively
PUBLIC = importlib.import_module("odoo.addons.social_listening.lib.connectors")


@tagged("post_install", "-at_install")
class TestConnectorEntryPoints(TransactionCase):
    """Tools outside the addon import these names; they stay where they are."""

    def test_the_public_names_import(self):
        for name in ("get_connector", "map_generic_webhook", "map_meta_webhook"):
            self.assertTrue(callable(getattr(PUBLIC, name)), name)
        self.assertEqual(PUBLIC.Config(query="acme").max_pages, 10)
        self.assertTrue(PUBLIC.FetchResult().complete)

    def test_get_connector_splits_and_maps_a_page_without_the_network(self):
        connector = PUBLIC.get_connector("mastodon", PUBLIC.Config(query="#acme"), HttpAdapter())
        page = sample_json("mastodon_tag_timeline.json")
        raw_items, token = connector.split_page(page)
        self.assertEqual(token, "113400000000000002")
        item = connector.map_item(raw_items[0], page)
        self.assertIsInstance(item, InterestData)
        self.assertEqual(item["external_id"], "113400000000000003")
        self.assertEqual(item["platform"], "mastodon")
        self.assertEqual(item["url"], "https://mastodon.social/@chairfan/113400000000000003")
        self.assertIsNotNone(item["posted_at"])

    def test_a_webhook_kind_has_no_poller(self):
        with self.assertRaises(KeyError):
            PUBLIC.get_connector("meta_webhook", PUBLIC.Config(), HttpAdapter())

    def test_webhook_mappers_yield_interest_data(self):
        (item,), _errors = PUBLIC.map_meta_webhook(sample_json("meta_page_feed_webhook.json"))
        self.assertIsInstance(item, InterestData)
        (item,), _errors = PUBLIC.map_generic_webhook({"items": [{"id": "1", "text": "hi"}]})
        self.assertIsInstance(item, InterestData)
        self.assertEqual(item["body"], "hi")
        self.assertIsNone(item["posted_at"])
