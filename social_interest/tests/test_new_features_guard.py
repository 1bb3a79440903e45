"""What the new features opened, closed: their system fields, the time on cards, the digest.

Each test acts as the user who would abuse the feature: a salesman ("own documents only")."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import SocialInterestCase

# the system fields of the new code (the reply's proof of social_listening, the first
# opening, the clicks and visits counted)
NEW_SYSTEM_FIELDS = {
    "reply_external_id": "1234567890",
    "reply_url": "https://x.com/acme/status/1234567890",
    "reply_text": "Forged answer",
    "reply_author": "acme",
    "first_open_date": datetime(2026, 1, 1, 9, 0),
    "hit_count": 999,
}
NOON = datetime(2026, 3, 10, 12, 0)


@tagged("post_install", "-at_install")
class TestNewSystemFields(SocialInterestCase):
    def test_a_salesman_cannot_write_the_new_system_fields_of_his_own_card(self):
        card = self._card(user_id=self.rep_a.id)
        fields = {name: value for name, value in NEW_SYSTEM_FIELDS.items() if name in card._fields}
        self.assertIn("first_open_date", fields)
        self.assertIn("hit_count", fields)
        for name, value in fields.items():
            with self.subTest(field=name), self.assertRaises(UserError):  # AccessError is one
                card.with_user(self.rep_a).write({name: value})

    def test_opening_the_form_still_dates_the_first_opening(self):
        card = self._card(user_id=self.rep_a.id)
        card.with_user(self.rep_a).action_social_form_opened()
        self.assertTrue(card.first_open_date)


@tagged("post_install", "-at_install")
class TestServerMeasuredTime(SocialInterestCase):
    def _visit(self, card, user, seconds, claimed=None):
        """``user`` opens ``card``'s form and leaves it ``seconds`` later, claiming
        ``claimed`` seconds (the same by default)."""
        as_user = card.with_user(user)
        with freeze_time(self._clock) as clock:
            as_user.action_social_form_opened()
            clock.tick(timedelta(seconds=seconds))
            as_user.action_social_form_time(seconds if claimed is None else claimed)
            self._clock = clock()

    def setUp(self):
        super().setUp()
        self._clock = NOON

    def _mine(self, card, user):
        return sum(card.work_ids.filtered(lambda line: line.user_id == user).mapped("duration"))

    def test_time_reported_without_opening_the_form_counts_nothing(self):
        card = self._card()
        with freeze_time(NOON):
            card.with_user(self.rep_a).action_social_form_time(600)
        self.assertFalse(card.work_ids)

    def test_a_visit_counts_at_most_the_time_since_the_form_opened(self):
        card = self._card()
        self._visit(card, self.rep_a, 60, claimed=1500)
        self.assertAlmostEqual(self._mine(card, self.rep_a) * 3600, 60, delta=1)

    def test_a_visit_counts_once(self):
        card = self._card()
        self._visit(card, self.rep_a, 120)
        with freeze_time(self._clock + timedelta(seconds=120)):
            card.with_user(self.rep_a).action_social_form_time(120)
        self.assertAlmostEqual(self._mine(card, self.rep_a) * 3600, 120, delta=1)

    def test_the_time_of_a_rep_is_capped_per_day(self):
        cards = [self._card() for _index in range(30)]
        with freeze_time(NOON - timedelta(hours=2)) as clock:
            for card in cards:
                card.with_user(self.rep_a).action_social_form_opened()
            clock.tick(timedelta(minutes=30))
            for card in cards:
                card.with_user(self.rep_a).action_social_form_time(1800)
        Work = self.env["social.interest.work"]
        total = sum(Work.search([("user_id", "=", self.rep_a.id)]).mapped("duration"))
        self.assertLessEqual(total, 12.0 + 1e-6)
        self.assertGreater(total, 0)

    def test_one_rep_s_opening_does_not_time_another_s_visit(self):
        card = self._card()
        with freeze_time(NOON) as clock:
            card.with_user(self.rep_a).action_social_form_opened()
            clock.tick(timedelta(minutes=10))
            card.with_user(self.rep_a2).action_social_form_time(600)
        self.assertFalse(card.work_ids)


@tagged("post_install", "-at_install")
class TestDigestOnlyForManagers(SocialInterestCase):
    def _composer(self, user):
        template = self.env.ref("social_interest.mail_template_social_digest")
        return (
            self.env["mail.compose.message"]
            .with_user(user)
            .create(
                {
                    "composition_mode": "comment",
                    "model": "res.company",
                    "res_ids": [self.env.company.id],
                    "template_id": template.id,
                }
            )
        )

    def test_a_salesman_cannot_render_the_digest_from_the_composer(self):
        self._card()
        with self.assertRaises(UserError):  # AccessError is one
            self._composer(self.rep_a).body  # noqa: B018 (the render is the test)

    def test_a_salesman_cannot_compute_the_digest_values(self):
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.rep_a)._social_digest_values()

    def test_a_sales_manager_of_the_company_can_preview_it(self):
        self._card()
        body = self._composer(self.manager).body
        self.assertIn("Cards", body)
