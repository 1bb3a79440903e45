"""One customer, one record: contacts are linked on strong evidence only; a name alone is a
suggestion a rep confirms; linking moves the person's earlier cards; identities merge."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestIdentityResolution(SocialInterestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Identity = cls.env["social.identity"]
        # an existing customer, at another company than any commenter of the same name
        cls.jane = cls.env["res.partner"].create(
            {
                "name": "Jane Roe",
                "email": "jane.roe@other-company.example",
                "phone": "+1 202 555 0143",
            }
        )

    def test_a_name_alone_is_a_suggestion_never_a_link(self):
        identity = self.Identity._match_for_ingestion("facebook", name="Jane Roe", handle="")
        self.assertFalse(identity.partner_id, "not filed under the existing customer")
        self.assertEqual(identity.suggested_partner_id, self.jane)
        self.assertEqual(self.env["res.partner"].search_count([("name", "=", "Jane Roe")]), 1)

    def test_an_email_or_a_phone_is_evidence(self):
        by_mail = self.Identity._match_for_ingestion(
            "instagram", name="J. Roe", handle="janer", email="Jane.Roe@other-company.example"
        )
        self.assertEqual(by_mail.partner_id, self.jane)
        by_phone = self.Identity._match_for_ingestion(
            "x", name="JR", handle="jroe", phone="(202) 555-0143"
        )
        if "phone_sanitized" in self.env["res.partner"]._fields:
            self.assertEqual(by_phone.partner_id, self.jane)

    def test_confirming_the_suggestion_moves_the_earlier_cards(self):
        identity = self.Identity._match_for_ingestion("facebook", name="Jane Roe", handle="jane.r")
        cards = self._card(identity_id=identity.id) | self._card(identity_id=identity.id)
        self.assertFalse(cards.partner_id)
        self.assertEqual(cards[0].identity_suggested_partner_id, self.jane)
        cards[0].with_user(self.rep_a).action_confirm_identity_partner()
        self.assertEqual(identity.partner_id, self.jane)
        self.assertFalse(identity.suggested_partner_id)
        self.assertEqual(cards.partner_id, self.jane, "every earlier card follows")

    def test_linking_picks_up_the_contacts_lead(self):
        lead = self.env["crm.lead"].create({"name": "Sofa for Jane", "partner_id": self.jane.id})
        identity = self.Identity._match_for_ingestion("facebook", name="Jane Roe", handle="jr2")
        earlier = fields.Datetime.subtract(lead.create_date, days=1)
        card = self._card(identity_id=identity.id, interest_date=earlier)
        identity.partner_id = self.jane
        self.assertEqual(card.partner_id, self.jane)
        self.assertEqual(card.lead_id, lead, "the lead is credited to this first touch")

    def test_dismissing_the_suggestion(self):
        identity = self.Identity._match_for_ingestion("facebook", name="Jane Roe", handle="jr3")
        identity.action_dismiss_partner()
        self.assertFalse(identity.suggested_partner_id)
        self.assertFalse(identity.partner_id)

    def test_merging_identities(self):
        # the same person seen by handle only (no contact) and by e-mail (a contact)
        with_handle = self.Identity._match_for_ingestion("x", name="kenito", handle="kenito")
        with_mail = self.Identity._match_for_ingestion(
            "x", name="Ken Ito", email="ken.ito@example.com"
        )
        self.assertNotEqual(with_handle, with_mail)
        cards = self._card(identity_id=with_handle.id) | self._card(identity_id=with_mail.id)
        (with_handle | with_mail).action_merge()
        kept = (with_handle | with_mail).exists()
        self.assertEqual(len(kept), 1)
        self.assertEqual(kept, with_mail, "the one with a contact is kept")
        self.assertEqual(kept.handle, "kenito")
        self.assertEqual(cards.identity_id, kept)
        other = self.Identity._match_for_ingestion("facebook", name="Ken Ito", handle="ken")
        with self.assertRaises(UserError):
            (kept | other).action_merge()
