from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.social_interest.lib.interest_data import InterestData


class SocialInterestCase(TransactionCase):
    """Teams, reps and a source built once for every card test."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        cls.team_a = cls.env["crm.team"].create({"name": "Team A (social)"})
        cls.team_b = cls.env["crm.team"].create({"name": "Team B (social)"})
        cls.rep_a = new_test_user(
            cls.env, login="rep_a", name="Rep A", groups="sales_team.group_sale_salesman"
        )
        cls.rep_a2 = new_test_user(
            cls.env, login="rep_a2", name="Rep A2", groups="sales_team.group_sale_salesman"
        )
        cls.rep_b = new_test_user(
            cls.env, login="rep_b", name="Rep B", groups="sales_team.group_sale_salesman"
        )
        cls.lead_all = new_test_user(
            cls.env,
            login="lead_all",
            name="All Leads",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.manager = new_test_user(
            cls.env, login="sales_mgr", name="Sales Manager", groups="sales_team.group_sale_manager"
        )
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.team_a.id, "user_id": cls.rep_a.id},
                {"crm_team_id": cls.team_a.id, "user_id": cls.rep_a2.id},
                {"crm_team_id": cls.team_b.id, "user_id": cls.rep_b.id},
            ]
        )
        cls.source_fb = cls.env["social.interest.source"].create(
            {
                "name": "Test Facebook page",
                "platform": "facebook",
                "url": "https://www.facebook.com/test.page",
                "team_id": cls.team_a.id,
            }
        )
        cls.source_web = cls.env["social.interest.source"].create(
            {"name": "Test contact form", "platform": "website", "team_id": cls.team_a.id}
        )

    @classmethod
    def _card(cls, arrival=False, **vals):
        """A card; ``arrival``: made by the one road in, as every channel makes it
        (assignment, deadline, acknowledgement); else stored as a user makes it by hand."""
        defaults = {
            "source_id": cls.source_fb.id,
            "platform": "facebook",
            "action_type": "comment",
            "author_name": "Jane Roe",
            "body": "Do you have it in blue?",
            "source_url": "https://www.facebook.com/test.page/posts/1?comment_id=2",
            "team_id": cls.team_a.id,
        }
        defaults.update(vals)
        Interest = cls.env["social.interest"]
        if arrival:
            # the one road in (which finds a known item again): each arrival its own comment
            # unless the test names one; the item's values all decided by the "road"
            if "source_url" not in vals and "external_id" not in vals:
                cls._arrivals = getattr(cls, "_arrivals", 0) + 1
                defaults["source_url"] += f"{cls._arrivals}"
            return Interest._ingest([InterestData()], values=[defaults])[0].card
        return Interest.create(defaults)
