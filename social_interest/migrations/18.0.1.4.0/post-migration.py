# After the update: the rule updated from the security file is noupdate again (an admin's
# later edits stay theirs), and the clicks and visits counted before take their contact's
# company, as new ones do (they had the scheduled action's company).
from odoo.tools import SQL

RULES = ("social_interest_rule_salesman",)


def migrate(cr, version):
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET noupdate = true "
            "WHERE module = 'social_interest' AND model = 'ir.rule' AND name IN %s",
            RULES,
        )
    )
    cr.execute(
        SQL(
            """UPDATE social_interest card
                  SET company_id = partner.company_id
                 FROM res_partner partner
                WHERE card.partner_id = partner.id
                  AND card.is_light
                  AND partner.company_id IS NOT NULL
                  AND card.company_id IS DISTINCT FROM partner.company_id"""
        )
    )
