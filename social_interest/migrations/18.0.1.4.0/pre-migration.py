# The salesman's rule on cards changed (clicks and visits are seen only for the contacts
# the salesman works with), but security records are shipped with noupdate: they are made
# updatable for this update (post-migration makes them noupdate again), as OpenUpgrade's
# set_xml_ids_noupdate_value does.
from odoo.tools import SQL

RULES = ("social_interest_rule_salesman",)


def migrate(cr, version):
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET noupdate = false "
            "WHERE module = 'social_interest' AND model = 'ir.rule' AND name IN %s",
            RULES,
        )
    )
