from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCareTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="care_rep", name="Care Rep", groups="sales_team.group_sale_salesman"
        )
        cls.team_lead = new_test_user(
            cls.env,
            login="care_lead",
            name="Care Lead",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Care tour team",
                "user_id": cls.team_lead.id,
                "social_style_guide": "Sign with your first name.",
            }
        )
        cls.env["crm.team.member"].create({"crm_team_id": cls.team.id, "user_id": cls.rep.id})

    def _card(self, **vals):
        return self.env["social.interest"].create(
            {"platform": "facebook", "action_type": "comment", "team_id": self.team.id, **vals}
        )

    def test_rep_takes_a_pool_card_and_answers_with_a_canned_reply(self):
        card = self._card(
            platform="website",
            action_type="form",
            author_name="Pool Author",
            author_email="pool.author@example.com",
            body="Do you deliver to Osaka?",
        )
        self.assertFalse(card.user_id)
        self.start_tour(
            "/odoo/social-interest", "social_interest_claim_reply_tour", login="care_rep"
        )
        self.assertEqual(card.user_id, self.rep)
        self.assertEqual(card.reply_user_id, self.rep)
        self.assertTrue(card.processed)
        comment = self.env.ref("mail.mt_comment")
        reply = card.message_ids.filtered(
            lambda m: m.author_id == self.rep.partner_id and m.subtype_id == comment
        )
        self.assertIn("Thank you for your interest", reply.body)
        self.assertEqual(reply.partner_ids.email_normalized, "pool.author@example.com")

    def test_team_lead_sees_the_overdue_card_highlighted(self):
        now = fields.Datetime.now()
        late = self._card(
            author_name="Late Author",
            interest_date=now - timedelta(days=3),
            deadline=now - timedelta(days=1),
        )
        self._card(author_name="Early Author", deadline=now + timedelta(days=2))
        self.assertTrue(late.is_overdue)
        # the team lead sees every team's cards: the demo's months of cards would push these
        # two off the list's first page (oldest deadline first)
        self.env["social.interest"].search([("team_id", "!=", self.team.id)]).active = False
        self.start_tour("/odoo/social-interest", "social_interest_overdue_tour", login="care_lead")

    def test_rep_drags_a_card_to_processed_and_processes_two_from_the_list(self):
        dragged = self._card(author_name="Drag Author", user_id=self.rep.id)
        bulk = self._card(author_name="Bulk One", user_id=self.rep.id) | self._card(
            author_name="Bulk Two", user_id=self.rep.id
        )
        self.start_tour("/odoo/social-interest", "social_interest_board_tour", login="care_rep")
        self.assertTrue(dragged.processed, "the drag made the real transition")
        self.assertEqual(dragged.state, "processed")
        self.assertTrue(all(bulk.mapped("processed")))

    def test_rep_confirms_a_suggested_contact(self):
        jane = self.env["res.partner"].create(
            {"name": "Jane Namesake", "email": "jane@elsewhere.example"}
        )
        identity = self.env["social.identity"]._match_for_ingestion(
            "facebook", name="Jane Namesake", handle="jane.ns"
        )
        card = self._card(
            author_name="Jane Namesake",
            identity_id=identity.id,
            user_id=self.rep.id,
            body="Lovely sofa!",
        )
        self.assertFalse(card.partner_id)
        self.start_tour("/odoo/social-interest", "social_interest_identity_tour", login="care_rep")
        self.assertEqual(card.partner_id, jane)
        self.assertEqual(identity.partner_id, jane)

    def test_admin_merges_two_contacts_that_each_have_cards(self):
        first = self.env["res.partner"].create({"name": "Merge Me", "email": "merge@a.example"})
        second = self.env["res.partner"].create({"name": "Merge Me", "email": "merge@b.example"})
        cards = self._card(partner_id=first.id) | self._card(partner_id=second.id)
        self.start_tour("/odoo/contacts", "social_interest_contact_merge_tour", login="admin")
        kept = (first | second).exists()
        self.assertEqual(len(kept), 1)
        self.assertEqual(cards.partner_id, kept, "both cards follow the merged contact")
