from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAnswersTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="kb_manager",
            name="KB Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.rep = new_test_user(
            cls.env, login="kb_rep", name="KB Rep", groups="sales_team.group_sale_salesman"
        )
        cls.team = cls.env["crm.team"].create({"name": "Knowledge base tour team"})
        cls.env["crm.team.member"].create({"crm_team_id": cls.team.id, "user_id": cls.rep.id})
        # the demo's answers stay out of the suggestions
        cls.env["social.interest.answer"].search([]).write({"state": "archived", "active": False})

    def _card(self, **vals):
        return self.env["social.interest"].create(
            {
                "team_id": self.team.id,
                "user_id": self.rep.id,
                "platform": "website",
                "action_type": "form",
                "lang": "en",
                **vals,
            }
        )

    def test_a_saved_answer_is_published_then_suggested_and_used_on_a_similar_card(self):
        replied = self._card(
            author_name="Mia Tanaka",
            author_email="mia@example.com",
            body="Do you deliver to Osaka, and how long does it take?",
        )
        replied = replied.with_user(self.rep)
        replied.message_post(
            body="Hello Mia, yes: we deliver to Osaka within 3 days.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=replied._reply_partner(create=True).ids,
        )
        self.start_tour(
            f"/odoo/social-interest/{replied.id}",
            "social_interest_answer_save_tour",
            login="kb_manager",
        )
        answer = self.env["social.interest.answer"].search([("interest_id", "=", replied.id)])
        self.assertEqual(answer.state, "published")
        self.assertEqual(
            answer.answer, "Hello {name}, yes: we deliver to Osaka within 3 days, free."
        )
        self.assertEqual(answer.author_id, self.manager)

        new = self._card(
            author_name="Ken Sato",
            author_email="ken@example.com",
            body="How long does delivery to Osaka take?",
        )
        self.start_tour(
            f"/odoo/social-interest/{new.id}", "social_interest_answer_use_tour", login="kb_rep"
        )
        self.assertEqual(answer.use_count, 1)
        self.assertEqual(answer.used_as_is_count, 1)
        self.assertEqual(new.state, "processed")
        comment = self.env.ref("mail.mt_comment")
        reply = new.message_ids.filtered(
            lambda m: m.author_id == self.rep.partner_id and m.subtype_id == comment
        )
        self.assertIn("Hello Ken, yes: we deliver to Osaka within 3 days, free.", reply.body)
