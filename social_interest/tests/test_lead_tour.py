from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLeadTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env,
            login="lead_tour_rep",
            name="Lead Tour Rep",
            groups="sales_team.group_sale_salesman",
        )
        team = cls.env["crm.team"].create({"name": "Lead tour team"})
        cls.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": cls.rep.id})
        source = cls.env["social.interest.source"].create(
            {"name": "Tour Facebook page", "platform": "facebook", "team_id": team.id}
        )
        person = cls.env["res.partner"].create(
            {"name": "Tour Person", "email": "tour.person@example.com"}
        )
        now = fields.Datetime.now()
        common = {"team_id": team.id, "user_id": cls.rep.id, "partner_id": person.id}
        cls.comment = cls.env["social.interest"].create(
            {
                **common,
                "source_id": source.id,
                "platform": "facebook",
                "action_type": "comment",
                "author_name": "Tour Person",
                "body": "Tour comment <i>really</i> nice chairs",
                "interest_date": now - timedelta(days=6),
            }
        )
        cls.env["social.interest"].create(
            {
                **common,
                "platform": "facebook",
                "action_type": "like",
                "author_name": "Tour Person",
                "interest_date": now - timedelta(days=7),
            }
        )
        cls.env["social.interest"].create(
            {
                **common,
                "platform": "website",
                "action_type": "form",
                "author_name": "Tour Person",
                "author_email": "tour.person@example.com",
                "body": "Please quote 12 chairs",
                "interest_date": now - timedelta(days=1),
            }
        )
        # the web form's lead, created later: it picks up the earlier cards
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "Tour: 12 chairs",
                "type": "opportunity",
                "partner_id": person.id,
                "user_id": cls.rep.id,
                "team_id": team.id,
            }
        )

    def test_rep_sees_the_social_interest_of_a_lead_and_opens_a_card(self):
        self.assertEqual(self.lead.first_touch_platform, "facebook")
        self.start_tour(
            f"/odoo/crm/{self.lead.id}", "social_interest_lead_tour", login="lead_tour_rep"
        )
