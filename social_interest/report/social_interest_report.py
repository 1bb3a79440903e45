from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.selection import ACTION_TYPE_SELECTION, PLATFORM_SELECTION, STATE_SELECTION


class SocialInterestReport(models.Model):
    """Social interest analysis: what each source brings and costs, month by month.

    One row per card (ignored / spam cards left out), so that every figure stays exact
    whatever the grouping (source, month, action type, product, team, platform):

    - processed % is the mean of 100 / 0 per card;
    - the median first response is computed on the cards themselves (``percentile_cont``);
    - a lead is counted once, on the card that was its first touch, with its revenue if won;
    - a source's monthly cost is spread evenly over that source's cards of the month (UTC
      months), so cost per interest is total cost / cards and cost per lead total cost / leads.
    """

    _name = "social.interest.report"
    _description = "Social Interest Analysis"
    _auto = False
    _rec_name = "interest_id"
    _order = "interest_date desc, id desc"

    interest_id = fields.Many2one("social.interest", string="Card", readonly=True)
    interest_date = fields.Datetime(string="Date", readonly=True)
    month = fields.Date(readonly=True, help="Month of the interest (UTC).")
    source_id = fields.Many2one("social.interest.source", string="Source", readonly=True)
    platform = fields.Selection(PLATFORM_SELECTION, readonly=True)
    action_type = fields.Selection(ACTION_TYPE_SELECTION, string="Action", readonly=True)
    product_tmpl_id = fields.Many2one("product.template", string="Product", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(STATE_SELECTION, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    volume = fields.Integer(readonly=True, aggregator="sum", help="Number of cards.")
    processed_count = fields.Integer(string="Processed", readonly=True, aggregator="sum")
    processed_rate = fields.Float(string="Processed %", readonly=True, aggregator="avg")
    response_hours = fields.Float(
        string="Average first response (h)", readonly=True, aggregator="avg"
    )
    # aggregated by _read_group_select: the median of the cards' first-response hours
    median_response_hours = fields.Float(
        string="Median first response (h)", readonly=True, aggregator="avg"
    )
    lead_count = fields.Integer(string="Leads created", readonly=True, aggregator="sum")
    won_count = fields.Integer(string="Leads won", readonly=True, aggregator="sum")
    won_revenue = fields.Monetary(readonly=True, aggregator="sum")
    cost = fields.Monetary(readonly=True, aggregator="sum")
    # the mean of the per-card cost share is total cost / number of cards
    cost_per_interest = fields.Monetary(readonly=True, aggregator="avg")
    # aggregated by _read_group_select: total cost / leads created
    cost_per_lead = fields.Monetary(readonly=True, aggregator="avg")

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        if fname == "median_response_hours":
            return SQL(
                "percentile_cont(0.5) WITHIN GROUP (ORDER BY %s)",
                self._field_to_sql(self._table, "response_hours", query),
            )
        if fname == "cost_per_lead":
            return SQL(
                "SUM(%s) / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, "cost", query),
                self._field_to_sql(self._table, "lead_count", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )

    def _query(self):
        return SQL(
            """
            WITH source_month AS (
                SELECT source_id,
                       date_trunc('month', interest_date) AS month,
                       count(*) AS volume
                  FROM social_interest
                 WHERE active AND state != 'ignored' AND source_id IS NOT NULL
              GROUP BY source_id, date_trunc('month', interest_date)
            )
            SELECT c.id AS id,
                   c.id AS interest_id,
                   c.interest_date AS interest_date,
                   date_trunc('month', c.interest_date)::date AS month,
                   c.source_id AS source_id,
                   c.platform AS platform,
                   c.action_type AS action_type,
                   c.product_tmpl_id AS product_tmpl_id,
                   c.team_id AS team_id,
                   c.user_id AS user_id,
                   c.company_id AS company_id,
                   company.currency_id AS currency_id,
                   c.state AS state,
                   c.partner_id AS partner_id,
                   1 AS volume,
                   CASE WHEN c.processed THEN 1 ELSE 0 END AS processed_count,
                   CASE WHEN c.processed THEN 100.0 ELSE 0.0 END AS processed_rate,
                   CASE WHEN c.first_response_date IS NOT NULL
                        THEN c.response_hours END AS response_hours,
                   CASE WHEN c.first_response_date IS NOT NULL
                        THEN c.response_hours END AS median_response_hours,
                   CASE WHEN first_lead.id IS NOT NULL THEN 1 ELSE 0 END AS lead_count,
                   CASE WHEN first_lead.active AND first_lead.probability >= 100
                        THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN first_lead.active AND first_lead.probability >= 100
                        THEN COALESCE(first_lead.expected_revenue, 0) ELSE 0 END AS won_revenue,
                   COALESCE(src.monthly_cost / source_month.volume, 0) AS cost,
                   COALESCE(src.monthly_cost / source_month.volume, 0) AS cost_per_interest,
                   COALESCE(src.monthly_cost / source_month.volume, 0) AS cost_per_lead
              FROM social_interest c
              JOIN res_company company ON company.id = c.company_id
         LEFT JOIN social_interest_source src ON src.id = c.source_id
         LEFT JOIN source_month
                ON source_month.source_id = c.source_id
               AND source_month.month = date_trunc('month', c.interest_date)
         LEFT JOIN crm_lead first_lead ON first_lead.first_touch_interest_id = c.id
             WHERE c.active AND c.state != 'ignored'
            """
        )
