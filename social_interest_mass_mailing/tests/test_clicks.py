from odoo.tests import tagged

from odoo.addons.social_interest_link_tracker.tests.common import ClickCase


@tagged("post_install", "-at_install")
class TestClicksAsInterest(ClickCase):
    """Real clicks on Odoo's redirect routes (/r/<code>, /r/<code>/m/<trace>)."""

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
