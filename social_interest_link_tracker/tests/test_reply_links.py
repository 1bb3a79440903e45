from markupsafe import Markup

from odoo.tests import new_test_user, tagged

from .common import ClickCase


@tagged("post_install", "-at_install")
class TestReplyLinkClicks(ClickCase):
    """Real clicks on Odoo's redirect route (/r/<code>) on links of replies."""

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
        rep = new_test_user(
            self.env, login="link_rep", name="Link Rep", groups="sales_team.group_sale_salesman"
        )
        card.user_id = rep
        message = card.with_user(rep).message_post(
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
        Click = self.env["link.tracker.click"]
        self.assertEqual(Click._cron_social_record_clicks(), 0)  # each click counts once
        self.assertEqual(self._click_cards(self.jane).hit_count, 1)

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
        self.env["link.tracker.click"]._cron_social_record_clicks()
        after = self.env["social.interest"].search_count([("action_type", "=", "click")])
        self.assertEqual(before, after)
