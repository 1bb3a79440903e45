from odoo.tests import tagged

from .common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitsAsInterest(VisitCase):
    """Real page views through Odoo's website dispatch."""

    def test_a_known_contact_viewing_tracked_pages_makes_one_visit_card_a_day(self):
        self.authenticate("visiting_portal", "visiting_portal")
        for _view in range(2):
            response = self.url_open("/social-test-kettle")
            self.assertEqual(response.status_code, 200)
        self.assertFalse(self._visit_cards(self.portal.partner_id))  # counted by the run
        self.assertGreaterEqual(self._run(), 2)
        self.assertEqual(self._run(), 0)  # each view counts once
        card = self._visit_cards(self.portal.partner_id)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.source_id, self.source)
        self.assertEqual(card.hit_count, 2)
        self.assertIn("Blue kettle offer", card.body)
        self.assertIn("/social-test-kettle", card.body)
        self.assertFalse(card.user_id)

    def test_untracked_pages_and_anonymous_visitors_make_no_card(self):
        self.authenticate("visiting_portal", "visiting_portal")
        self.url_open("/social-test-untracked")
        self._run()
        self.assertFalse(self._visit_cards(self.portal.partner_id))
        self.authenticate(None, None)
        before = self.env["social.interest"].search_count([("action_type", "=", "visit")])
        self.url_open("/social-test-kettle")
        self._run()
        after = self.env["social.interest"].search_count([("action_type", "=", "visit")])
        self.assertEqual(before, after)

    def test_an_archived_visits_source_stops_counting(self):
        self.source.active = False
        self.authenticate("visiting_portal", "visiting_portal")
        self.url_open("/social-test-kettle")
        self._run()
        self.assertFalse(self._visit_cards(self.portal.partner_id))
