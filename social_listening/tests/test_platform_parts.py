"""What social_interest's platforms name of this addon exists, and the other way round:
every platform's connector kinds and reply writer, every kind's and every writer's
platform. The reply writers take their length rules from the platform."""

from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from odoo.addons.social_interest import platforms

from ..lib.connectors import KINDS
from ..lib.connectors.registry import ConnectorKind, WebhookScheme, register_kind
from ..lib.replies import WRITERS, MetaWriter, XWriter


def _writer(cls, item=None):
    """A writer without a connection: only its rules are asked for."""
    writer = cls.__new__(cls)
    writer.item = dict(item or {})
    return writer


@tagged("post_install", "-at_install")
class TestPlatformParts(BaseCase):
    def test_every_platforms_connector_kinds_exist(self):
        for platform in platforms.platforms():
            for kind in platform.connector_kinds:
                with self.subTest(platform=platform.code, kind=kind):
                    self.assertIn(kind, KINDS)

    def test_every_platforms_reply_writer_exists(self):
        for platform in platforms.platforms():
            if platform.reply_writer:
                with self.subTest(platform=platform.code):
                    self.assertIn(platform.reply_writer, WRITERS)

    def test_every_kinds_platforms_are_registered_and_name_it(self):
        for code, kind in KINDS.items():
            for platform_code in kind.platforms:
                with self.subTest(kind=code, platform=platform_code):
                    platform = platforms.get(platform_code)
                    self.assertIsNotNone(platform)
                    self.assertIn(code, platform.connector_kinds)

    def test_every_writers_platform_is_registered_and_names_it(self):
        for code, writer in WRITERS.items():
            with self.subTest(writer=code):
                platform = platforms.get(writer.platform)
                self.assertIsNotNone(platform)
                self.assertEqual(platform.reply_writer, code)

    def test_a_kind_of_an_unknown_platform_is_refused(self):
        kind = ConnectorKind(
            code="nowhere_webhook",
            label="Nowhere",
            platform="nowhere",
            webhook=WebhookScheme(map_delivery=lambda payload: ([], [])),
        )
        with self.assertRaises(ValueError):
            register_kind(kind)
        self.assertNotIn("nowhere_webhook", KINDS)

    def test_writers_count_and_limit_as_their_platform_says(self):
        for code, cls in WRITERS.items():
            if code == "mastodon":
                continue  # asks its instance for the limit (tested with a fake instance)
            with self.subTest(writer=code):
                platform = platforms.get(cls.platform)
                writer = _writer(cls)
                self.assertEqual(writer.limit(), platform.reply_limit())
                for text in ("Hello 👋", "こんにちは https://acme.example.com/a/long/path"):
                    self.assertEqual(writer.count(text), platform.reply_count(text))

    def test_a_changed_rule_reaches_the_writer(self):
        rule = type(platforms.get("x"))
        with (
            patch.object(rule, "reply_count", return_value=7),
            patch.object(rule, "reply_limit", return_value=99),
        ):
            writer = _writer(XWriter)
            self.assertEqual((writer.count("anything"), writer.limit()), (7, 99))

    def test_metas_writer_takes_the_answered_platforms_rule(self):
        self.assertEqual(_writer(MetaWriter, {"platform": "instagram"}).limit(), 2200)
        self.assertEqual(_writer(MetaWriter, {"platform": "facebook"}).limit(), 8000)
        message = {"platform": "instagram", "action_type": "message"}
        self.assertEqual(_writer(MetaWriter, message).limit(), 2000)
        # a platform another writer answers never lends its rule
        self.assertEqual(_writer(XWriter, {"platform": "instagram"}).limit(), 280)
