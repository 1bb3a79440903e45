from datetime import datetime

from odoo.tests import new_test_user, tagged

from .common import VisitCase


@tagged("post_install", "-at_install")
class TestVisitCardsBelongToTheirContacts(VisitCase):
    """Whose visit cards are they: the contact's company, the salesmen who work with the
    contact; the company's own people make none."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Visits Company B"})
        cls.team = cls.env["crm.team"].create({"name": "Visits team"})
        cls.rep = new_test_user(
            cls.env, login="visits_rep", name="Visits Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.team.member_ids = cls.rep
        cls.employee = new_test_user(
            cls.env, login="visiting_employee", name="Visiting Employee",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.customer = cls.env["res.partner"].create({"name": "Rep's Customer"})
        cls.stranger = cls.env["res.partner"].create({"name": "Nobody's Contact"})

    def _visit_card(self, partner):
        return self.env["social.interest"]._social_record_hits(
            [
                (
                    self.source,
                    partner,
                    "visit",
                    datetime(2026, 11, 3, 9, 0),
                    "https://example.com/",
                    None,
                )
            ]
        )

    def _seen_by_rep(self, cards):
        return self.env["social.interest"].with_user(self.rep).search([("id", "in", cards.ids)])

    def test_an_employees_page_views_make_no_card(self):
        self.authenticate("visiting_employee", "visiting_employee")
        self.assertEqual(self.url_open("/social-test-kettle").status_code, 200)
        self._run()
        self.assertFalse(self._visit_cards(self.employee.partner_id))

    def test_a_visit_card_takes_its_contacts_company(self):
        self.portal.write(
            {"company_ids": [(4, self.company_b.id)], "company_id": self.company_b.id}
        )
        self.portal.partner_id.company_id = self.company_b
        self.authenticate("visiting_portal", "visiting_portal")
        self.url_open("/social-test-kettle")
        self._run()
        self.assertEqual(self._visit_cards(self.portal.partner_id).company_id, self.company_b)

    def test_a_contact_without_company_takes_the_websites(self):
        self.assertFalse(self.portal.partner_id.company_id)
        website = self.env["website"].get_current_website()
        self.authenticate("visiting_portal", "visiting_portal")
        self.url_open("/social-test-kettle")
        self._run()
        self.assertEqual(self._visit_cards(self.portal.partner_id).company_id, website.company_id)

    def test_a_salesman_sees_visits_only_of_contacts_he_works_with(self):
        mine, stranger = self._visit_card(self.customer), self._visit_card(self.stranger)
        self.assertFalse(self._seen_by_rep(mine | stranger))
        self.customer.user_id = self.rep  # his customer
        self.assertEqual(self._seen_by_rep(mine | stranger), mine)

    def test_a_salesman_sees_visits_of_contacts_with_a_card_or_opportunity_of_his_team(self):
        mine, stranger = self._visit_card(self.customer), self._visit_card(self.stranger)
        self.env["crm.lead"].create(
            {"name": "Kettles", "type": "opportunity", "partner_id": self.customer.id,
             "team_id": self.team.id, "user_id": False}
        )  # fmt: skip
        self.assertEqual(self._seen_by_rep(mine | stranger), mine)
        other = self.env["res.partner"].create({"name": "Card Author"})
        card = self.env["social.interest"].create(
            {"source_id": self.source.id, "platform": "website", "action_type": "question",
             "author_name": other.name, "partner_id": other.id, "user_id": self.rep.id}
        )  # fmt: skip
        visits = self._visit_card(other)
        self.assertEqual(self._seen_by_rep(visits | card), visits | card)
