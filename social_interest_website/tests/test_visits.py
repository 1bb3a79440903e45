from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitsAsInterest(HttpCase):
    """Real page views through Odoo's website dispatch."""

    # Odoo tracks page views only on a read/write cursor (its own visitor tests do the
    # same): without a read replica, production serves pages on one.
    readonly_enabled = False

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env.ref("social_interest_website.source_website_visits")
        cls.portal = new_test_user(
            cls.env, login="visiting_portal", name="Visiting Customer", groups="base.group_portal"
        )
        cls.page = cls.env["website.page"].create(
            {
                "name": "Blue kettle offer",
                "type": "qweb",
                "url": "/social-test-kettle",
                "website_published": True,
                "arch": "<t t-call='website.layout'><div>Kettle</div></t>",
                "key": "social_interest_website.social_test_kettle",
            }
        )
        cls.page.view_id.track = True
        cls.untracked = cls.env["website.page"].create(
            {
                "name": "Untracked page",
                "type": "qweb",
                "url": "/social-test-untracked",
                "website_published": True,
                "track": False,
                "arch": "<t t-call='website.layout'><div>Quiet</div></t>",
                "key": "social_interest_website.social_test_untracked",
            }
        )

    def _run(self):
        return self.env["website.track"]._cron_social_record_visits()

    def _visit_cards(self, partner):
        return self.env["social.interest"].search(
            [("partner_id", "=", partner.id), ("action_type", "=", "visit")]
        )

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
