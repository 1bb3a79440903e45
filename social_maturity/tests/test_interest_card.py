from lxml import etree

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInterestCardMaturity(TransactionCase):
    """The card's customer column shows the quadrant of the person's company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("social_maturity.survey_social_maturity_index")
        cls.company = cls.env["res.partner"].create({"name": "Oak & Co", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ann Buyer", "parent_id": cls.company.id, "email": "ann@oak.example"}
        )
        cls.rep = new_test_user(
            cls.env, login="smi_card_rep", groups="sales_team.group_sale_salesman"
        )

    def test_a_rep_sees_the_company_quadrant_beside_the_conversation(self):
        # the contact answers the index with the best answer on both axes
        user_input = self.survey._create_answer(partner=self.contact, check_attempts=False)
        for question in user_input.predefined_question_ids:
            answers = question.suggested_answer_ids.sorted("answer_score")
            if answers:
                user_input._save_lines(question, answers[-1].id)
        user_input._mark_done()
        card = self.env["social.interest"].create(
            {"platform": "linkedin", "action_type": "comment", "author_name": "Ann Buyer",
             "partner_id": self.contact.id, "user_id": self.rep.id}
        )  # fmt: skip
        self.assertEqual(card.with_user(self.rep).smi_quadrant, "social_first")
        views = card.with_user(self.rep).get_views([(False, "form")])
        slot = etree.fromstring(views["views"]["form"]["arch"]).xpath(
            "//div[@name='customer_maturity']"
        )
        self.assertEqual(len(slot), 1)
        self.assertTrue(slot[0].xpath(".//field[@name='smi_quadrant']"))
