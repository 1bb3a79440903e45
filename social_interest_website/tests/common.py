from odoo.tests import HttpCase, new_test_user


class VisitCase(HttpCase):
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
