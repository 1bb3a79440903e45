# 18.0.1.1.0: an audience's filter runs as its owner in its company. Audiences of 18.0.1.0.0
# had no owner and could have no company: they belong to whoever created them, in that
# user's company. Filled before the update makes both columns required.


def migrate(cr, version):
    cr.execute("ALTER TABLE social_audience ADD COLUMN IF NOT EXISTS user_id int4")
    cr.execute(
        """
        UPDATE social_audience
           SET user_id = COALESCE(create_uid, 1)
         WHERE user_id IS NULL
        """
    )
    cr.execute(
        """
        UPDATE social_audience audience
           SET company_id = COALESCE(
                   (SELECT company_id FROM res_users WHERE id = audience.user_id),
                   (SELECT id FROM res_company ORDER BY sequence, id LIMIT 1))
         WHERE audience.company_id IS NULL
        """
    )
