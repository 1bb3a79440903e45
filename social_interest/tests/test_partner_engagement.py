from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import BaseCase, new_test_user, tagged

from ..lib.engagement import EngagementThresholds, engagement_segment
from .common import SocialInterestCase


class TestEngagementSegmentLib(BaseCase):
    """The plain-Python rule, without the ORM."""

    def test_five_spoken_cards_make_an_active_contact(self):
        self.assertEqual(engagement_segment(5, True), "active")
        self.assertEqual(engagement_segment(40, True), "active")

    def test_one_to_four_spoken_cards_make_an_occasional_contact(self):
        self.assertEqual(engagement_segment(1, True), "occasional")
        self.assertEqual(engagement_segment(4, True), "occasional")

    def test_a_known_contact_who_said_nothing_is_silent(self):
        self.assertEqual(engagement_segment(0, True), "silent")

    def test_an_unknown_contact_has_no_segment(self):
        self.assertIs(engagement_segment(0, False), False)

    def test_thresholds_come_from_settings_with_safe_defaults(self):
        self.assertEqual(EngagementThresholds.from_params("30", "2").window_days, 30)
        self.assertEqual(
            engagement_segment(2, True, EngagementThresholds.from_params("30", "2")), "active"
        )
        for bad in (None, "", "abc", "0", "-3", "1.5"):
            thresholds = EngagementThresholds.from_params(bad, bad)
            self.assertEqual((thresholds.window_days, thresholds.active_min), (90, 5), bad)

    def test_a_negative_count_is_refused(self):
        with self.assertRaises(ValueError):
            engagement_segment(-1, True)


@tagged("post_install", "-at_install")
class TestPartnerEngagement(SocialInterestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.ann = cls.env["res.partner"].create({"name": "Ann Lee", "email": "ann@example.com"})

    def _cards(self, count, action_type="comment", days_ago=1, partner=None):
        return self.env["social.interest"].create(
            [
                {
                    "source_id": self.source_fb.id,
                    "platform": "facebook",
                    "action_type": action_type,
                    "partner_id": (partner or self.ann).id,
                    "team_id": self.team_a.id,
                    "interest_date": self.now - timedelta(days=days_ago, minutes=i),
                }
                for i in range(count)
            ]
        )

    def test_a_contact_without_social_interest_has_no_segment(self):
        self.assertFalse(self.ann.engagement_segment)
        self.assertFalse(self.ann.last_interest_date)

    def test_segment_follows_the_cards_as_they_arrive(self):
        self._cards(1)
        self.assertEqual(self.ann.engagement_segment, "occasional")
        self._cards(4, action_type="review")
        self.assertEqual(self.ann.engagement_segment, "active")

    def test_likes_and_follows_only_watch_so_the_contact_is_silent(self):
        self._cards(6, action_type="like")
        self._cards(1, action_type="follow")
        self.assertEqual(self.ann.engagement_segment, "silent")

    def test_an_identity_alone_makes_a_silent_contact(self):
        self.env["social.identity"].create(
            {"name": "Ann", "platform": "x", "handle": "annlee", "partner_id": self.ann.id}
        )
        self.assertEqual(self.ann.engagement_segment, "silent")
        self.assertEqual(self.ann.identity_count, 1)

    def test_cards_older_than_the_window_do_not_count(self):
        self._cards(6, days_ago=91)
        self.assertEqual(self.ann.engagement_segment, "silent")
        self.assertEqual(
            self.ann.last_interest_date.replace(microsecond=0),
            (self.now - timedelta(days=91)).replace(microsecond=0),
        )

    def test_last_interest_date_is_the_newest_card(self):
        self._cards(1, days_ago=30)
        newest = self._cards(1, days_ago=2)
        self.assertEqual(self.ann.last_interest_date, newest.interest_date)

    def test_thresholds_are_settings(self):
        params = self.env["ir.config_parameter"]
        params.set_param("social_interest.engagement_active_min", "2")
        params.set_param("social_interest.engagement_window_days", "200")
        self._cards(2, days_ago=150)
        self.assertEqual(self.ann.engagement_segment, "active")

    def test_the_daily_job_lets_time_pass(self):
        cards = self._cards(5, days_ago=10)
        self.assertEqual(self.ann.engagement_segment, "active")
        quiet = self.env["res.partner"].create({"name": "Quiet"})
        self._cards(1, days_ago=20, partner=quiet)
        self.assertEqual(quiet.engagement_segment, "occasional")
        self.env.flush_all()
        # 85 days later, the cards are 95 and 105 days old
        self.env.cr.execute(
            "UPDATE social_interest SET interest_date = interest_date - interval '85 days'"
            " WHERE id = ANY(%s) OR partner_id = %s",
            [cards.ids, quiet.id],
        )
        self.env.invalidate_all()
        self.assertEqual(self.ann.engagement_segment, "active")  # stored: not yet re-rated
        done = self.env["res.partner"]._cron_refresh_engagement()
        self.assertGreaterEqual(done, 2)
        self.assertEqual(self.ann.engagement_segment, "silent")
        self.assertEqual(quiet.engagement_segment, "silent")
        # nothing left to do: the job is idempotent
        self.assertEqual(self.env["res.partner"]._cron_refresh_engagement(), 0)

    def test_smart_buttons_count_and_open_the_contact_cards(self):
        company = self.env["res.partner"].create({"name": "Lee Corp", "is_company": True})
        self.ann.parent_id = company
        cards = self._cards(3)
        self.assertEqual(self.ann.interest_count, 3)
        self.assertEqual(company.interest_count, 3)
        action = company.action_view_social_interest()
        self.assertEqual(self.env["social.interest"].search(action["domain"]), cards)
        identity = self.env["social.identity"].create(
            {"name": "Ann", "platform": "instagram", "handle": "ann.lee", "partner_id": self.ann.id}
        )
        action = self.ann.action_view_social_identities()
        self.assertEqual(self.env["social.identity"].search(action["domain"]), identity)

    def test_salesman_counts_only_cards_he_may_read(self):
        self._cards(2)
        self.env["social.interest"].create(
            {
                "platform": "x",
                "partner_id": self.ann.id,
                "team_id": self.team_b.id,
                "user_id": self.rep_b.id,
            }
        )
        self.assertEqual(self.ann.with_user(self.rep_a).interest_count, 2)
        self.assertEqual(self.ann.interest_count, 3)

    def test_users_outside_sales_cannot_read_social_fields_of_contacts(self):
        clerk = new_test_user(self.env, login="clerk_social", groups="base.group_user")
        self.assertTrue(self.ann.with_user(clerk).name)
        with self.assertRaises(AccessError):
            self.ann.with_user(clerk).read(["engagement_segment"])

    def test_contact_form_opens_for_users_outside_sales(self):
        clerk = new_test_user(self.env, login="clerk_social2", groups="base.group_user")
        views = self.env["res.partner"].with_user(clerk).get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertNotIn("engagement_segment", arch)
        self.assertNotIn("action_view_social_interest", arch)
