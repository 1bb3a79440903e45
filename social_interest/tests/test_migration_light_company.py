"""The update to 18.0.1.4.0: the salesman's card rule (changed for clicks and visits) is
updated although security records ship with noupdate, and earlier clicks and visits take
their contact's company."""

import importlib.util
from datetime import datetime
from pathlib import Path

from odoo.tools import SQL

from .common import SocialInterestCase

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.4.0"


def _run(name, cr):
    spec = importlib.util.spec_from_file_location(f"social_interest_1_4_{name}", MIGRATIONS / name)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    migration.migrate(cr, "18.0.1.3.0")


class TestMigrationLightCompany(SocialInterestCase):
    def _noupdate(self):
        self.env.cr.execute(
            SQL(
                "SELECT noupdate FROM ir_model_data WHERE module = %s AND name = %s",
                "social_interest",
                "social_interest_rule_salesman",
            )
        )
        return self.env.cr.fetchone()[0]

    def test_the_update_lets_the_salesman_rule_be_rewritten_then_keeps_it(self):
        self.assertTrue(self._noupdate())
        _run("pre-migration.py", self.env.cr)
        self.assertFalse(self._noupdate())
        _run("post-migration.py", self.env.cr)
        self.assertTrue(self._noupdate())

    def test_earlier_clicks_and_visits_take_their_contacts_company(self):
        other = self.env["res.company"].create({"name": "Light company B"})
        source = self.env["social.interest.source"].create(
            {"name": "Website visits", "platform": "website"}
        )
        jane = self.env["res.partner"].create({"name": "Jane B", "company_id": other.id})
        visit = self.env["social.interest"]._social_record_hits(
            [
                (
                    source,
                    jane,
                    "visit",
                    datetime(2026, 11, 3, 9, 0),
                    "https://shop.example.com/",
                    None,
                )
            ]
        )
        comment = self._card(partner_id=jane.id)
        # as the scheduled action used to make them: in its own company
        self.env.cr.execute(
            SQL(
                "UPDATE social_interest SET company_id = %s WHERE id IN %s",
                self.env.company.id,
                (visit.id, comment.id),
            )
        )
        _run("post-migration.py", self.env.cr)
        (visit | comment).invalidate_recordset(["company_id"])
        self.assertEqual(visit.company_id, other)
        self.assertEqual(comment.company_id, self.env.company)  # only clicks and visits
