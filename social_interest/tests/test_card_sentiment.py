"""Cards from the mail gateway carry a sentiment; the board filters by it."""

from odoo.tests import tagged

from .gateway_common import GatewayCase, make_mail


@tagged("post_install", "-at_install")
class TestCardSentiment(GatewayCase):
    def _card(self, subject, body, sender, message_id):
        self.process(make_mail(subject=subject, body=body, sender=sender, message_id=message_id))
        return self.cards_of(message_id)

    def test_words_stars_and_no_words(self):
        angry = self._card(
            "Question about my order",
            "Three weeks and still no sofa. This is the worst service I have ever had.",
            "Dana Lee <dana.lee@example.com>",
            "<s-1@mail.example.com>",
        )
        self.assertEqual(angry.sentiment, "negative")
        happy = self._card(
            "Re: your delivery",
            "配送がとても早くて、組み立ても簡単でした。大満足です！",
            "Yui Mori <yui.mori@example.jp>",
            "<s-2@mail.example.jp>",
        )
        self.assertEqual((happy.lang, happy.sentiment), ("ja", "positive"))
        plain = self._card(
            "Opening hours",
            "Is the showroom open on Sunday afternoon?",
            "Sam Hill <sam.hill@example.com>",
            "<s-3@mail.example.com>",
        )
        self.assertEqual(plain.sentiment, "neutral")
        like = self._card(
            "mika_o liked your photo",
            "mika_o liked your photo\nhttps://www.instagram.com/p/DQx9Zz1/",
            "Instagram <no-reply@mail.instagram.com>",
            "<s-4@notify.example.com>",
        )
        self.assertEqual(like.action_type, "like")
        self.assertFalse(like.sentiment)  # no words, no opinion to read

    def test_the_board_filters_by_sentiment(self):
        self.test_words_stars_and_no_words()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        view = self.env.ref("social_interest.social_interest_view_search")
        self.assertIn('name="sentiment_negative"', view.arch)
        negative = self.env["social.interest"].search([("sentiment", "=", "negative")])
        self.assertIn("Dana Lee", negative.mapped("author_name"))
        self.assertEqual(action["res_model"], "social.interest")
