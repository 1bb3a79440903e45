from odoo.addons.social_interest.tests.common import SocialInterestCase

from .fake_platform import FakePlatform


class ListeningCase(SocialInterestCase):
    """Connectors pointed at a fake platform on loopback (explicitly allowed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source_listening = cls.env["social.interest.source"].create(
            {"name": "Listening (test)", "platform": "other", "team_id": cls.team_a.id}
        )
        cls.rule_brand = cls.env["social.listening.rule"].create(
            {"name": "Brand", "any_terms": "acme, アクメ"}
        )
        cls.product = cls.env["product.template"].create({"name": "Ergo Chair", "sale_ok": True})

    def _connector(self, fake, **vals):
        values = {
            "name": "Test connector",
            "kind": "mastodon",
            "endpoint_url": fake.url if fake else False,
            "query": "#acme",
            "allow_private_network": True,
            "source_id": self.source_listening.id,
        }
        values.update(vals)
        return self.env["social.listening.connector"].create(values)

    def _platform(self, handler):
        return FakePlatform(handler).start(self)
