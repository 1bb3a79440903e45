"""How one e-mail's reading travels from routing to message_new: once, as data."""

from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.social_interest.lib.gateway_reading import GatewayReading, RouteValues
from odoo.addons.social_interest.lib.interest_data import InterestData
from odoo.addons.social_interest.models import social_interest_mail_gateway
from odoo.addons.social_interest.parsing.extract import ParseResult

from .gateway_common import MAIL_DIR, GatewayCase, make_mail


@tagged("post_install", "-at_install")
class TestGatewayHandOff(GatewayCase):
    def _count_parses(self):
        return patch.object(
            social_interest_mail_gateway,
            "parse_notification",
            wraps=social_interest_mail_gateway.parse_notification,
        )

    def test_an_email_is_parsed_once(self):
        raw = (MAIL_DIR / "facebook" / "comment_en.eml").read_bytes()
        with self._count_parses() as parse:
            card = self.Interest.browse(self.process(raw))
        self.assertEqual(parse.call_count, 1)
        self.assertEqual((card.platform, card.action_type), ("facebook", "comment"))

    def test_a_question_by_email_is_parsed_once(self):
        with self._count_parses() as parse:
            self.process(make_mail(message_id="<once-1@mail.example.com>"))
        self.assertEqual(parse.call_count, 1)
        self.assertEqual(len(self.cards_of("<once-1@mail.example.com>")), 1)

    def test_message_new_gets_the_reading_as_data_not_in_the_context(self):
        Model = type(self.Interest)
        cards_values = Model._gateway_cards_values
        seen = {}

        def spy(model, msg_dict, reading, items, custom_values):
            seen.update(
                context=dict(model.env.context),
                reading=reading,
                keys=set(msg_dict),
                values=set(custom_values),
            )
            return cards_values(model, msg_dict, reading, items, custom_values)

        with patch.object(Model, "_gateway_cards_values", spy):
            self.process(make_mail(message_id="<data-1@mail.example.com>"))
        self.assertIsInstance(seen["reading"], GatewayReading)
        self.assertEqual(seen["reading"].message_id, "<data-1@mail.example.com>")
        self.assertIn(b"Kyoto", seen["reading"].original)
        self.assertFalse(
            [key for key in seen["context"] if key.startswith("social_interest_gateway")]
        )
        self.assertFalse(
            [key for key in seen["keys"] | seen["values"] if "reading" in key],
            "the e-mail's own data stays Odoo's, the route's values are the card's",
        )
        # only the bytes as received travel in the context (Odoo's message_process makes the
        # message object itself and hands nothing else down; written back, 39 of the 121
        # e-mails in data/ differ, which would break DKIM's "simple" canonicalization)
        self.assertEqual(
            [key for key in seen["context"] if key.startswith("social_interest")],
            ["social_interest_raw"],
        )

    def test_message_new_makes_the_cards_of_the_reading_it_is_given(self):
        reading = GatewayReading(
            message_id="<given-1@example.com>",
            result=ParseResult(
                cards=[
                    InterestData(
                        platform="instagram",
                        action_type="comment",
                        author_handle="janeroe",
                        body="Is the Oak Dining Table still available?",
                        external_id="ig-given-1",
                    )
                ]
            ),
        )
        msg_dict = {"message_id": "<given-1@example.com>", "email_from": "x@example.com"}
        with patch.object(
            social_interest_mail_gateway, "parse_notification", side_effect=AssertionError
        ):
            card = self.Interest.message_new(
                msg_dict, RouteValues({"team_id": self.team_a.id}, reading)
            )
        self.assertEqual((card.platform, card.author_handle), ("instagram", "janeroe"))
        self.assertEqual(card.product_tmpl_id, self.oak_table)
        self.assertEqual(card.team_id, self.team_a, "the route's own values still fill the card")
        self.assertEqual(card.message_id, "<given-1@example.com>")

    def test_an_unreadable_reading_still_makes_a_card_with_its_error(self):
        reading = GatewayReading(message_id="<broken-1@example.com>", error="ValueError: bad")
        card = self.Interest.message_new(
            {"message_id": "<broken-1@example.com>", "email_from": "Ana <ana@example.com>"},
            RouteValues({}, reading),
        )
        self.assertEqual(card.action_type, "question")
        self.assertEqual(card.gateway_error, "ValueError: bad")
