"""The demo database shows what the suite measures: a manager trying it reads real figures."""

from odoo.tests import TransactionCase, tagged

DEMO_SOURCES = ("facebook", "instagram", "x", "linkedin", "youtube", "reviews", "website")
MEASURES = [
    "volume:sum",
    "processed_rate:avg",
    "median_response_hours:avg",
    "lead_count:sum",
    "won_revenue:sum",
    "cost:sum",
    "cost_per_interest:avg",
    "cost_per_lead:avg",
]


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        module = cls.env["ir.module.module"].search([("name", "=", "social_interest")])
        cls.with_demo = module.demo
        cls.sources = [
            cls.env.ref(f"social_interest.source_{key}", raise_if_not_found=False)
            for key in DEMO_SOURCES
        ]

    def test_every_demo_source_shows_its_cost_leads_revenue_and_pace(self):
        if not self.with_demo:
            self.assertFalse(any(self.sources), "no demo source without demo data")
            return
        Report = self.env["social.interest.report"]
        Report._refresh()
        ids = [source.id for source in self.sources]
        rows = Report._read_group([("source_id", "in", ids)], ["source_id"], MEASURES)
        figures = {source: dict(zip(MEASURES, values, strict=True)) for source, *values in rows}
        self.assertEqual(len(figures), len(DEMO_SOURCES), "every demo source has figures")
        for source, values in figures.items():
            for measure, value in values.items():
                self.assertGreater(value or 0, 0, f"{source.name}: {measure} is {value}")
        for measure in ("median_response_hours:avg", "cost_per_lead:avg", "processed_rate:avg"):
            distinct = {round(values[measure], 2) for values in figures.values()}
            self.assertGreaterEqual(len(distinct), 5, f"{measure} differs per source: {distinct}")
        medians = {source.platform: values["median_response_hours:avg"]
                   for source, values in figures.items()}  # fmt: skip
        # each channel at its own pace: X within the hour, reviews after a day or more
        self.assertLess(medians["x"], 1.0)
        self.assertGreater(medians["review_site"], 24.0)

    def test_the_demo_digest_of_the_last_week_has_real_figures(self):
        if not self.with_demo:
            self.assertFalse(any(self.sources), "no demo source without demo data")
            return
        digest = self.env.company._social_digest_values()
        self.assertGreater(digest["volume"], 10)
        self.assertGreater(digest["answered"], 5)
        self.assertGreater(digest["median_response_hours"], 0)
        self.assertGreater(digest["leads"], 1)
        self.assertGreater(digest["won_revenue"], 0)
        self.assertGreater(digest["cost"], 0)
        self.assertGreater(digest["cost_per_lead"], 0)
        self.assertGreater(digest["on_time_rate"], 0)
        self.assertLess(digest["on_time_rate"], 100, "a few cards were answered late")
