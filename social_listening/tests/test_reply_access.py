"""Who reads what through the reply composer and the reply attempts."""

import importlib.util
from pathlib import Path

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_replies import TOKEN, MastodonInstance, ReplyCase


@tagged("post_install", "-at_install")
class TestReplyComposerAccess(ReplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Other Co (replies)"})
        cls.other_rep = new_test_user(
            cls.env,
            login="reply_other_rep",
            name="Other Company Rep",
            groups="sales_team.group_sale_salesman_all_leads",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )

    def _mastodon_card(self):
        self.instance = MastodonInstance()
        self.fake = self._platform(self.instance)
        connector = self._connector(self.fake, access_token=TOKEN)
        return self._card_heard(
            connector, "mastodon", "109876543210", body="Team A's customer writes privately"
        )

    def _composer(self, user):
        return self.env["social.interest.reply"].with_user(user)

    def test_the_composer_opens_on_no_card_of_another_team(self):
        card = self._mastodon_card()
        with self.assertRaises(AccessError):
            self._composer(self.rep_b).create({"interest_id": card.id, "text": "Hi"})

    def test_the_composer_shows_nothing_of_another_teams_card(self):
        card = self._mastodon_card()
        # (the draft is made inside: assertRaises clears the cache, drafts' values with it)
        with self.assertRaises(AccessError):
            composer = self._composer(self.rep_b).new({"interest_id": card.id})
            composer.post_text  # noqa: B018  pylint: disable=pointless-statement

    def test_the_composer_opens_on_no_card_of_another_company(self):
        card = self._mastodon_card()
        with self.assertRaises(AccessError):
            self._composer(self.other_rep).create({"interest_id": card.id, "text": "Hi"})

    def test_the_right_to_post_is_checked_before_links_are_tracked(self):
        card = self._mastodon_card()
        # may read and write the card, may not answer in the company's name
        composer = self._composer(self.lead_all).create(
            {"interest_id": card.id, "text": "See https://acme.example.com/ergo-chair"}
        )
        # (no assertRaises: its savepoint would undo what was written on the way)
        try:
            composer.action_send()
        except AccessError:
            pass
        else:
            self.fail("only the responsible, the team leader or a manager may answer")
        links = self.env["link.tracker"].search(
            [("url", "=", "https://acme.example.com/ergo-chair")]
        )
        self.assertFalse(links, "no link tracked for a reply that may not be sent")
        self.assertFalse([r for r in self.fake.requests if r["method"] == "POST"])

    def test_a_canned_reply_of_another_model_is_refused(self):
        card = self._mastodon_card()
        template = self.env["mail.template"].create(
            {
                "name": "Partner template",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body_html": "<p>{{ object.name }}</p>",
            }
        )
        with self.assertRaises(ValidationError):
            self._composer(self.rep_a).create({"interest_id": card.id, "template_id": template.id})

    def test_the_public_acknowledgement_is_a_template_of_the_card(self):
        template = self.env["mail.template"].create(
            {
                "name": "Partner template",
                "model_id": self.env["ir.model"]._get_id("res.partner"),
                "body_html": "<p>{{ object.email }}</p>",
            }
        )
        with self.assertRaises(ValidationError):
            self.source_listening.public_ack_template_id = template


@tagged("post_install", "-at_install")
class TestReplyAttemptAccess(ReplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Attempt = cls.env["social.interest.reply.attempt"]
        cls.card_a = cls._card(user_id=cls.rep_a.id)
        cls.card_b = cls._card(team_id=cls.team_b.id)
        cls.other_company = cls.env["res.company"].create({"name": "Other Co (attempts)"})
        cls.card_other = cls._card(team_id=False, company_id=cls.other_company.id)
        cls.attempt_a, cls.attempt_b, cls.attempt_other = Attempt.create(
            [
                {"interest_id": cls.card_a.id, "key": "k-a", "text": "Your order ships Monday"},
                {"interest_id": cls.card_b.id, "key": "k-b", "text": "DM answer of team B"},
                {"interest_id": cls.card_other.id, "key": "k-o", "text": "Other company"},
            ]
        )

    def _visible(self, user):
        return (
            self.env["social.interest.reply.attempt"]
            .with_user(user)
            .search([("id", "in", (self.attempt_a + self.attempt_b + self.attempt_other).ids)])
        )

    def test_an_attempt_is_in_its_cards_company(self):
        self.assertEqual(self.attempt_other.company_id, self.other_company)
        self.assertEqual(self.attempt_a.company_id, self.card_a.company_id)

    def test_a_rep_reads_only_the_attempts_of_cards_they_may_read(self):
        self.assertEqual(self._visible(self.rep_a), self.attempt_a)
        self.assertEqual(self._visible(self.rep_b), self.attempt_b)
        with self.assertRaises(AccessError):
            self.attempt_a.with_user(self.rep_b).read(["text"])

    def test_the_attempts_of_another_company_stay_hidden(self):
        self.assertEqual(self._visible(self.lead_all), self.attempt_a + self.attempt_b)

    def test_the_update_gives_existing_attempts_their_company(self):
        self.env.flush_all()
        self.env.cr.execute("UPDATE social_interest_reply_attempt SET company_id = NULL")
        migration = Path(__file__).parents[1] / "migrations/18.0.1.2.0/pre-migration.py"
        spec = importlib.util.spec_from_file_location("social_listening_pre_1_2", migration)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, "18.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(self.attempt_other.company_id, self.other_company)
        self.assertEqual(self.attempt_b.company_id, self.card_b.company_id)
