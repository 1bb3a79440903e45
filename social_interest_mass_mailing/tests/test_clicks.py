from markupsafe import Markup

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

    def test_a_click_on_a_tracked_link_of_an_e_mail_reply_is_the_authors(self):
        card = self.env["social.interest"].create(
            {
                "source_id": self.fb.id,
                "platform": "facebook",
                "action_type": "message",
                "author_name": "Jane Clicker",
                "partner_id": self.jane.id,
            }
        )
        message = card.message_post(
            body=Markup('<p>See <a href="https://shop.example.com/kettle">the kettle</a></p>'),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.jane.ids,
        )
        self.assertIn("/r/", message.body)
        link = self.env["link.tracker"].search([("social_interest_id", "=", card.id)])
        self.assertEqual(link.url, "https://shop.example.com/kettle")
        self.assertEqual(link.source_id, self.fb.utm_source_id)
        self.assertEqual(link.medium_id, self.fb.utm_medium_id)
        self._click(f"/r/{link.code}")
        self.assertEqual(len(self._click_cards(self.jane)), 1)

    def test_a_click_on_a_public_reply_names_nobody(self):
        card = self.env["social.interest"].create(
            {
                "source_id": self.fb.id,
                "platform": "facebook",
                "action_type": "comment",
                "author_name": "Jane Clicker",
                "partner_id": self.jane.id,
            }
        )
        text = card._social_track_links("Here: https://shop.example.com/public")
        self.assertIn("/r/", text)
        link = self.env["link.tracker"].search([("social_interest_id", "=", card.id)])
        self._click(f"/r/{link.code}")
        self.assertEqual(link.count, 1)  # counted for the channel
        self.assertFalse(self._click_cards(self.jane))

    def test_an_anonymous_click_and_an_unknown_code_make_no_card(self):
        before = self.env["social.interest"].search_count([("action_type", "=", "click")])
        link = self.env["link.tracker"].create({"url": "https://shop.example.com/anon"})
        self._click(f"/r/{link.code}")
        response = self.url_open("/r/nosuchcode", allow_redirects=False)
        self.assertEqual(response.status_code, 404)
        after = self.env["social.interest"].search_count([("action_type", "=", "click")])
        self.assertEqual(before, after)
