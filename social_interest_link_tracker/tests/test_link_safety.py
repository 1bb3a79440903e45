from markupsafe import Markup

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ClickCase, RecordingServer


@tagged("post_install", "-at_install")
class TestReplyLinkSafety(ClickCase):
    """A rep's reply links: never fetched by the server, shortened only to public hosts,
    each card's tracker its own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="safe_link_rep", name="Safe Link Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.other_rep = new_test_user(
            cls.env, login="other_link_rep", name="Other Link Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.bob = cls.env["res.partner"].create(
            {"name": "Bob Clicker", "email": "bob.clicker@example.com"}
        )

    def _card(self, partner, user=None, action_type="message"):
        return self.env["social.interest"].create(
            {
                "source_id": self.fb.id,
                "platform": "facebook",
                "action_type": action_type,
                "author_name": partner.name,
                "partner_id": partner.id,
                "user_id": (user or self.rep).id,
            }
        )

    def _answer(self, card, body, user=None):
        return card.with_user(user or self.rep).message_post(
            body=body,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=card.partner_id.ids,
        )

    def _trackers(self, url):
        return self.env["link.tracker"].search([("url", "=", url)])

    def test_a_salesmans_link_to_an_internal_server_is_neither_fetched_nor_shortened(self):
        server = RecordingServer()
        self.addCleanup(server.stop)
        url = f"{server.url}/admin"
        card = self._card(self.jane)
        message = self._answer(card, Markup('<p>Look: <a href="%s">admin</a></p>') % url)
        text = card.with_user(self.rep)._social_track_links(f"Or here: {url}?page=2")
        self.assertEqual(server.paths, [])
        self.assertFalse(self.env["link.tracker"].search([("url", "like", server.url)]))
        self.assertIn(url, message.body)
        self.assertNotIn("/r/", message.body)
        self.assertEqual(text, f"Or here: {url}?page=2")

    def test_a_name_on_the_private_network_is_not_shortened(self):
        card = self._card(self.jane)
        url = "http://intranet.example.com/wiki"
        text = card.with_user(self.rep)._social_track_links(f"See {url}")
        self.assertEqual(text, f"See {url}")
        self.assertFalse(self._trackers(url))

    def test_only_the_public_links_of_a_reply_are_shortened(self):
        card = self._card(self.jane)
        body = Markup(
            '<p><a href="https://shop.example.com/mug">mug</a> '
            '<a href="http://10.0.0.5/">intranet</a> <a href="ftp://shop.example.com/f">f</a> '
            '<a href="mailto:sales@example.com">us</a></p>'
        )
        message = self._answer(card, body)
        self.assertEqual(message.body.count("/r/"), 1)
        self.assertIn('href="http://10.0.0.5/"', message.body)
        self.assertIn('href="ftp://shop.example.com/f"', message.body)
        self.assertIn('href="mailto:sales@example.com"', message.body)
        self.assertEqual(self._trackers("https://shop.example.com/mug").social_interest_id, card)

    def test_a_public_link_gets_a_tracker_titled_without_fetching_the_page(self):
        card = self._card(self.jane)
        url = "https://shop.example.com/teapot"
        text = card.with_user(self.rep)._social_track_links(f"Teapot: {url}")
        link = self._trackers(url)
        self.assertEqual(text, f"Teapot: {link.short_url}")
        self.assertEqual(link.title, url)
        self.assertEqual(link.create_uid, self.rep)  # made in the rep's name

    def test_a_rep_who_may_not_write_the_card_makes_no_short_link(self):
        card = self._card(self.jane, user=self.other_rep)
        url = "https://shop.example.com/not-mine"
        with self.assertRaises(AccessError):
            card.with_user(self.rep)._social_track_links(f"Mine now: {url}")
        self.assertFalse(self._trackers(url))

    def test_each_card_has_its_own_tracker_for_the_same_link_and_words(self):
        card_a, card_b = self._card(self.jane), self._card(self.bob)
        body = Markup('<p>See <a href="https://shop.example.com/kettle">the kettle</a></p>')
        self._answer(card_a, body)
        message_b = self._answer(card_b, body)
        link_a, link_b = (
            self.env["link.tracker"].search([("social_interest_id", "=", card.id)])
            for card in (card_a, card_b)
        )
        self.assertTrue(link_a and link_b)
        self.assertNotEqual(link_a, link_b)
        self.assertIn(link_b.short_url, message_b.body)
        self._click(f"/r/{link_b.code}")
        self.assertFalse(self._click_cards(self.jane))
        self.assertEqual(self._click_cards(self.bob).hit_count, 1)
