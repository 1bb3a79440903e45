from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TransactionCase


class AudienceCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.tag = cls.env["res.partner.category"].create({"name": "Audience test"})
        cls.ann = Partner.create(
            {"name": "Ann Silent", "email": "ann@example.com", "category_id": cls.tag.ids}
        )
        cls.bob = Partner.create(
            {"name": "Bob Silent", "email": "Bob <BOB@example.com>", "category_id": cls.tag.ids}
        )
        cls.nomail = Partner.create({"name": "No Mail", "category_id": cls.tag.ids})
        cls.mailing_list = cls.env["mailing.list"].create({"name": "Audience test list"})
        cls.marketer = new_test_user(
            cls.env,
            login="audience_marketer",
            groups="mass_mailing.group_mass_mailing_user,base.group_partner_manager",
        )
        cls.audience = cls.env["social.audience"].create(
            {
                "name": "Tagged",
                "user_id": cls.marketer.id,
                "mailing_list_id": cls.mailing_list.id,
                "domain": repr([("category_id", "in", cls.tag.ids)]),
            }
        )

    def _emails(self):
        subscriptions = self.env["mailing.subscription"].search(
            [("list_id", "=", self.mailing_list.id), ("opt_out", "=", False)]
        )
        return sorted(subscriptions.contact_id.mapped("email_normalized"))


class TestAudience(AudienceCase):
    def test_matching_contacts_with_an_address_join_the_list(self):
        added, removed = self.audience._refresh()
        self.assertEqual(len(added), 2)
        self.assertFalse(removed)
        self.assertEqual(self._emails(), ["ann@example.com", "bob@example.com"])
        self.assertIn("1 without e-mail", self.audience.last_refresh_note)

    def test_an_existing_mailing_contact_is_reused_not_duplicated(self):
        known = self.env["mailing.contact"].create({"name": "Ann", "email": "ANN@example.com"})
        self.audience._refresh()
        self.audience._refresh()
        self.assertIn(known, self.audience.member_ids)
        self.assertEqual(
            self.env["mailing.contact"].search_count(
                [("email_normalized", "=", "ann@example.com")]
            ),
            1,
        )

    def test_who_no_longer_matches_leaves_but_hand_added_contacts_stay(self):
        self.audience._refresh()
        by_hand = self.env["mailing.contact"].create(
            {"name": "Carl", "email": "carl@example.com", "list_ids": self.mailing_list.ids}
        )
        self.bob.category_id = False
        added, removed = self.audience._refresh()
        self.assertFalse(added)
        self.assertEqual(removed.email_normalized, "bob@example.com")
        self.assertEqual(self._emails(), ["ann@example.com", "carl@example.com"])
        self.assertNotIn(by_hand, self.audience.member_ids)

    def test_nobody_who_opted_out_is_added_back(self):
        self.audience._refresh()
        subscription = self.env["mailing.subscription"].search(
            [
                ("list_id", "=", self.mailing_list.id),
                ("contact_id.email_normalized", "=", "ann@example.com"),
            ]
        )
        subscription.opt_out = True
        self.ann.category_id = False
        self.audience._refresh()
        self.ann.category_id = self.tag
        self.audience._refresh()
        self.assertTrue(subscription.exists().opt_out)
        self.assertEqual(self._emails(), ["bob@example.com"])

    def test_a_broken_filter_is_refused(self):
        with self.assertRaises(ValidationError):
            self.audience.domain = "[('no_such_field', '=', 1)]"
        with self.assertRaises(ValidationError):
            self.audience.domain = "__import__('os')"

    def test_the_daily_run_refreshes_each_audience_once(self):
        Audience = self.env["social.audience"]
        Audience.search([("id", "!=", self.audience.id)]).auto_refresh = False
        self.assertEqual(Audience._cron_refresh(), 1)
        self.assertEqual(len(self.audience.member_ids), 2)
        self.assertEqual(Audience._cron_refresh(), 0)

    def test_the_engagement_segment_is_an_audience(self):
        self.env["social.identity"].create(
            {"name": "Ann", "platform": "x", "handle": "ann_watches", "partner_id": self.ann.id}
        )
        self.ann.invalidate_recordset()
        self.assertEqual(self.ann.engagement_segment, "silent")
        self.audience.domain = repr(
            [("engagement_segment", "=", "silent"), ("id", "in", (self.ann | self.bob).ids)]
        )
        self.audience._refresh()
        self.assertEqual(self._emails(), ["ann@example.com"])


class TestAddToMailingList(AudienceCase):
    def _wizard(self, partners, domain):
        context = {
            "active_model": "res.partner",
            "active_ids": partners.ids,
            "active_domain": domain,
        }
        Wizard = self.env["social.audience.add"].with_user(self.marketer)
        return Wizard.with_context(**context).create({})

    def test_the_whole_filter_can_be_kept_current(self):
        domain = [("category_id", "in", self.tag.ids)]
        wizard = self._wizard(self.ann | self.bob | self.nomail, domain)
        self.assertTrue(wizard.selection_is_filter)
        wizard.write({"new_list_name": "Kept current", "keep_current": True})
        action = wizard.action_add()
        new_list = self.env["mailing.list"].browse(action["res_id"])
        audience = self.env["social.audience"].search([("mailing_list_id", "=", new_list.id)])
        self.assertEqual(audience.domain, repr(domain))
        self.assertEqual(new_list.contact_count, 2)

    def test_some_contacts_of_a_filter_are_a_one_off_addition(self):
        wizard = self._wizard(self.ann, [("category_id", "in", self.tag.ids)])
        self.assertFalse(wizard.selection_is_filter)
        wizard.write({"mailing_list_id": self.mailing_list.id, "keep_current": True})
        wizard.action_add()
        self.assertFalse(self.env["social.audience"].search([("domain", "like", "'id', 'in'")]))
        self.assertEqual(self._emails(), ["ann@example.com"])

    def test_a_list_is_needed(self):
        wizard = self._wizard(self.ann, [])
        with self.assertRaises(UserError):
            wizard.action_add()


@tagged("post_install", "-at_install")
class TestAudienceTour(HttpCase):
    def test_a_manager_builds_a_mailing_list_from_the_silent_segment(self):
        manager = new_test_user(
            self.env,
            login="audience_mgr",
            name="Audience Manager",
            groups="sales_team.group_sale_manager,mass_mailing.group_mass_mailing_user,"
            "base.group_partner_manager",
        )
        Partner = self.env["res.partner"]
        sam = Partner.create({"name": "Silent Sam", "email": "sam@example.com"})
        self.env["social.identity"].create(
            {
                "name": "Silent Sam",
                "platform": "instagram",
                "handle": "silent.sam",
                "partner_id": sam.id,
            }
        )
        sam.invalidate_recordset()
        self.assertEqual(sam.engagement_segment, "silent")
        silent = Partner.search([("engagement_segment", "=", "silent")])
        self.start_tour(
            "/odoo/contacts?view_type=list", "social_audience_silent_tour", login=manager.login
        )
        mailing_list = self.env["mailing.list"].search([("name", "=", "Silent on social media")])
        self.assertEqual(len(mailing_list), 1)
        emails = set(mailing_list.contact_ids.mapped("email_normalized"))
        self.assertIn("sam@example.com", emails)
        expected = {p.email_normalized for p in silent if p.email_normalized}
        self.assertEqual(emails, expected)
        audience = self.env["social.audience"].search([("mailing_list_id", "=", mailing_list.id)])
        self.assertIn("engagement_segment", audience.domain)
        self.assertTrue(audience.auto_refresh)
