"""An audience's filter is run with the rights of its owner, in the audience's company:
never as the superuser the scheduled action runs as, never in a company the audience is
not in."""

import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

MIGRATION = (
    Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.1.0" / "pre-migration.py"
)


class TestAudienceOwner(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Audience company B"})
        cls.tag = cls.env["res.partner.category"].create({"name": "Owner test"})
        Partner = cls.env["res.partner"]
        cls.customer_a = Partner.create(
            {"name": "Customer A", "email": "a@example.com", "category_id": cls.tag.ids,
             "company_id": cls.company_a.id}
        )  # fmt: skip
        cls.customer_b = Partner.create(
            {"name": "Customer B", "email": "b@example.com", "category_id": cls.tag.ids,
             "company_id": cls.company_b.id}
        )  # fmt: skip
        groups = "mass_mailing.group_mass_mailing_user,base.group_partner_manager"
        cls.marketer = new_test_user(
            cls.env, login="audience_marketer_a", groups=groups, company_id=cls.company_a.id
        )
        cls.marketer_ab = new_test_user(
            cls.env,
            login="audience_marketer_ab",
            groups=groups,
            company_id=cls.company_a.id,
            company_ids=[(6, 0, (cls.company_a | cls.company_b).ids)],
        )
        cls.env["social.audience"].search([]).auto_refresh = False

    def _audience(self, user, **values):
        mailing_list = self.env["mailing.list"].with_user(user).create({"name": "Owner list"})
        return (
            self.env["social.audience"]
            .with_user(user)
            .create(
                {
                    "name": "Owner test",
                    "mailing_list_id": mailing_list.id,
                    "domain": repr([("category_id", "in", self.tag.ids)]),
                    **values,
                }
            )  # fmt: skip
        )

    def _emails(self, audience):
        subscriptions = self.env["mailing.subscription"].search(
            [("list_id", "=", audience.mailing_list_id.id)]
        )
        return sorted(subscriptions.contact_id.mapped("email_normalized"))

    def test_an_audience_belongs_to_its_creator_in_their_company(self):
        audience = self._audience(self.marketer)
        self.assertEqual(audience.user_id, self.marketer)
        self.assertEqual(audience.company_id, self.company_a)

    def test_the_button_fills_the_list_only_with_contacts_of_the_audience_s_company(self):
        audience = self._audience(self.marketer_ab)
        both = [self.company_a.id, self.company_b.id]
        audience.with_user(self.marketer_ab).with_context(allowed_company_ids=both).action_refresh()
        self.assertEqual(self._emails(audience), ["a@example.com"])

    def test_the_daily_run_fills_the_list_only_with_what_the_owner_may_read(self):
        audience = self._audience(self.marketer)
        self.assertEqual(self.env["social.audience"]._cron_refresh(), 1)
        self.assertEqual(self._emails(audience), ["a@example.com"])

    def test_the_daily_run_stays_in_the_audience_s_company(self):
        audience = self._audience(self.marketer_ab)
        self.env["social.audience"]._cron_refresh()
        self.assertEqual(self._emails(audience), ["a@example.com"])

    def test_the_audience_of_an_archived_owner_is_skipped_with_a_note(self):
        audience = self._audience(self.marketer)
        self.marketer.active = False
        self.assertEqual(self.env["social.audience"]._cron_refresh(), 1)
        self.assertFalse(self._emails(audience))
        self.assertIn("archived", audience.last_refresh_note)
        self.assertEqual(self.env["social.audience"]._cron_refresh(), 0)

    def test_a_marketer_cannot_make_someone_else_the_owner(self):
        audience = self._audience(self.marketer_ab)
        with self.assertRaises(AccessError):
            audience.with_user(self.marketer_ab).user_id = self.env.ref("base.user_admin")
        with self.assertRaises(AccessError):
            self._audience(self.marketer, user_id=self.marketer_ab.id)

    def test_whoever_rewrites_the_filter_becomes_the_owner(self):
        audience = self._audience(self.marketer)
        audience.with_user(self.marketer_ab).domain = repr([("id", "=", self.customer_a.id)])
        self.assertEqual(audience.user_id, self.marketer_ab)

    def test_the_update_gives_existing_audiences_their_creator_and_company(self):
        audience = self._audience(self.marketer_ab, company_id=self.company_b.id)
        self.env.cr.execute(
            "ALTER TABLE social_audience ALTER COLUMN user_id DROP NOT NULL, "
            "ALTER COLUMN company_id DROP NOT NULL"
        )
        self.env.cr.execute(
            "UPDATE social_audience SET user_id = NULL, company_id = NULL WHERE id = %s",
            [audience.id],
        )
        spec = importlib.util.spec_from_file_location("audience_owner_migration", MIGRATION)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        audience.invalidate_recordset()
        self.assertEqual(audience.user_id, self.marketer_ab)
        self.assertEqual(audience.company_id, self.company_a)
