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


@tagged("post_install", "-at_install")
class TestReplyTour(HttpCase):
    def test_rep_answers_a_mastodon_mention_from_its_card(self):
        from .fake_platform import FakePlatform
        from .test_replies import TOKEN, MastodonInstance

        instance = MastodonInstance()
        fake = FakePlatform(instance).start(self)
        rep = new_test_user(
            self.env, login="reply_rep", name="Reply Rep", groups="sales_team.group_sale_salesman"
        )
        team = self.env["crm.team"].create({"name": "Reply tour team"})
        self.env["crm.team.member"].create({"crm_team_id": team.id, "user_id": rep.id})
        source = self.env["social.interest.source"].create(
            {"name": "Tour Mastodon", "platform": "mastodon", "team_id": team.id}
        )
        connector = self.env["social.listening.connector"].create(
            {"name": "Tour Mastodon", "kind": "mastodon", "source_id": source.id,
             "endpoint_url": fake.url, "query": "#acme", "access_token": TOKEN,
             "allow_private_network": True}
        )  # fmt: skip
        card = self.env["social.interest"].create(
            {"source_id": source.id, "platform": "mastodon", "action_type": "comment",
             "author_name": "Jane", "body": "Does the chair come in green?",
             "source_url": "https://social.example/@jane/109876543210",
             "team_id": team.id, "user_id": rep.id}
        )  # fmt: skip
        self.env["social.mention"].create(
            {"connector_id": connector.id, "external_id": "109876543210", "platform": "mastodon",
             "body": card.body, "posted_at": "2026-12-01 09:00:00", "interest_id": card.id}
        )  # fmt: skip
        self.start_tour(
            f"/odoo/social-interest/{card.id}",
            "social_listening_reply_tour",
            login="reply_rep",
        )
        self.assertEqual(len(instance.posted), 1)
        self.assertEqual(card.reply_text, "Yes, green from next week!")
        self.assertEqual(card.state, "replied")


@tagged("post_install", "-at_install")
class TestIncidentTour(HttpCase):
    def test_a_manager_contains_and_closes_an_incident_with_a_post_mortem(self):
        manager = new_test_user(
            self.env,
            login="incident_mgr",
            name="Incident Manager",
            groups="sales_team.group_sale_manager",
        )
        playbook = self.env["social.playbook"].create(
            {
                "name": "Tour wave",
                "owner_ids": [(6, 0, manager.ids)],
                "step_ids": [
                    (0, 0, {"name": "Publish the holding statement", "delay_hours": 1}),
                    (0, 0, {"name": "Find the cause", "delay_hours": 4}),
                ],
                "statement_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "First answer",
                            "lang": "en_US",
                            "body": "We are looking into it and will come back to you today.",
                        },
                    ),
                ],  # fmt: skip
            }
        )
        connector = self.env["social.listening.connector"].create(
            {"name": "Tour feed", "kind": "rss", "endpoint_url": "https://feeds.example.com/t",
             "playbook_id": playbook.id}
        )  # fmt: skip
        incident = self.env["social.incident"]._open_from_spike(connector, 9, 1.5)
        self.assertEqual(len(incident.activity_ids), 2)
        self.start_tour(
            f"/odoo/social-incidents/{incident.id}",
            "social_listening_incident_tour",
            login="incident_mgr",
        )
        self.assertEqual(incident.state, "closed")
        self.assertIn("<b>Check batches</b>", incident.post_mortem)
        self.assertFalse(incident.activity_ids)  # the steps left were listed, then removed
        last = incident.message_ids.filtered(lambda m: "Post-mortem" in (m.body or ""))[:1]
        self.assertEqual(last.author_id, manager.partner_id)
        self.assertNotIn("<b>", last.body)  # the post-mortem's markup is text
        self.assertIn("&lt;b&gt;", last.body)
