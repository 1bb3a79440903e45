from datetime import datetime, timedelta

from lxml import etree

from odoo import fields
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import SocialInterestCase

MEASURES = [
    "volume:sum",
    "processed_rate:avg",
    "response_hours:avg",
    "median_response_hours:avg",
    "lead_count:sum",
    "won_count:sum",
    "won_revenue:sum",
    "cost:sum",
    "cost_per_interest:avg",
    "cost_per_lead:avg",
]


@tagged("post_install", "-at_install")
class TestInterestReport(SocialInterestCase):
    """Known cards in January and February 2024, and the figures a manager must read."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the known data is dated 2024: no attribution window
        cls.env["ir.config_parameter"].set_param("social_interest.attribution_window_days", "0")
        cls.source_fb.monthly_cost = 300.0
        cls.source_web.monthly_cost = 100.0
        # the costs as they were recorded then: Facebook 300 in January and February 2024,
        # the website 100 in January 2024; both free since
        Cost = cls.env["social.interest.source.cost"]
        (cls.source_fb | cls.source_web).cost_ids.unlink()
        Cost.create(
            [
                {"source_id": cls.source_fb.id, "date_from": "2024-01-01", "monthly_cost": 300},
                {"source_id": cls.source_fb.id, "date_from": "2024-03-01", "monthly_cost": 0},
                {"source_id": cls.source_web.id, "date_from": "2024-01-01", "monthly_cost": 100},
                {"source_id": cls.source_web.id, "date_from": "2024-02-01", "monthly_cost": 0},
            ]
        )
        jan = datetime(2024, 1, 10, 9, 0)
        cls.mika = cls.env["res.partner"].create({"name": "Mika", "email": "mika@example.jp"})

        def card(when, hours=None, **vals):
            vals.setdefault("interest_date", when)
            if hours is not None:
                vals["first_response_date"] = when + timedelta(hours=hours)
            return cls._card(**vals)

        # Facebook, January: 3 cards (+1 spam left out), answered in 1 h, 2 h and 9 h
        cls.fb_comment = card(jan, 1, partner_id=cls.mika.id, processed=True)
        cls.fb_question = card(jan + timedelta(days=1), 2, action_type="question", processed=True)
        cls.fb_like = card(jan + timedelta(days=2), 9, action_type="like", author_name="Ben")
        card(jan + timedelta(days=3), action_type="comment", author_name="Spammer").action_ignore()
        # Facebook, February: 1 card, never answered
        cls.fb_feb = card(datetime(2024, 2, 5, 9, 0), action_type="share", author_name="Cleo")
        # Website, January: Mika's form (after her Facebook comment) and another form
        cls.web_mika = card(
            jan + timedelta(days=5),
            4,
            source_id=cls.source_web.id,
            platform="website",
            action_type="form",
            author_email="mika@example.jp",
            processed=True,
        )
        cls.web_dan = card(
            jan + timedelta(days=6),
            source_id=cls.source_web.id,
            platform="website",
            action_type="form",
            author_name="Dan",
            author_email="dan@example.com",
        )
        # Mika's opportunity comes from her web form but is credited to Facebook, and won
        cls.lead_mika = cls.env["crm.lead"].browse(
            cls.web_mika.action_create_opportunity()["res_id"]
        )
        cls.lead_mika.expected_revenue = 1000.0
        cls.lead_mika.action_set_won()
        # Dan's opportunity stays open
        cls.lead_dan = cls.env["crm.lead"].browse(cls.web_dan.action_create_opportunity()["res_id"])
        cls.lead_dan.expected_revenue = 500.0
        cls.env["social.interest.report"]._refresh()

    def _figures(self, groupby, domain=()):
        Report = self.env["social.interest.report"]
        domain = [("source_id", "in", (self.source_fb | self.source_web).ids), *domain]
        rows = Report._read_group(domain, groupby, MEASURES)
        return {
            tuple(getattr(key, "id", key) for key in row[: len(groupby)]): dict(
                zip(MEASURES, row[len(groupby) :], strict=True)
            )
            for row in rows
        }

    def test_attribution_credits_the_first_touch(self):
        self.assertEqual(self.lead_mika.first_touch_platform, "facebook")
        self.assertEqual(self.lead_mika.first_touch_interest_id, self.fb_comment)
        self.assertEqual(self.lead_dan.first_touch_platform, "website")

    def test_figures_per_source_and_month(self):
        figures = self._figures(["source_id", "month:month"])
        fb_jan = figures[(self.source_fb.id, datetime(2024, 1, 1).date())]
        self.assertEqual(fb_jan["volume:sum"], 3)  # the spam card is left out
        self.assertAlmostEqual(fb_jan["processed_rate:avg"], 200 / 3, places=2)
        self.assertAlmostEqual(fb_jan["response_hours:avg"], 4.0, places=4)
        self.assertAlmostEqual(fb_jan["median_response_hours:avg"], 2.0, places=4)
        self.assertEqual(fb_jan["lead_count:sum"], 1)  # Mika's, first touch on Facebook
        self.assertEqual(fb_jan["won_count:sum"], 1)
        self.assertAlmostEqual(fb_jan["won_revenue:sum"], 1000.0)
        self.assertAlmostEqual(fb_jan["cost:sum"], 300.0)
        self.assertAlmostEqual(fb_jan["cost_per_interest:avg"], 100.0)
        self.assertAlmostEqual(fb_jan["cost_per_lead:avg"], 300.0)

        fb_feb = figures[(self.source_fb.id, datetime(2024, 2, 1).date())]
        self.assertEqual(fb_feb["volume:sum"], 1)
        self.assertEqual(fb_feb["processed_rate:avg"], 0.0)
        self.assertFalse(fb_feb["median_response_hours:avg"])  # nothing answered
        self.assertAlmostEqual(fb_feb["cost_per_interest:avg"], 300.0)
        self.assertFalse(fb_feb["cost_per_lead:avg"])  # no lead: no cost per lead

        web_jan = figures[(self.source_web.id, datetime(2024, 1, 1).date())]
        self.assertEqual(web_jan["volume:sum"], 2)
        self.assertAlmostEqual(web_jan["processed_rate:avg"], 50.0)
        self.assertAlmostEqual(web_jan["median_response_hours:avg"], 4.0)
        self.assertEqual(web_jan["lead_count:sum"], 1)  # Dan's only: Mika's went to Facebook
        self.assertEqual(web_jan["won_revenue:sum"], 0.0)
        self.assertAlmostEqual(web_jan["cost_per_interest:avg"], 50.0)
        self.assertAlmostEqual(web_jan["cost_per_lead:avg"], 100.0)

    def test_median_alone_keeps_every_group(self):
        rows = self.env["social.interest.report"]._read_group(
            [("source_id", "=", self.source_fb.id)],
            ["month:month"],
            ["median_response_hours:avg"],
        )
        medians = {month.month: median for month, median in rows}
        self.assertEqual(medians, {1: 2.0, 2: False})  # February: nothing answered

    def test_figures_across_sources_stay_exact(self):
        [total] = self._figures([]).values()
        self.assertEqual(total["volume:sum"], 6)
        self.assertEqual(total["lead_count:sum"], 2)
        self.assertAlmostEqual(total["cost:sum"], 700.0)  # 300 + 300 + 100
        self.assertAlmostEqual(total["cost_per_interest:avg"], 700.0 / 6)
        self.assertAlmostEqual(total["cost_per_lead:avg"], 350.0)
        # answered in 1, 2, 9 and 4 hours: the median is 3
        self.assertAlmostEqual(total["median_response_hours:avg"], 3.0)

    def test_figures_by_action_type_and_product(self):
        by_action = self._figures(["action_type"])
        self.assertEqual(by_action[("form",)]["volume:sum"], 2)
        self.assertEqual(by_action[("comment",)]["volume:sum"], 1)
        # a source's cost is spread over its cards: one Facebook January card costs 100
        self.assertAlmostEqual(by_action[("like",)]["cost:sum"], 100.0)
        chair = self.env["product.template"].create({"name": "Chair (report)"})
        self.fb_like.product_tmpl_id = chair
        self.env["social.interest.report"]._refresh()
        by_product = self._figures(["product_tmpl_id"])
        self.assertEqual(by_product[(chair.id,)]["volume:sum"], 1)

    def test_filters_by_period_team_and_platform(self):
        february = self._figures([], [("month", ">=", "2024-02-01")])
        self.assertEqual(next(iter(february.values()))["volume:sum"], 1)
        self.web_dan.team_id = self.team_b
        self.env["social.interest.report"]._refresh()
        team_b = self._figures([], [("team_id", "=", self.team_b.id)])
        self.assertEqual(next(iter(team_b.values()))["volume:sum"], 1)
        website = self._figures(["platform"], [("platform", "=", "website")])
        self.assertEqual(list(website), [("website",)])

    def test_web_client_read_group_returns_the_same_figures(self):
        self.env["social.interest.report"]._refresh()
        result = self.env["social.interest.report"].read_group(
            [("source_id", "=", self.source_fb.id), ("month", "<", "2024-02-01")],
            ["volume:sum", "median_response_hours:avg", "cost_per_lead:avg"],
            ["source_id"],
        )
        self.assertEqual(result[0]["volume"], 3)
        self.assertAlmostEqual(result[0]["median_response_hours"], 2.0)
        self.assertAlmostEqual(result[0]["cost_per_lead"], 300.0)

    def test_salesman_reads_the_figures_of_his_cards_only(self):
        self.fb_comment.user_id = self.rep_a
        self.fb_question.write({"user_id": self.rep_b.id, "team_id": self.team_b.id})
        self.env["social.interest.report"]._refresh()
        rows = (
            self.env["social.interest.report"]
            .with_user(self.rep_b)
            .search([("source_id", "in", (self.source_fb | self.source_web).ids)])
        )
        self.assertEqual(rows.user_id, self.rep_b)
        self.assertEqual(sum(rows.mapped("volume")), 1)
        self.assertEqual(rows.action_type, "question")

    def test_a_paid_month_with_no_card_shows_its_cost(self):
        self.source_web.cost_ids.filtered(lambda c: str(c.date_from) == "2024-02-01").unlink()
        self.env["social.interest.report"]._refresh()
        figures = self._figures(["source_id", "month:month"])
        web_feb = figures[(self.source_web.id, datetime(2024, 2, 1).date())]
        self.assertEqual(web_feb["volume:sum"], 0)
        self.assertAlmostEqual(web_feb["cost:sum"], 100.0)
        self.assertFalse(web_feb["cost_per_interest:avg"], "no card: no cost per card")

    def test_a_new_cost_changes_the_months_to_come_not_the_past(self):
        self.source_fb.monthly_cost = 900.0  # from this month on
        self.assertEqual(self.source_fb.cost_ids[0].monthly_cost, 900.0)
        self.env["social.interest.report"]._refresh()
        figures = self._figures(["source_id", "month:month"])
        fb_jan = figures[(self.source_fb.id, datetime(2024, 1, 1).date())]
        self.assertAlmostEqual(fb_jan["cost:sum"], 300.0, msg="January 2024 keeps its cost")
        this_month = fields.Date.today().replace(day=1)
        self.assertAlmostEqual(figures[(self.source_fb.id, this_month)]["cost:sum"], 900.0)

    def test_with_a_lead_keeps_rows_with_several_leads(self):
        # two January Facebook likes, each the first touch of its own person's lead: one
        # row of the analysis with two leads
        ben_lead = self.env["crm.lead"].browse(self.fb_like.action_create_opportunity()["res_id"])
        other = self._card(interest_date=datetime(2024, 1, 15, 9, 0), action_type="like",
                           author_name="Ana")  # fmt: skip
        self.env["crm.lead"].browse(other.action_create_opportunity()["res_id"])
        self.assertTrue(ben_lead)
        self.env["social.interest.report"]._refresh()
        search_view = self.env.ref("social_interest.social_interest_report_view_search")
        node = etree.fromstring(search_view.arch).xpath("//filter[@name='with_lead']")[0]
        domain = [*safe_eval(node.get("domain")), ("action_type", "=", "like")]
        rows = self.env["social.interest.report"].search(
            [*domain, ("source_id", "=", self.source_fb.id), ("month", "=", "2024-01-01")]
        )
        self.assertEqual(sum(rows.mapped("lead_count")), 2)
        self.assertEqual(sum(rows.mapped("volume")), 2, "each card counted once")

    def test_figures_wait_for_the_refresh(self):
        self._card(interest_date=datetime(2024, 1, 20, 9, 0), author_name="Late")
        [before] = self._figures([]).values()
        self.assertEqual(before["volume:sum"], 6)
        self.env["social.interest.report"]._refresh()
        [after] = self._figures([]).values()
        self.assertEqual(after["volume:sum"], 7)

    def test_refresh_now_opens_the_analysis(self):
        action = (
            self.env["social.interest.report"].with_user(self.manager).action_refresh_and_open()
        )
        self.assertEqual(action["res_model"], "social.interest.report")

    def test_ungrouped_rows_carry_their_own_figures(self):
        row = self.env["social.interest.report"].search(
            [("source_id", "=", self.source_fb.id), ("action_type", "=", "like")]
        )
        self.assertEqual(len(row), 1)
        self.assertEqual(row.volume, 1)
        self.assertAlmostEqual(row.median_response_hours, 9.0)
        self.assertAlmostEqual(row.cost_per_interest, 100.0)

    def test_dashboard_action_is_in_the_reporting_menu(self):
        action = self.env.ref("social_interest.action_social_interest_analysis")
        self.assertEqual(action.res_model, "social.interest.report")
        self.assertEqual(action.view_mode, "pivot,graph,list")
        menu = self.env.ref("social_interest.menu_social_interest_analysis")
        self.assertEqual(
            menu.parent_id, self.env.ref("social_interest.menu_social_interest_reporting")
        )
