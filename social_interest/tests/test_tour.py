from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestInterestTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="tour_rep",
            name="Tour Rep",
            groups="sales_team.group_sale_salesman",
        )
        team = cls.env["crm.team"].create({"name": "Tour team"})
        cls.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": cls.rep.id})
        # Only this rep's card is on the board: demo cards belong to other users and teams.
        cls.card = cls.env["social.interest"].create(
            {
                "platform": "instagram",
                "action_type": "comment",
                "author_name": "Tour Author <b>bold</b>",
                "body": "Is the tour chair available in green?",
                "source_url": "https://www.instagram.com/p/tour/c/1/",
                "team_id": team.id,
                "user_id": cls.rep.id,
            }
        )

    def test_rep_replies_and_marks_processed(self):
        self.start_tour("/odoo/social-interest", "social_interest_reply_tour", login="tour_rep")
        self.assertEqual(self.card.reply_user_id, self.rep)
        self.assertTrue(self.card.processed)
        self.assertEqual(self.card.state, "processed")
