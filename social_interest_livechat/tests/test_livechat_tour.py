from odoo.tests import tagged

from .common import LivechatCase


@tagged("post_install", "-at_install")
class TestLivechatTour(LivechatCase):
    """In the browser: a visitor's chat becomes a card, the operator answers it in the
    conversation's chat window and the card shows it processed."""

    def test_the_operators_answer_in_the_chat_processes_the_chat_card(self):
        # the operator also works the chat team's cards: they open the card afterwards
        self.operator.groups_id |= self.env.ref("sales_team.group_sale_salesman")
        self.team.member_ids |= self.operator
        self.source.reply_marks_processed = True
        channel = self._start_chat()
        self._say(channel, "Do you sell the blue kettle?")
        card = self._cards(channel)
        self.assertEqual(card.state, "new")
        self.start_tour(
            f"/odoo/social-interest/{card.id}",
            "social_interest_livechat_answer_tour",
            login="chat_operator",
        )
        self.env.invalidate_all()
        self.assertEqual(card.state, "processed")
        self.assertEqual(card.reply_user_id, self.operator)
        self.assertTrue(card.first_response_date)
        self.start_tour(
            f"/odoo/social-interest/{card.id}",
            "social_interest_livechat_card_tour",
            login="chat_operator",
        )
