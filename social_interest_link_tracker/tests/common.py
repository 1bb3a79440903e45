from odoo.tests import HttpCase


class ClickCase(HttpCase):
    """Clicks on Odoo's real redirect routes, counted by the bridge's scheduled run."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source_clicks = cls.env.ref("social_interest_link_tracker.source_link_clicks")
        cls.jane = cls.env["res.partner"].create(
            {"name": "Jane Clicker", "email": "jane.clicker@example.com"}
        )
        cls.fb = cls.env["social.interest.source"].create(
            {"name": "Clicks test page", "platform": "facebook"}
        )

    def _click(self, path):
        response = self.url_open(path, allow_redirects=False)
        self.assertEqual(response.status_code, 301)
        return response

    def _click_cards(self, partner):
        self.env["link.tracker.click"]._cron_social_record_clicks()
        return self.env["social.interest"].search(
            [("partner_id", "=", partner.id), ("action_type", "=", "click")]
        )
