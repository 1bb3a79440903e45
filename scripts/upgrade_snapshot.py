"""Read by `odoo-bin shell` (stdin) in scripts/test-upgrade: the stored data an upgrade must
carry through, as JSON in the file named by SOCIAL_SNAPSHOT.

For each table, the rows by id with the listed columns that exist in this database. The
comparison (scripts/test-upgrade) asks that every row and every column of the release's
snapshot is still there with the same value; new rows and new columns are allowed.
"""

import json
import os

TABLES = {
    # the cards, their states and the people behind them
    "social_interest": [
        "state",
        "platform",
        "action_type",
        "external_id",
        "message_id",
        "source_id",
        "identity_id",
        "partner_id",
        "user_id",
        "team_id",
        "lead_id",
        "processed",
    ],
    "social_identity": ["platform", "handle", "profile_url", "partner_id"],
    "social_interest_source": ["name", "platform", "team_id", "active"],
    "social_interest_parse_rule": ["name", "platform", "action_type", "active"],
    # listening: connectors keep their cursors (a lost cursor re-reads or skips items)
    "social_listening_connector": ["name", "kind", "cursor", "state", "active"],
    "social_listening_rule": ["name", "active"],
    "social_mention": ["external_id", "connector_id", "state", "interest_id"],
    # the maturity index: assessments and the survey answers they come from
    "social_maturity_assessment": [
        "partner_id",
        "survey_id",
        "user_input_id",
        "investment_score",
        "innovation_score",
    ],
    "survey_user_input": ["survey_id", "partner_id", "state"],
}


def snapshot(cr):
    data = {}
    for table, wanted in TABLES.items():
        cr.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s",
            [table],
        )
        present = {row[0] for row in cr.fetchall()}
        if not present:
            continue
        columns = [column for column in wanted if column in present]
        # identifiers come from the constant table above, never from data
        query = "SELECT id, {} FROM {} ORDER BY id".format(  # noqa: S608
            ", ".join(f'"{column}"' for column in columns), f'"{table}"'
        )
        cr.execute(query)
        data[table] = {
            "columns": columns,
            "rows": {str(row[0]): [str(value) for value in row[1:]] for row in cr.fetchall()},
        }
    return data


with open(os.environ["SOCIAL_SNAPSHOT"], "w", encoding="utf-8") as out:
    json.dump(snapshot(env.cr), out)  # noqa: F821 (env is given by odoo-bin shell)
