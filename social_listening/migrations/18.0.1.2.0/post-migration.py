# The webhook size limit has a ceiling now, and the out-of-hours public acknowledgement must be
# a template of the interest card: values set before either rule are brought within it.
from odoo.tools import SQL

DEFAULT_BODY_KB = 1024
MAX_BODY_KB = 10 * 1024


def migrate(cr, version):
    cr.execute(
        SQL(
            "UPDATE social_listening_connector SET max_body_kb = %s WHERE max_body_kb > %s",
            MAX_BODY_KB,
            MAX_BODY_KB,
        )
    )
    cr.execute(
        SQL(
            """UPDATE social_listening_connector SET max_body_kb = %s
                WHERE max_body_kb IS NULL OR max_body_kb <= 0""",
            DEFAULT_BODY_KB,
        )
    )
    cr.execute(
        SQL(
            """UPDATE social_interest_source source SET public_ack_template_id = NULL
                 FROM mail_template template
                WHERE template.id = source.public_ack_template_id
                  AND template.model IS DISTINCT FROM 'social.interest'"""
        )
    )
