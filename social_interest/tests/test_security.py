from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestInterestSecurity(SocialInterestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_a_pool = cls._card(author_name="Pool A")
        cls.card_a_mine = cls._card(author_name="Mine A", user_id=cls.rep_a.id)
        cls.card_a_other = cls._card(author_name="Other A", user_id=cls.rep_a2.id)
        cls.card_b_pool = cls._card(author_name="Pool B", team_id=cls.team_b.id)
        cls.card_b_owned = cls._card(
            author_name="Owned B", team_id=cls.team_b.id, user_id=cls.rep_b.id
        )
        cls.all_cards = (
            cls.card_a_pool
            + cls.card_a_mine
            + cls.card_a_other
            + cls.card_b_pool
            + cls.card_b_owned
        )

    def _visible(self, user):
        return (
            self.env["social.interest"].with_user(user).search([("id", "in", self.all_cards.ids)])
        )

    def test_salesman_sees_own_cards_and_own_teams_pool(self):
        self.assertEqual(self._visible(self.rep_a), self.card_a_pool + self.card_a_mine)
        self.assertEqual(self._visible(self.rep_b), self.card_b_pool + self.card_b_owned)

    def test_salesman_cannot_read_another_teams_cards(self):
        with self.assertRaises(AccessError):
            self.card_b_pool.with_user(self.rep_a).read(["body"])
        with self.assertRaises(AccessError):
            self.card_b_owned.with_user(self.rep_a).read(["body"])

    def test_salesman_cannot_write_another_teams_or_colleagues_cards(self):
        with self.assertRaises(AccessError):
            self.card_b_pool.with_user(self.rep_a).write({"processed": True})
        with self.assertRaises(AccessError):
            self.card_a_other.with_user(self.rep_a).write({"processed": True})
        self.assertFalse(self.card_b_pool.processed)

    def test_salesman_takes_a_pool_card_of_own_team(self):
        self.card_a_pool.with_user(self.rep_a).action_claim()
        self.assertEqual(self.card_a_pool.user_id, self.rep_a)
        self.assertEqual(self.card_a_pool.state, "assigned")

    def test_salesman_cannot_delete_cards_nor_configure_sources(self):
        with self.assertRaises(AccessError):
            self.card_a_mine.with_user(self.rep_a).unlink()
        with self.assertRaises(AccessError):
            self.source_fb.with_user(self.rep_a).write({"name": "Hijacked"})
        with self.assertRaises(AccessError):
            self.env["social.interest.source"].with_user(self.rep_a).create(
                {"name": "x", "platform": "x"}
            )

    def test_all_leads_user_sees_every_card(self):
        self.assertEqual(self._visible(self.lead_all), self.all_cards)

    def test_manager_configures_sources(self):
        self.source_fb.with_user(self.manager).write({"monthly_cost": 120})
        self.assertEqual(self.source_fb.monthly_cost, 120)

    def test_cards_of_another_company_are_invisible(self):
        other = self.env["res.company"].create({"name": "Other Co (social)"})
        card = self._card(company_id=other.id, author_name="Elsewhere")
        self.assertFalse(
            self.env["social.interest"].with_user(self.lead_all).search([("id", "=", card.id)])
        )


@tagged("post_install", "-at_install")
class TestIdentityAndReportSecurity(SocialInterestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Identity = cls.env["social.identity"]
        cls.person_a = Identity.create({"name": "Person A", "platform": "x", "handle": "pa"})
        cls.person_b = Identity.create({"name": "Person B", "platform": "x", "handle": "pb"})
        cls.newcomer = Identity.create({"name": "Newcomer", "platform": "x", "handle": "nc"})
        cls._card(author_name="A", identity_id=cls.person_a.id)
        cls._card(
            author_name="B",
            identity_id=cls.person_b.id,
            team_id=cls.team_b.id,
            user_id=cls.rep_b.id,
        )
        cls.people = cls.person_a + cls.person_b + cls.newcomer

    def _visible(self, user):
        return self.env["social.identity"].with_user(user).search([("id", "in", self.people.ids)])

    def test_salesmen_see_the_people_of_their_cards_only(self):
        self.assertEqual(self._visible(self.rep_a), self.person_a + self.newcomer)
        self.assertEqual(self._visible(self.rep_b), self.person_b + self.newcomer)
        with self.assertRaises(AccessError):
            self.person_b.with_user(self.rep_a).write({"handle": "hijacked"})
        self.assertEqual(self._visible(self.manager), self.people)

    def test_only_managers_refresh_the_analysis(self):
        Report = self.env["social.interest.report"]
        with self.assertRaises(AccessError):
            Report.with_user(self.rep_a).action_refresh_and_open()
        action = Report.with_user(self.manager).action_refresh_and_open()
        self.assertEqual(action["res_model"], "social.interest.report")
