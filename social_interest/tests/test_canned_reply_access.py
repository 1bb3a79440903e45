from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestCannedReplyAccess(SocialInterestCase):
    """The canned-reply wizard shows a card only to who may read it, and renders only the
    card's own templates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card = cls._card(body="Private question of team A", user_id=cls.rep_a.id)
        cls.other_company = cls.env["res.company"].create({"name": "Other Co (canned)"})
        cls.other_rep = new_test_user(
            cls.env,
            login="canned_other_rep",
            name="Other Company Rep",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )

    def _wizard(self, user):
        return self.env["social.interest.canned.reply"].with_user(user)

    def test_a_rep_cannot_open_the_canned_reply_of_another_teams_card(self):
        with self.assertRaises(AccessError):
            self._wizard(self.rep_b).create({"interest_id": self.card.id})

    def test_a_rep_reads_nothing_of_another_teams_card_through_the_wizard(self):
        # (the draft is made inside: assertRaises clears the cache, drafts' values with it)
        with self.assertRaises(AccessError):
            wizard = self._wizard(self.rep_b).new({"interest_id": self.card.id})
            wizard.source_link  # noqa: B018  pylint: disable=pointless-statement

    def test_a_user_of_another_company_cannot_open_it(self):
        with self.assertRaises(AccessError):
            self._wizard(self.other_rep).create({"interest_id": self.card.id})

    def test_the_cards_responsible_still_opens_it(self):
        wizard = self._wizard(self.rep_a).create({"interest_id": self.card.id})
        self.assertEqual(wizard.source_link, self.card.source_link)

    def test_a_template_of_another_model_is_refused(self):
        template = self.env["mail.template"].create(
            {
                "name": "Partner template",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body_html": "<p>{{ object.name }}</p>",
            }
        )
        with self.assertRaises(ValidationError):
            self._wizard(self.rep_a).create(
                {"interest_id": self.card.id, "template_id": template.id}
            )
