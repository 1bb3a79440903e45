from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestClicksAsInterest(HttpCase):
    """Real clicks on Odoo's redirect routes (/r/<code>, /r/<code>/m/<trace>)."""

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

    def _code(self, url_in_text):
        return url_in_text.split("/r/")[1].split()[0].split('"')[0].split("<")[0]

    def test_a_click_in_a_mailing_counts_for_its_recipient(self):
        mailing = self.env["mailing.mailing"].create(
            {"subject": "News", "mailing_model_id": self.env.ref("base.model_res_partner").id}
        )
        trace = self.env["mailing.trace"].create(
            {
                "mass_mailing_id": mailing.id,
                "model": "res.partner",
                "res_id": self.jane.id,
                "email": "jane.clicker@example.com",
            }
        )
        link = self.env["link.tracker"].create(
            {"url": "https://shop.example.com/spring", "title": "Spring sale"}
        )
        self._click(f"/r/{link.code}/m/{trace.id}")
        self._click(f"/r/{link.code}/m/{trace.id}")
        card = self._click_cards(self.jane)
        self.assertEqual(len(card), 1)
        self.assertEqual(card.hit_count, 2)
        self.assertEqual(card.source_id, self.source_clicks)
        self.assertIn("https://shop.example.com/spring", card.body)

    def test_a_mailing_list_member_is_found_by_address(self):
        contact = self.env["mailing.contact"].create(
            {"name": "Jane", "email": "Jane.Clicker@example.com"}
        )
        mailing = self.env["mailing.mailing"].create(
            {
                "subject": "News",
                "mailing_model_id": self.env.ref("mass_mailing.model_mailing_list").id,
            }
        )
        trace = self.env["mailing.trace"].create(
            {
                "mass_mailing_id": mailing.id,
                "model": "mailing.contact",
                "res_id": contact.id,
                "email": "jane.clicker@example.com",
            }
        )
        link = self.env["link.tracker"].create({"url": "https://shop.example.com/list"})
        self._click(f"/r/{link.code}/m/{trace.id}")
        self.assertEqual(len(self._click_cards(self.jane)), 1)
