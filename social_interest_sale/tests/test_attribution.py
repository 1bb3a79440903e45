"""Orders credited to the channel of the person's first card within the window."""

from odoo.tests import tagged

from .common import SaleBridgeCase


@tagged("post_install", "-at_install")
class TestOrderAttribution(SaleBridgeCase):
    def test_an_order_after_cards_is_credited_to_the_first(self):
        first = self._card(partner_id=self.customer.id, interest_date=self._days_ago(10))
        self._card(identity_id=self.identity.id, platform="x", interest_date=self._days_ago(2))
        order = self._order()
        self.assertEqual(order.first_touch_interest_id, first)
        self.assertEqual(order.first_touch_platform, "facebook")
        self.assertEqual(order.first_touch_source_id, self.source)

    def test_a_card_older_than_the_window_is_not_credited(self):
        self.env.company.social_order_attribution_days = 5
        self._card(partner_id=self.customer.id, interest_date=self._days_ago(10))
        self.assertFalse(self._order().first_touch_interest_id)
        recent = self._card(partner_id=self.customer.id, interest_date=self._days_ago(3))
        self.assertEqual(self._order().first_touch_interest_id, recent)

    def test_the_window_is_a_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.social_order_attribution_days, 30)
        settings.social_order_attribution_days = 7
        settings.execute()
        self.assertEqual(self.env.company.social_order_attribution_days, 7)

    def test_a_card_of_the_persons_company_counts(self):
        colleague = self.env["res.partner"].create(
            {"name": "John Roe", "parent_id": self.company_partner.id}
        )
        card = self._card(partner_id=colleague.id, interest_date=self._days_ago(4))
        self.assertEqual(self._order().first_touch_interest_id, card)

    def test_spam_and_other_people_are_not_credited(self):
        self._card(partner_id=self.customer.id, state="ignored", interest_date=self._days_ago(4))
        stranger = self.env["res.partner"].create({"name": "Somebody Else"})
        self._card(partner_id=stranger.id, interest_date=self._days_ago(4))
        self.assertFalse(self._order().first_touch_interest_id)

    def test_a_quotation_made_before_the_card_is_credited_when_confirmed(self):
        order = self._order(confirm=False)
        order.date_order = self._days_ago(5)
        order.invalidate_recordset()
        card = self._card(partner_id=self.customer.id, interest_date=self._days_ago(1))
        self.assertFalse(order.first_touch_interest_id)
        order.action_confirm()
        self.assertEqual(order.first_touch_interest_id, card)

    def test_a_salesman_who_may_not_read_the_card_still_credits_it(self):
        other_team = self.env["crm.team"].create({"name": "Another team"})
        card = self._card(partner_id=self.customer.id, team_id=other_team.id,
                          user_id=self.manager.id, interest_date=self._days_ago(2))  # fmt: skip
        self.assertFalse(self.env["social.interest"].with_user(self.rep).search(
            [("id", "=", card.id)]))  # fmt: skip
        order = (
            self.env["sale.order"]
            .with_user(self.rep)
            .create({"partner_id": self.customer.id, "user_id": self.rep.id})
        )
        self.assertEqual(order.sudo().first_touch_interest_id, card)

    def test_a_shop_order_counts_as_any_other(self):
        # the website shop makes its orders as superuser for the visitor's contact
        card = self._card(partner_id=self.customer.id, interest_date=self._days_ago(2))
        order = self.env["sale.order"].sudo().create({"partner_id": self.customer.id})
        self.assertEqual(order.first_touch_interest_id, card)
