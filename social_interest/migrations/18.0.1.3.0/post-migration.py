# A source's monthly cost is now recorded per month (social.interest.source.cost): the
# analysis used to apply today's cost to every past month. The cost a source has today is
# recorded from the month of its first card (or this month): the past keeps the figures it
# showed, and the next change of cost applies from its own month on.
from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL(
            """INSERT INTO social_interest_source_cost
                      (source_id, date_from, monthly_cost, company_id)
               SELECT s.id,
                      LEAST(
                          date_trunc('month', now() AT TIME ZONE 'UTC'),
                          COALESCE(
                              (SELECT date_trunc('month', min(c.interest_date))
                                 FROM social_interest c WHERE c.source_id = s.id),
                              date_trunc('month', now() AT TIME ZONE 'UTC'))
                      )::date,
                      s.monthly_cost, s.company_id
                 FROM social_interest_source s
                WHERE COALESCE(s.monthly_cost, 0) != 0
                  AND NOT EXISTS (
                      SELECT 1 FROM social_interest_source_cost h WHERE h.source_id = s.id)"""
        )
    )
    # the analysis was rebuilt before these rows existed: its figures are refreshed now
    cr.execute("SELECT 1 FROM pg_matviews WHERE matviewname = %s", ["social_interest_report"])
    if cr.fetchone():
        cr.execute("REFRESH MATERIALIZED VIEW social_interest_report")
