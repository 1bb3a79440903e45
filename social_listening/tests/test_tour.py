from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestListeningTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep = new_test_user(
            cls.env, login="listening_rep", name="Listening Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        team = cls.env["crm.team"].create({"name": "Listening tour team"})
        cls.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": cls.rep.id})
        source = cls.env["social.interest.source"].create(
            {"name": "Tour listening", "platform": "other", "team_id": team.id}
        )
        connector = cls.env["social.listening.connector"].create(
            {"name": "Tour connector", "kind": "generic_webhook", "source_id": source.id}
        )
        (cls.mention,) = connector._ingest(
            [
                {
                    "external_id": "tour-1",
                    "platform": "mastodon",
                    "body": "Tour mention: the new lamp arrived <b>today</b>.",
                    "author_name": "Tour Author <script>x</script>",
                    "author_handle": "tour_author",
                    "url": "https://mastodon.social/@tour_author/1",
                    "posted_at": False,
                }
            ]
        )

    def test_rep_turns_a_mention_into_a_card(self):
        self.assertEqual(self.mention.state, "new")
        self.start_tour(
            "/odoo/social-mentions", "social_listening_mention_tour", login="listening_rep"
        )
        self.assertEqual(self.mention.state, "card")
        self.assertEqual(self.mention.interest_id.author_name, "Tour Author <script>x</script>")
