# Webhook deliveries are now stored by the request and processed afterwards, and duplicates
# are recognised by their key for the whole replay window: the old default window of five
# minutes refused a platform's retries after an outage. Connectors still on that default get
# the new one; a window an admin chose is kept (within the new maximum).
from odoo.tools import SQL

OLD_DEFAULT = 300
NEW_DEFAULT = 2 * 24 * 3600


def migrate(cr, version):
    cr.execute(
        SQL(
            "UPDATE social_listening_connector SET replay_window = %s WHERE replay_window = %s",
            NEW_DEFAULT,
            OLD_DEFAULT,
        )
    )
    cr.execute(
        SQL(
            """UPDATE social_listening_connector SET replay_window = %s
                WHERE replay_window > %s OR replay_window <= 0""",
            NEW_DEFAULT,
            NEW_DEFAULT,
        )
    )
