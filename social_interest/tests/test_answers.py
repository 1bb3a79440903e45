from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.social_interest.lib import answer_search

from .common import SocialInterestCase

CARD_NUMBER = "4111 1111 1111 1111"


@tagged("post_install", "-at_install")
class TestAnswers(SocialInterestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Answer = cls.env["social.interest.answer"]
        # the demo's answers (if any) stay out of the suggestions of these tests
        cls.Answer.search([]).write({"state": "archived", "active": False})
        cls.portal = new_test_user(cls.env, login="kb_portal", groups="base.group_portal")

    def _replied_card(self, body, reply, **vals):
        """A private card of rep A, answered by e-mail with ``reply``."""
        card = self._card(
            platform="website",
            action_type="form",
            author_name="Jane Roe",
            author_email="jane.roe@example.com",
            body=body,
            user_id=self.rep_a.id,
            source_id=self.source_web.id,
            **vals,
        ).with_user(self.rep_a)
        partner = card._reply_partner(create=True)
        card.message_post(
            body=reply,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner.ids,
        )
        self.assertTrue(card.reply_date, "the e-mail to the author is the card's reply")
        return card

    def _published(self, question, answer="Hello {name}, yes.", lang="en", **vals):
        return self.Answer.create(
            {"question": question, "answer": answer, "lang": lang, "state": "published", **vals}
        )

    # ------------------------------------------------------------------ saving

    def test_a_rep_saves_the_reply_of_a_card_as_a_draft_of_their_own(self):
        card = self._replied_card(
            "Do you deliver to Osaka?", "Hello Jane, yes: we deliver to Osaka within 3 days."
        )
        action = card.action_save_as_answer()
        answer = self.Answer.browse(action["res_id"])
        self.assertEqual(answer.state, "draft")
        self.assertEqual(answer.author_id, self.rep_a)
        self.assertEqual(answer.interest_id, card)
        self.assertEqual(answer.question, "Do you deliver to Osaka?")
        self.assertEqual(answer.answer, "Hello {name}, yes: we deliver to Osaka within 3 days.")
        # the rep may still correct their own draft
        answer.with_user(self.rep_a).answer = "Hello {name}, yes: within 3 days."
        self.assertEqual(answer.answer, "Hello {name}, yes: within 3 days.")

    def test_personal_details_are_masked_before_the_answer_is_saved(self):
        card = self._replied_card(
            f"My card {CARD_NUMBER} was charged twice, call me on +81 90-1234-5678",
            "Jane Roe, we refunded the card and wrote to jane.roe@example.com.",
        )
        answer = self.Answer.browse(card.action_save_as_answer()["res_id"])
        for text in (answer.question, answer.answer):
            self.assertNotIn("1111 1111", text)
            self.assertNotIn("1234-5678", text)
            self.assertNotIn("jane.roe@example.com", text)
        self.assertIn("•", answer.question)
        self.assertTrue(answer.answer.startswith("{name}, we refunded"))

    def test_a_reply_pasted_under_the_post_is_saved_without_our_heading(self):
        card = self._card(user_id=self.rep_a.id, author_name="Jane Roe").with_user(self.rep_a)
        wizard = (
            self.env["social.interest.canned.reply"]
            .with_user(self.rep_a)
            .create({"interest_id": card.id, "reply_text": "Thanks Jane! It ships on Monday."})
        )
        wizard.action_open_post()
        answer = self.Answer.browse(card.action_save_as_answer()["res_id"])
        self.assertEqual(answer.answer, "Thanks {name}! It ships on Monday.")

    def test_a_card_not_replied_has_no_answer_to_save(self):
        card = self._card(user_id=self.rep_a.id).with_user(self.rep_a)
        with self.assertRaises(UserError):
            card.action_save_as_answer()

    # ------------------------------------------------------------------ access

    def test_a_salesman_cannot_publish_even_their_own_answer(self):
        answer = self.Answer.with_user(self.rep_a).create(
            {"question": "Is it washable?", "answer": "Yes, at 30 °C."}
        )
        with self.assertRaises(AccessError):
            answer.action_publish()
        with self.assertRaises(AccessError):
            self.Answer.with_user(self.rep_a).create(
                {"question": "Q", "answer": "A", "state": "published"}
            )
        self.assertEqual(answer.state, "draft")

    def test_a_salesman_cannot_edit_another_reps_answer_nor_a_published_one(self):
        draft = self.Answer.with_user(self.rep_a).create(
            {"question": "Is it washable?", "answer": "Yes, at 30 °C."}
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.rep_a2).write({"answer": "No."})
        draft.with_user(self.manager).action_publish()
        with self.assertRaises(AccessError):
            draft.with_user(self.rep_a).write({"answer": "No."})
        with self.assertRaises(AccessError):
            draft.with_user(self.rep_a).use_count = 99
        self.assertEqual(draft.answer, "Yes, at 30 °C.")
        # and a colleague reads it
        self.assertEqual(draft.with_user(self.rep_a2).question, "Is it washable?")

    def test_a_manager_edits_and_publishes_a_reps_draft(self):
        draft = self.Answer.with_user(self.rep_a).create({"question": "Q?", "answer": "A."})
        draft.with_user(self.manager).write({"answer": "A, reviewed."})
        draft.with_user(self.manager).action_publish()
        self.assertEqual((draft.state, draft.answer), ("published", "A, reviewed."))

    def test_a_portal_user_reads_nothing_of_the_knowledge_base(self):
        answer = self._published("Do you deliver to Osaka?")
        with self.assertRaises(AccessError):
            self.Answer.with_user(self.portal).search([])
        with self.assertRaises(AccessError):
            answer.with_user(self.portal).read(["answer"])

    def test_another_companys_answers_are_not_suggested(self):
        other = self.env["res.company"].create({"name": "KB other company"})
        self._published("Do you deliver to Osaka?", company_id=other.id)
        card = self._card(body="Do you deliver to Osaka?", user_id=self.rep_a.id)
        self.assertFalse(card.with_user(self.rep_a).suggested_answer_ids)

    # ------------------------------------------------------------------ suggestions

    def test_a_published_answer_is_suggested_on_a_similar_card_only(self):
        answer = self._published("Do you deliver to Osaka? How long does delivery take?")
        self._published("Can I pay with a credit card?")
        similar = self._card(body="How long does the delivery to Osaka take?", lang="en")
        other = self._card(body="Is the sofa available in green velvet?", lang="en")
        self.assertEqual(similar.suggested_answer_ids[:1], answer)
        self.assertNotIn(answer, other.suggested_answer_ids)

    def test_drafts_and_archived_answers_are_not_suggested(self):
        answer = self._published("Do you deliver to Osaka?")
        card = self._card(body="Do you deliver to Osaka please?", lang="en")
        self.assertIn(answer, self.env["social.interest"]._suggest_answers(card))
        answer.action_archive()
        self.assertEqual(answer.state, "archived")
        self.assertNotIn(answer, self.env["social.interest"]._suggest_answers(card))
        answer.action_unarchive()
        self.assertEqual(answer.state, "draft")
        self.assertNotIn(answer, self.env["social.interest"]._suggest_answers(card))

    def test_a_japanese_question_finds_the_japanese_answer(self):
        delivery = self._published(
            "大阪まで配送にはどのくらい時間がかかりますか？",
            "{name}様、大阪へは3日以内にお届けします。",
            lang="ja",
        )
        self._published("支払い方法は何がありますか？", lang="ja")
        self._published("How long does delivery to Osaka take?", lang="en")
        card = self._card(body="大阪への配送は何日くらいかかりますか", lang="ja")
        self.assertEqual(card.suggested_answer_ids[:1], delivery)

    def test_answers_in_the_cards_language_come_first(self):
        # the English question is the closer one, the Japanese answer comes first all the same
        english = self._published("Do you deliver to Osaka? 大阪", lang="en")
        japanese = self._published("Do you deliver to Osaka?", lang="ja")
        card = self._card(body="Do you deliver to Osaka? 大阪", lang="ja")
        self.assertEqual(card.suggested_answer_ids[:2].ids, [japanese.id, english.id])

    def test_answers_sent_as_is_rank_above_equal_ones(self):
        rarely = self._published("Do you deliver to Osaka?")
        often = self._published("Do you deliver to Osaka?")
        edited = self._published("Do you deliver to Osaka?")
        often.sudo().used_as_is_count = 10
        edited.sudo().edited_count = 10
        card = self._card(body="Do you deliver to Osaka?", lang="en")
        self.assertEqual(card.suggested_answer_ids.ids, [often.id, edited.id, rarely.id])

    # ------------------------------------------------------------------ using

    def test_an_answer_used_by_e_mail_and_sent_as_is_counts_as_is(self):
        answer = self._published("Do you deliver to Osaka?", "Hello {name}, yes we do.")
        card = self._card(
            platform="website",
            action_type="form",
            author_name="Mia Tanaka",
            author_email="mia@example.com",
            body="Do you deliver to Osaka?",
            user_id=self.rep_a.id,
        ).with_user(self.rep_a)
        action = card.action_use_answer(answer.id)
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertIn("Hello Mia, yes we do.", action["context"]["default_body"])
        self.assertEqual(answer.use_count, 1)
        card.message_post(
            body="Hello Mia, yes we do.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=card._reply_partner(create=True).ids,
        )
        self.assertEqual((answer.used_as_is_count, answer.edited_count), (1, 0))
        self.assertFalse(card.answer_pending_id)

    def test_an_answer_changed_before_sending_counts_as_edited(self):
        answer = self._published("Do you deliver to Osaka?", "Hello {name}, yes we do.")
        card = self._card(
            platform="website",
            action_type="form",
            author_name="Mia Tanaka",
            author_email="mia@example.com",
            user_id=self.rep_a.id,
        ).with_user(self.rep_a)
        card.action_use_answer(answer.id)
        card.message_post(
            body="Hello Mia, yes we do, on Saturdays too.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=card._reply_partner(create=True).ids,
        )
        self.assertEqual((answer.used_as_is_count, answer.edited_count), (0, 1))

    def test_an_answer_pasted_under_a_post_counts_when_the_reply_is_recorded(self):
        answer = self._published("Is it in stock?", "Hi {name}! Yes, in stock.")
        card = self._card(user_id=self.rep_a.id, author_name="Jane Roe").with_user(self.rep_a)
        action = card.action_use_answer(answer.id)
        wizard = self.env[action["res_model"]].with_user(self.rep_a).browse(action["res_id"])
        self.assertEqual(wizard.reply_text, "Hi Jane! Yes, in stock.")
        wizard.action_open_post()
        self.assertTrue(card.reply_date)
        self.assertEqual((answer.use_count, answer.used_as_is_count), (1, 1))

    def test_a_draft_answer_cannot_be_used(self):
        draft = self.Answer.create({"question": "Q?", "answer": "A."})
        card = self._card(user_id=self.rep_a.id).with_user(self.rep_a)
        with self.assertRaises(UserError):
            card.action_use_answer(draft.id)
        self.assertEqual(draft.use_count, 0)

    # ------------------------------------------------------------------ merging

    def test_merging_duplicates_keeps_the_most_used_and_sums_the_counters(self):
        first = self._published("Do you deliver to Osaka?")
        second = self._published("Do you ship to Osaka?")
        third = self._published("Osaka delivery?")
        for answer, counts in ((first, (3, 1, 1)), (second, (9, 6, 2)), (third, (1, 0, 1))):
            answer.sudo().write(dict(zip(("use_count", "used_as_is_count", "edited_count"),
                                         counts, strict=True)))  # fmt: skip
        duplicates = (first | second | third).with_user(self.manager)
        action = duplicates.action_merge()
        self.assertEqual(action["res_id"], second.id)
        self.assertEqual(
            (second.use_count, second.used_as_is_count, second.edited_count), (13, 7, 4)
        )
        self.assertEqual(second.state, "published")
        self.assertEqual((first | third).mapped("state"), ["archived", "archived"])
        self.assertFalse(any((first | third).mapped("active")))

    def test_a_salesman_cannot_merge(self):
        answers = self._published("Do you deliver?") | self._published("Do you ship?")
        with self.assertRaises(AccessError):
            answers.with_user(self.rep_a).action_merge()
        self.assertEqual(answers.mapped("state"), ["published", "published"])


@tagged("post_install", "-at_install")
class TestAnswerSearch(TransactionCase):
    """The plain-Python ranker, without the database."""

    def test_japanese_is_compared_without_word_segmentation(self):
        self.assertIn("配送", answer_search.grams("配送は？"))
        index = answer_search.AnswerIndex(
            [(1, "配送にはどのくらいかかりますか"), (2, "返品はできますか"), (3, "Do you ship?")]
        )
        self.assertEqual([m.key for m in index.search("配送は何日かかりますか")][:1], [1])
        self.assertEqual([m.key for m in index.search("商品の返品はできますか")][:1], [2])

    def test_full_width_and_case_do_not_matter(self):
        index = answer_search.AnswerIndex([(1, "WiFi password"), (2, "Opening hours")])
        self.assertEqual(index.search("ｗｉｆｉ ＰＡＳＳＷＯＲＤ")[0].key, 1)

    def test_an_unrelated_text_finds_nothing(self):
        index = answer_search.AnswerIndex([(1, "Do you deliver to Osaka?")])
        self.assertEqual(index.search("Lovely photo!"), [])
        self.assertEqual(index.search(""), [])

    def test_past_uses_lift_an_answer_sent_as_is_more_than_an_edited_one(self):
        self.assertGreater(answer_search.use_boost(5, 0), answer_search.use_boost(0, 5))
        self.assertGreater(answer_search.use_boost(0, 5), answer_search.use_boost(0, 0))
        self.assertEqual(answer_search.use_boost(0, 0), 1.0)
