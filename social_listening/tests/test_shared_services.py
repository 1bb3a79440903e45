"""Listening and the mail gateway agree: one language guess, one identity per account,
one product matcher; a second poll of the same items is recognised before inserting."""

from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.social_interest.tests.gateway_common import MAIL_DIR, GatewayCase, as_verified

from .fake_platform import FakePlatform, Reply


def x_search(username, text, lang="en", tweet_id="1859000000000000010"):
    """One page of X's recent search: one post of ``username``."""
    return {
        "data": [
            {
                "id": tweet_id,
                "text": text,
                "created_at": "2026-11-20T10:30:00.000Z",
                "lang": lang,
                "author_id": "42",
            }
        ],
        "includes": {"users": [{"id": "42", "name": "Jane Roe", "username": username}]},
        "meta": {"newest_id": tweet_id, "result_count": 1},
    }


@tagged("post_install", "-at_install")
class TestSharedServices(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source_x = cls.env["social.interest.source"].create(
            {"name": "X listening", "platform": "x", "team_id": cls.team_a.id}
        )

    def process(self, raw, model="social.interest", **kwargs):
        # notifications as our receiving server hands them on, their signature checked
        return super().process(as_verified(raw), model=model, **kwargs)

    def _x_connector(self, payload):
        platform = FakePlatform(lambda request: Reply(payload)).start(self)
        return self.env["social.listening.connector"].create(
            {
                "name": "X search",
                "kind": "x",
                "endpoint_url": platform.url,
                "query": "acme",
                "access_token": "test-token",
                "allow_private_network": True,
                "source_id": self.source_x.id,
            }
        )

    def _poll(self, payload):
        connector = self._x_connector(payload)
        connector.action_poll()
        self.assertEqual(connector.state, "ok", connector.last_error)
        return connector.mention_ids

    def _jane_identities(self):
        return self.env["social.identity"].search(
            [("platform", "=", "x"), ("handle", "=ilike", "janeroe")]
        )

    def test_russian_is_ru_on_a_mention_its_card_and_a_gateway_card(self):
        text = "Купила в @acme бархатный диван — очень довольна!"
        mention = self._poll(x_search("olga_smirnova", text, lang="und"))
        self.assertEqual(mention.lang, "ru")
        mention.action_create_card()
        self.assertEqual(mention.interest_id.lang, "ru")
        card = self.Interest.browse(self.process((MAIL_DIR / "x" / "mention_ru.eml").read_bytes()))
        self.assertEqual(card.lang, "ru")

    def test_same_x_account_from_the_api_and_from_an_email_is_one_identity(self):
        mention = self._poll(x_search("JaneRoe", "Is the walnut bookcase back in stock?"))
        mention.action_create_card()
        from_api = mention.identity_id
        self.assertEqual(from_api.handle, "janeroe")
        card = self.Interest.browse(self.process((MAIL_DIR / "x" / "reply_en.eml").read_bytes()))
        self.assertEqual(card.author_handle, "janeroe")
        self.assertEqual(card.identity_id, from_api)
        self.assertEqual(self._jane_identities(), from_api)

    def test_a_known_account_from_an_email_is_linked_when_heard_by_the_api(self):
        card = self.Interest.browse(self.process((MAIL_DIR / "x" / "reply_en.eml").read_bytes()))
        mention = self._poll(x_search("JaneRoe", "Still waiting for the walnut bookcase"))
        self.assertEqual(mention.identity_id, card.identity_id)
        mention.action_create_card()
        self.assertEqual(mention.interest_id.identity_id, card.identity_id)
        self.assertEqual(self._jane_identities(), card.identity_id)

    def test_an_identity_keeps_its_handle_in_matching_form(self):
        identity = self.env["social.identity"].create(
            {"name": "Jane Roe", "platform": "x", "handle": "@JaneRoe"}
        )
        self.assertEqual(identity.handle, "janeroe")
        identity.write({"handle": "Jane_Roe"})
        self.assertEqual(identity.handle, "jane_roe")

    def test_mentions_name_products_as_the_gateway_does(self):
        mention = self._poll(x_search("kenji", "Два книжных шкафа? Нет, один книжный шкаф"))
        self.assertEqual(mention.product_tmpl_id, self.walnut_bookcase)

    def test_a_second_poll_of_the_same_items_takes_the_batch_path(self):
        payload = x_search("JaneRoe", "Is the walnut bookcase back in stock?")
        connector = self._x_connector(payload)
        connector.action_poll()
        self.assertEqual(len(connector.mention_ids), 1)
        connector.action_reset_cursor()
        Mention = type(self.env["social.mention"])
        with patch.object(Mention, "create", autospec=True, side_effect=Mention.create) as create:
            connector.action_poll()
        create.assert_not_called()
        self.assertEqual(len(connector.mention_ids), 1)
        self.assertEqual(connector.state, "ok")
