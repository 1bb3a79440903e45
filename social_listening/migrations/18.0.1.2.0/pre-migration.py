# Reply attempts now carry their card's company (for the multi-company rule): the column is
# added and filled here in one statement, so that the update does not compute it row by row.
from odoo.tools import SQL


def migrate(cr, version):
    cr.execute(
        SQL("ALTER TABLE social_interest_reply_attempt ADD COLUMN IF NOT EXISTS company_id int4")
    )
    cr.execute(
        SQL(
            """UPDATE social_interest_reply_attempt attempt
                  SET company_id = card.company_id
                 FROM social_interest card
                WHERE card.id = attempt.interest_id
                  AND attempt.company_id IS DISTINCT FROM card.company_id"""
        )
    )
