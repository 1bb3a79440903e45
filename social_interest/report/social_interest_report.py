from odoo import fields, models
from odoo.tools import SQL

from ..lib.selection import ACTION_TYPE_SELECTION, PLATFORM_SELECTION

MEDIAN = "median_response_hours"
# Measures that are ratios of sums: exact whatever the grouping.
RATIOS = {
    "processed_rate": ("processed_count", "volume", 100.0),
    "response_hours": ("response_hours_total", "response_count", 1.0),
    "cost_per_interest": ("cost", "volume", 1.0),
    "cost_per_lead": ("cost", "lead_count", 1.0),
    "work_hours_per_interest": ("work_hours", "volume", 1.0),
    "handling_hours": ("handling_hours_total", "handling_count", 1.0),
}


class SocialInterestReport(models.Model):
    """Social interest analysis: what each source brings and costs, month by month.

    A materialized view, one row per month x source x platform x action type x product x
    team x responsible x company, refreshed by a scheduled action (every 15 minutes) and on
    demand, so that the dashboard answers in well under 2 s over a million cards. Every
    figure stays exact whatever the grouping:

    - volumes, leads, won revenue and cost are sums; processed %, average first response,
      cost per interest and cost per lead are ratios of sums (``_read_group_select``);
    - the median first response is computed on the cards' own response times (to the minute),
      kept per row as a histogram and summed for the groups asked (``_read_group_medians``);
    - ignored (spam) cards are left out; a lead counts once, for the source and month of
      its first touch card, with its expected revenue when won;
    - a source's monthly cost is spread evenly over that source's cards of the month (UTC
      calendar months), so cost per interest is cost / cards and cost per lead cost / leads.
    """

    _name = "social.interest.report"
    _inherit = "social.interest.materialized.report"
    _description = "Social Interest Analysis"
    _auto = False
    _order = "month desc, id"
    _ratios = RATIOS
    _analysis_action = "social_interest.action_social_interest_analysis"

    month = fields.Date(readonly=True, help="Month of the interest (UTC).")
    source_id = fields.Many2one("social.interest.source", string="Source", readonly=True)
    platform = fields.Selection(PLATFORM_SELECTION, readonly=True)
    action_type = fields.Selection(ACTION_TYPE_SELECTION, string="Action", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    volume = fields.Integer(readonly=True, aggregator="sum", help="Number of cards.")
    interaction_count = fields.Integer(
        string="Interactions",
        readonly=True,
        aggregator="sum",
        help='Cards plus the people their notifications grouped with the author ("Jane Roe '
        'and 4 others liked your post" counts 5).',
    )
    processed_count = fields.Integer(string="Processed", readonly=True, aggregator="sum")
    processed_rate = fields.Float(string="Processed %", readonly=True, aggregator="avg")
    response_count = fields.Integer(string="Answered", readonly=True, aggregator="sum")
    response_hours_total = fields.Float(readonly=True, aggregator="sum")
    response_hours = fields.Float(
        string="Average first response (h)", readonly=True, aggregator="avg"
    )
    median_response_hours = fields.Float(
        string="Median first response (h)", readonly=True, aggregator="avg"
    )
    lead_count = fields.Integer(string="Leads created", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="Leads won", readonly=True, aggregator="sum")
    won_revenue = fields.Monetary(readonly=True, aggregator="sum")
    cost = fields.Monetary(readonly=True, aggregator="sum")
    cost_per_interest = fields.Monetary(readonly=True, aggregator="avg")
    cost_per_lead = fields.Monetary(readonly=True, aggregator="avg")
    work_hours = fields.Float(
        string="Time spent (h)",
        readonly=True,
        aggregator="sum",
        help="Time the reps spent on these cards (their forms, or timesheets).",
    )
    work_hours_per_interest = fields.Float(
        string="Time per card (h)", readonly=True, aggregator="avg"
    )
    handling_count = fields.Integer(string="Opened and answered", readonly=True, aggregator="sum")
    handling_hours_total = fields.Float(readonly=True, aggregator="sum")
    handling_hours = fields.Float(
        string="Average open to reply (h)",
        readonly=True,
        aggregator="avg",
        help="Hours from the first opening of a card to its first reply.",
    )

    # ------------------------------------------------------------------ aggregates

    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        """The median is computed in a second pass over the same groups (_read_group_medians)."""
        medians = [spec for spec in aggregates if spec.split(":")[0] == MEDIAN]
        if not medians:
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        others = [spec for spec in aggregates if spec not in medians] or ["__count"]
        if order and MEDIAN in order:
            order = None  # groups come in their natural order; the median sorts client-side
        rows = super()._read_group(domain, groupby, others, having, offset, limit, order)
        size = len(groupby)
        median_by_group = self._read_group_medians(domain, groupby)
        column = list(
            self._read_group_postprocess_aggregate(
                medians[0], [median_by_group.get(row[:size]) for row in rows]
            )
        )
        result = []
        for row, median in zip(rows, column, strict=True):
            values = dict(zip(others, row[size:], strict=True))
            result.append(
                row[:size]
                + tuple(median if spec in medians else values[spec] for spec in aggregates)
            )
        return result

    def _read_group_medians(self, domain, groupby):
        """{group key: median first-response hours} of the cards of each group.

        Each row keeps its cards' response times as a histogram (values to the minute and
        their counts); the groups' histograms are summed and the median read from the
        running count, as percentile_cont(0.5) does (the mean of the two middle values).
        """
        query = self._search(domain)
        hist = "response_histogram"
        query.add_join(
            "JOIN",
            hist,
            SQL(
                "LATERAL (SELECT unnest(%s) AS hours, unnest(%s) AS cards)",
                SQL.identifier(self._table, "response_hours_values"),
                SQL.identifier(self._table, "response_hours_counts"),
            ),
            SQL("TRUE"),
        )
        terms = [self._read_group_groupby(spec, query) for spec in groupby]
        keys = [SQL.identifier(f"group_key_{index}") for index in range(len(terms))]
        hours, cards = SQL.identifier(hist, "hours"), SQL.identifier(hist, "cards")
        query.groupby = SQL(", ").join([*terms, hours])
        histogram = query.select(
            *[SQL("%s AS %s", term, key) for term, key in zip(terms, keys, strict=True)],
            SQL("%s AS hours", hours),
            SQL("SUM(%s) AS cards", cards),
        )
        partition = SQL("PARTITION BY %s", SQL(", ").join(keys)) if keys else SQL()
        group_by = SQL("GROUP BY %s", SQL(", ").join(keys)) if keys else SQL()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT %(keys)s (MIN(hours) FILTER (WHERE running >= div(total - 1, 2) + 1)
                                 + MIN(hours) FILTER (WHERE running >= div(total, 2) + 1)) / 2
                  FROM (SELECT *,
                               SUM(cards) OVER (%(partition)s ORDER BY hours) AS running,
                               SUM(cards) OVER (%(partition)s) AS total
                          FROM (%(histogram)s) AS histogram) AS cumulated
                 %(group_by)s
                """,
                keys=SQL("%s,", SQL(", ").join(keys)) if keys else SQL(),
                partition=partition,
                histogram=histogram,
                group_by=group_by,
            )
        )
        if not rows:
            return {}
        columns = list(zip(*rows, strict=True))
        group_columns = [
            list(self._read_group_postprocess_groupby(spec, column))
            for spec, column in zip(groupby, columns, strict=False)
        ]
        return {
            tuple(group[index] for group in group_columns): float(columns[-1][index])
            if columns[-1][index] is not None
            else None
            for index in range(len(rows))
        }

    # ------------------------------------------------------------------ the view

    def _query_ctes(self):
        """The view's steps: the cards' figures (``facts``), numbered by their grain (one row
        of the view each), summed per grain with the histogram of their response times."""
        return [
            ("cards", self._query_cards()),
            ("source_month", self._query_source_month()),
            ("cost_month", self._query_cost_month()),
            ("facts", SQL("%s UNION ALL %s", self._query_card_facts(), self._query_cost_facts())),
            ("ranked", self._query_ranked()),
            ("minutes", self._query_minutes()),
            ("histogram", self._query_histogram()),
        ]

    def _query_cards(self):
        """The cards analysed."""
        return SQL(
            """
            SELECT c.*, date_trunc('month', c.interest_date)::date AS month
              FROM social_interest c
             WHERE c.active AND c.state != 'ignored'
               -- clicks and visits need no answer: not part of the work analysed here
               AND NOT COALESCE(c.is_light, false)
            """
        )

    def _query_source_month(self):
        """The number of cards of each source and month, over which its cost is spread."""
        return SQL(
            """
            SELECT source_id, month, count(*) AS volume
              FROM cards
             WHERE source_id IS NOT NULL
          GROUP BY source_id, month
            """
        )

    def _query_cost_month(self):
        """Every month from a source's first recorded cost to this one, at the cost in force
        that month (a new cost changes the months to come, not the past)."""
        return SQL(
            """
            SELECT first_cost.source_id, m.month::date AS month,
                   (SELECT h.monthly_cost
                      FROM social_interest_source_cost h
                     WHERE h.source_id = first_cost.source_id AND h.date_from <= m.month
                  ORDER BY h.date_from DESC
                     LIMIT 1) AS monthly_cost
              FROM (SELECT source_id, min(date_from) AS date_from
                      FROM social_interest_source_cost
                  GROUP BY source_id) first_cost
        CROSS JOIN LATERAL generate_series(
                       date_trunc('month', first_cost.date_from),
                       date_trunc('month', now() AT TIME ZONE 'UTC'),
                       interval '1 month'
                   ) AS m(month)
            """
        )

    def _query_card_facts(self):
        """One fact per card, with its share of its source's cost of the month and the
        leads it is the first touch of (a person may have several)."""
        return SQL(
            """
            SELECT c.month, c.source_id, c.platform, c.action_type, c.product_tmpl_id,
                   c.team_id, c.user_id, c.company_id, 1 AS card,
                   1 + COALESCE(c.others_count, 0) AS interactions, c.processed,
                   CASE WHEN c.first_response_date IS NOT NULL
                        THEN c.response_hours END AS response_hours,
                   leads.count AS leads, leads.won, leads.won_revenue,
                   COALESCE(cost_month.monthly_cost / source_month.volume, 0) AS cost,
                   COALESCE(c.work_hours, 0) AS work_hours,
                   CASE WHEN c.first_open_date IS NOT NULL
                         AND c.first_response_date IS NOT NULL
                        THEN c.handling_hours END AS handling_hours
              FROM cards c
         LEFT JOIN source_month
                ON source_month.source_id = c.source_id AND source_month.month = c.month
         LEFT JOIN cost_month
                ON cost_month.source_id = c.source_id AND cost_month.month = c.month
         LEFT JOIN LATERAL (
                SELECT count(*) AS count,
                       count(*) FILTER (WHERE l.active AND l.probability >= 100) AS won,
                       COALESCE(sum(l.expected_revenue)
                                FILTER (WHERE l.active AND l.probability >= 100), 0)
                           AS won_revenue
                  FROM crm_lead l
                 WHERE l.first_touch_interest_id = c.id
               ) leads ON true
            """
        )

    def _query_cost_facts(self):
        """One fact per paid month that brought no card: it still shows what it cost (the
        columns of ``_query_card_facts``)."""
        return SQL(
            """
            SELECT cost_month.month, src.id, src.platform, NULL, NULL,
                   src.team_id, NULL,
                   COALESCE(src.company_id, (SELECT min(id) FROM res_company)), 0, 0, false,
                   NULL, 0, 0, 0, cost_month.monthly_cost, 0, NULL
              FROM cost_month
              JOIN social_interest_source src ON src.id = cost_month.source_id
             WHERE cost_month.monthly_cost > 0
               AND NOT EXISTS (
                    SELECT 1 FROM source_month
                     WHERE source_month.source_id = cost_month.source_id
                       AND source_month.month = cost_month.month)
            """
        )

    def _query_ranked(self):
        """The facts numbered by their grain: the id of the view's row they are summed in."""
        return SQL(
            """
            SELECT dense_rank() OVER (
                       ORDER BY month, source_id, platform, action_type, product_tmpl_id,
                                team_id, user_id, company_id
                   ) AS grain, facts.*
              FROM facts
            """
        )

    def _query_minutes(self):
        """Response times to the minute, counted per row: the medians' histograms."""
        return SQL(
            """
            SELECT grain, round(response_hours::numeric * 60) / 60 AS hours,
                   count(*) AS cards
              FROM ranked
             WHERE response_hours IS NOT NULL
          GROUP BY grain, round(response_hours::numeric * 60) / 60
            """
        )

    def _query_histogram(self):
        """Each row's response times and their counts, as two arrays in the same order."""
        return SQL(
            """
            SELECT grain,
                   array_agg(hours ORDER BY hours) AS response_hours_values,
                   array_agg(cards ORDER BY hours) AS response_hours_counts
              FROM minutes
          GROUP BY grain
            """
        )

    def _query_rows(self):
        """The view's rows: one per grain, its facts summed."""
        return SQL(
            """
            SELECT f.grain AS id,
                   f.month, f.source_id, f.platform, f.action_type, f.product_tmpl_id,
                   f.team_id, f.user_id, f.company_id,
                   company.currency_id,
                   %s
              FROM ranked f
              JOIN res_company company ON company.id = f.company_id
         LEFT JOIN histogram ON histogram.grain = f.grain
          GROUP BY f.grain, f.month, f.source_id, f.platform, f.action_type, f.product_tmpl_id,
                   f.team_id, f.user_id, f.company_id, company.currency_id,
                   histogram.response_hours_values, histogram.response_hours_counts
            """,
            self._query_measures(),
        )

    def _query_measures(self):
        """The measures of a row, from its facts ``f`` and its ``histogram``."""
        return SQL(
            """
                   sum(f.card) AS volume,
                   sum(f.interactions) AS interaction_count,
                   count(*) FILTER (WHERE f.processed) AS processed_count,
                   COALESCE(100.0 * count(*) FILTER (WHERE f.processed)
                            / NULLIF(sum(f.card), 0), 0) AS processed_rate,
                   count(f.response_hours) AS response_count,
                   COALESCE(sum(f.response_hours), 0) AS response_hours_total,
                   avg(f.response_hours) AS response_hours,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY f.response_hours)
                       AS median_response_hours,
                   histogram.response_hours_values,
                   histogram.response_hours_counts,
                   sum(f.leads) AS lead_count,
                   sum(f.won) AS won_count,
                   COALESCE(sum(f.won_revenue), 0) AS won_revenue,
                   sum(f.cost) AS cost,
                   sum(f.cost) / NULLIF(sum(f.card), 0) AS cost_per_interest,
                   sum(f.cost) / NULLIF(sum(f.leads), 0) AS cost_per_lead,
                   sum(f.work_hours) AS work_hours,
                   sum(f.work_hours) / NULLIF(sum(f.card), 0) AS work_hours_per_interest,
                   count(f.handling_hours) AS handling_count,
                   COALESCE(sum(f.handling_hours), 0) AS handling_hours_total,
                   avg(f.handling_hours) AS handling_hours
            """
        )
