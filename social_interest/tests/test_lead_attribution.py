from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestLeadAttribution(SocialInterestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.mika = cls.env["res.partner"].create(
            {"name": "Mika Sato", "email": "mika.sato@example.jp"}
        )
        cls.mika_fb = cls.env["social.identity"].create(
            {
                "name": "Mika Sato",
                "platform": "facebook",
                "handle": "mika.sato.77",
                "partner_id": cls.mika.id,
            }
        )

    def _days_ago(self, days):
        return self.now - timedelta(days=days)

    # ------------------------------------------------------------------ first touch

    def test_comment_then_web_form_credits_the_social_channel(self):
        """The seed's case: a Facebook comment, then the website form: Facebook is credited."""
        comment = self._card(
            identity_id=self.mika_fb.id,
            author_name="Mika Sato",
            interest_date=self._days_ago(3),
        )
        # the website form creates a lead with the e-mail only (no contact yet)
        lead = self.env["crm.lead"].create(
            {
                "name": "Quote for 12 chairs",
                "contact_name": "Mika Sato",
                "email_from": "Mika Sato <MIKA.SATO@example.jp>",
                "source_id": self.source_web.utm_source_id.id,
            }
        )
        self.assertEqual(lead.interest_ids, comment)
        self.assertEqual(lead.first_touch_platform, "facebook")
        self.assertEqual(lead.first_touch_date, comment.interest_date)
        self.assertEqual(lead.first_touch_source_id, self.source_fb)
        self.assertEqual(lead.first_touch_interest_id, comment)
        self.assertEqual(
            comment.state, "new", "picked up by the lead, the unanswered comment stays in the queue"
        )

    def test_comment_then_form_card_converted_keeps_the_first_touch(self):
        """Both touches arrive as cards; the rep converts the form: Facebook stays first."""
        comment = self._card(partner_id=self.mika.id, interest_date=self._days_ago(10))
        form = self._card(
            source_id=self.source_web.id,
            platform="website",
            action_type="form",
            author_name="Mika Sato",
            author_email="mika.sato@example.jp",
            source_url=False,
            body="Please send a quote for 12 chairs.",
            interest_date=self._days_ago(1),
            user_id=self.rep_a.id,
        )
        action = form.with_user(self.rep_a).action_create_opportunity()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(lead.interest_ids, comment | form)
        self.assertEqual(lead.first_touch_platform, "facebook")
        self.assertEqual(lead.first_touch_date, comment.interest_date)
        # the card's channel is the lead's UTM origin, the first touch keeps Facebook
        self.assertEqual(lead.source_id, self.source_web.utm_source_id)
        self.assertEqual(form.state, "converted")
        self.assertEqual(comment.state, "new")

    def test_first_touch_follows_the_earliest_card(self):
        lead = self.env["crm.lead"].create({"name": "No social yet"})
        self.assertFalse(lead.first_touch_platform)
        later = self._card(platform="instagram", interest_date=self._days_ago(1))
        later.lead_id = lead
        self.assertEqual(lead.first_touch_platform, "instagram")
        earlier = self._card(platform="x", interest_date=self._days_ago(5))
        earlier.lead_id = lead
        self.assertEqual(lead.first_touch_platform, "x")
        self.assertEqual(lead.first_touch_date, earlier.interest_date)
        earlier.lead_id = False
        self.assertEqual(lead.first_touch_platform, "instagram")

    def test_first_touch_is_stored_and_searchable(self):
        self._card(partner_id=self.mika.id, interest_date=self._days_ago(2))
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        self.env.flush_all()
        found = self.env["crm.lead"].search([("first_touch_platform", "=", "facebook")])
        self.assertIn(lead, found)
        self.assertTrue(self.env["crm.lead"]._fields["first_touch_date"].store)

    # ------------------------------------------------------------------ picking up earlier cards

    def test_lead_for_the_same_contact_picks_up_earlier_cards(self):
        card = self._card(partner_id=self.mika.id, interest_date=self._days_ago(4))
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        self.assertEqual(lead.interest_ids, card)

    def test_lead_for_the_same_identity_picks_up_earlier_cards(self):
        card = self._card(identity_id=self.mika_fb.id, interest_date=self._days_ago(4))
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        self.assertEqual(lead.interest_ids, card)

    def test_setting_the_contact_later_picks_up_earlier_cards(self):
        card = self._card(partner_id=self.mika.id, interest_date=self._days_ago(4))
        lead = self.env["crm.lead"].create({"name": "Phone call"})
        self.assertFalse(lead.interest_ids)
        lead.partner_id = self.mika
        self.assertEqual(lead.interest_ids, card)
        self.assertEqual(lead.first_touch_platform, "facebook")

    def test_cards_of_other_people_spam_and_other_leads_are_not_picked_up(self):
        other = self._card(author_name="Someone else", author_email="else@example.com")
        spam = self._card(partner_id=self.mika.id, interest_date=self._days_ago(2))
        spam.action_ignore()
        first_lead = self.env["crm.lead"].create({"name": "Earlier deal"})
        taken = self._card(partner_id=self.mika.id, lead_id=first_lead.id)
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        self.assertFalse(lead.interest_ids)
        self.assertFalse(other.lead_id)
        self.assertFalse(spam.lead_id)
        self.assertEqual(taken.lead_id, first_lead)

    def test_later_cards_and_cards_beyond_the_window_are_not_picked_up(self):
        self.env["ir.config_parameter"].set_param("social_interest.attribution_window_days", "30")
        old = self._card(partner_id=self.mika.id, interest_date=self._days_ago(45))
        recent = self._card(partner_id=self.mika.id, interest_date=self._days_ago(5))
        future = self._card(partner_id=self.mika.id, interest_date=self.now + timedelta(days=2))
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        self.assertEqual(lead.interest_ids, recent)
        self.assertFalse(old.lead_id)
        self.assertFalse(future.lead_id)

    def test_cards_of_another_company_are_not_picked_up(self):
        other_company = self.env["res.company"].create({"name": "Other Co (attribution)"})
        card = self._card(
            partner_id=self.mika.id,
            interest_date=self._days_ago(2),
            company_id=other_company.id,
        )
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        self.assertFalse(lead.interest_ids)
        self.assertFalse(card.lead_id)

    def test_a_rep_lead_picks_up_only_cards_the_rep_may_read(self):
        """A rep typing an address on a lead does not pull other teams' cards to it."""
        theirs = self._card(
            partner_id=self.mika.id, team_id=self.team_b.id, interest_date=self._days_ago(3)
        )
        ours = self._card(partner_id=self.mika.id, interest_date=self._days_ago(2))
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_a)
            .create({"name": "Chairs", "email_from": "mika.sato@example.jp"})
        )
        self.assertEqual(ours.lead_id, lead)
        self.assertFalse(theirs.lead_id)
        self.assertEqual(lead.sudo().first_touch_interest_id, ours)
        # the system (a website form, an import) links every card of the person
        other = (
            self.env["crm.lead"]
            .sudo()
            .create({"name": "Sofa", "email_from": "mika.sato@example.jp"})
        )
        self.assertEqual(theirs.lead_id, other)

    def test_many_leads_created_at_once_each_get_their_person_cards(self):
        jo = self.env["res.partner"].create({"name": "Jo", "email": "jo@example.com"})
        card_mika = self._card(partner_id=self.mika.id, interest_date=self._days_ago(2))
        card_jo = self._card(
            author_email="JO@example.com", platform="x", interest_date=self._days_ago(3)
        )
        leads = self.env["crm.lead"].create(
            [
                {"name": "Mika's", "partner_id": self.mika.id},
                {"name": "Jo's", "email_from": jo.email},
            ]
        )
        self.assertEqual(leads[0].interest_ids, card_mika)
        self.assertEqual(leads[1].interest_ids, card_jo)
        self.assertEqual(leads.mapped("first_touch_platform"), ["facebook", "x"])

    # ------------------------------------------------------------------ the lead's tab and button

    def test_tab_shows_the_lead_and_contact_cards_newest_first(self):
        own = self._card(interest_date=self._days_ago(20))
        lead = self.env["crm.lead"].create({"name": "Chairs", "partner_id": self.mika.id})
        own.lead_id = lead
        newer = self._card(partner_id=self.mika.id, interest_date=self._days_ago(1))
        middle = self._card(partner_id=self.mika.id, interest_date=self._days_ago(5))
        self.assertEqual(lead.person_interest_ids.ids, [newer.id, middle.id, own.id])
        self.assertEqual(lead.interest_count, 3)
        action = lead.action_view_social_interest()
        self.assertEqual(self.env["social.interest"].search(action["domain"]), newer | middle | own)

    def test_tab_shows_only_cards_the_rep_may_read(self):
        lead = self.env["crm.lead"].create(
            {"name": "Chairs", "partner_id": self.mika.id, "user_id": self.rep_a.id}
        )
        mine = self._card(partner_id=self.mika.id, user_id=self.rep_a.id)
        self._card(partner_id=self.mika.id, team_id=self.team_b.id, user_id=self.rep_b.id)
        lead_as_rep = lead.with_user(self.rep_a)
        self.assertEqual(lead_as_rep.person_interest_ids, mine)
        self.assertEqual(lead_as_rep.interest_count, 1)

    def test_opening_a_lead_costs_the_same_queries_with_few_or_many_cards(self):
        def lead_with_cards(count):
            person = self.env["res.partner"].create({"name": f"Person {count}"})
            # more cards than the ORM's prefetch batch (1,000): inserted in one statement
            self.env.flush_all()
            self.env.cr.execute(
                """
                INSERT INTO social_interest (name, interest_date, platform, action_type,
                       source_id, team_id, company_id, partner_id, state, active)
                SELECT 'card ' || g, now() at time zone 'UTC' - g * interval '1 hour',
                       'facebook', 'comment', %s, %s, %s, %s, 'new', true
                  FROM generate_series(1, %s) g
                """,
                [self.source_fb.id, self.team_a.id, self.env.company.id, person.id, count],
            )
            self.env.invalidate_all()
            return self.env["crm.lead"].create({"name": "Deal", "partner_id": person.id})

        spec = {
            "interest_count": {},
            "first_touch_platform": {},
            "first_touch_date": {},
            "person_interest_ids": {
                "fields": {
                    "interest_date": {},
                    "platform": {},
                    "author_name": {},
                    "body": {},
                    "product_tmpl_id": {"fields": {"display_name": {}}},
                    "user_id": {"fields": {"display_name": {}}},
                    "state": {},
                },
                "limit": 10,
                "order": "interest_date DESC, id DESC",
            },
        }

        def queries(lead):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            result = lead.web_read(spec)
            return self.cr.sql_log_count - before, result

        few, result_few = queries(lead_with_cards(5))
        many, result_many = queries(lead_with_cards(1500))
        self.assertEqual(len(result_few[0]["person_interest_ids"]), 5)
        self.assertEqual(len(result_many[0]["person_interest_ids"]), 1500)
        self.assertEqual(result_many[0]["first_touch_platform"], "facebook")
        self.assertEqual(few, many)

    # ------------------------------------------------------------------ from the card

    def test_create_opportunity_prefills_the_lead_from_the_card(self):
        chair = self.env["product.template"].create({"name": "Oak chair"})
        card = self._card(
            identity_id=self.mika_fb.id,
            author_name="Mika Sato",
            product_tmpl_id=chair.id,
            user_id=self.rep_a.id,
            body="<b>Is it</b> in stock?",
        )
        action = card.with_user(self.rep_a).action_create_opportunity()
        lead = self.env["crm.lead"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertEqual(card.lead_id, lead)
        self.assertEqual(card.state, "converted")
        self.assertEqual(lead.partner_id, self.mika)
        self.assertEqual(lead.type, "opportunity")
        self.assertEqual(lead.source_id, self.source_fb.utm_source_id)
        self.assertEqual(lead.medium_id, self.source_fb.utm_medium_id)
        self.assertEqual(lead.team_id, self.team_a)
        self.assertEqual(lead.user_id, self.rep_a)
        self.assertIn("Oak chair", lead.name)
        self.assertIn("Oak chair", lead.description)
        # the person's words stay text inside the lead's HTML description
        self.assertIn("&lt;b&gt;Is it&lt;/b&gt;", lead.description)
        self.assertNotIn("<b>Is it", lead.description)
        # a second click opens the same lead
        again = card.with_user(self.rep_a).action_create_opportunity()
        self.assertEqual(again["res_id"], lead.id)

    def test_create_opportunity_without_contact_uses_the_author_and_never_creates_one(self):
        partners_before = self.env["res.partner"].search_count([])
        card = self._card(
            author_name="Anon Buyer",
            author_email="anon@example.org",
            action_type="question",
            user_id=self.rep_a.id,
        )
        lead = self.env["crm.lead"].browse(card.action_create_opportunity()["res_id"])
        self.assertFalse(lead.partner_id)
        self.assertEqual(lead.contact_name, "Anon Buyer")
        self.assertEqual(lead.email_from, "anon@example.org")
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)

    def test_attach_to_lead_proposes_the_person_open_lead_and_completes_it(self):
        lead = self.env["crm.lead"].create(
            {"name": "Chairs", "email_from": "mika.sato@example.jp", "user_id": self.rep_a.id}
        )
        card = self._card(partner_id=self.mika.id, user_id=self.rep_a.id)
        action = card.with_user(self.rep_a).action_attach_to_lead()
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.rep_a).with_context(**action["context"])
        )
        self.assertEqual(wizard_form.lead_id, lead)
        wizard = wizard_form.save()
        result = wizard.action_attach()
        self.assertEqual(result["res_id"], lead.id)
        self.assertEqual(card.lead_id, lead)
        self.assertEqual(lead.partner_id, self.mika)
        self.assertEqual(lead.source_id, self.source_fb.utm_source_id)
        self.assertEqual(lead.first_touch_platform, "facebook")
        self.assertIn("attached", lead.message_ids[0].body)

    def test_attach_to_lead_keeps_what_the_lead_already_says(self):
        phone = self.env["utm.source"].create({"name": "Phone (test)"})
        lead = self.env["crm.lead"].create({"name": "Chairs", "source_id": phone.id})
        card = self._card(partner_id=self.mika.id)
        wizard = (
            self.env["social.interest.attach.lead"]
            .with_context(active_model="social.interest", active_ids=card.ids)
            .create({"lead_id": lead.id})
        )
        wizard.action_attach()
        self.assertEqual(lead.source_id, phone)
        self.assertEqual(lead.partner_id, self.mika)

    def test_attach_refuses_cards_of_another_lead(self):
        first = self.env["crm.lead"].create({"name": "First"})
        second = self.env["crm.lead"].create({"name": "Second"})
        card = self._card(lead_id=first.id)
        wizard = (
            self.env["social.interest.attach.lead"]
            .with_context(active_model="social.interest", active_ids=card.ids)
            .create({"lead_id": second.id})
        )
        with self.assertRaises(UserError):
            wizard.action_attach()
        self.assertEqual(card.lead_id, first)

    def test_open_card_from_the_lead_opens_its_form(self):
        card = self._card()
        action = card.action_open_card()
        self.assertEqual((action["res_model"], action["res_id"]), ("social.interest", card.id))
