from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestAssessment(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("social_maturity.survey_social_maturity_index")
        cls.company = cls.env["res.partner"].create(
            {"name": "ACME <Corp>", "is_company": True, "email": "info@acme.example"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ann Buyer", "parent_id": cls.company.id, "email": "ann@acme.example"}
        )
        cls.Assessment = cls.env["social.maturity.assessment"]

    def _questions(self, axis=None):
        questions = self.survey.question_ids.filtered(lambda q: not q.is_page)
        if axis:
            questions = questions.filtered(lambda q: q.smi_axis == axis)
        return questions

    def _answer(self, level, partner=None, **answer_vals):
        """Answer every question; level maps an axis to 'best' or 'worst'."""
        user_input = self.survey._create_answer(
            partner=partner or self.contact, check_attempts=False, **answer_vals
        )
        for question in user_input.predefined_question_ids:
            answers = question.suggested_answer_ids.sorted("answer_score")
            if not answers:
                continue
            pick = answers[-1] if level.get(question.smi_axis) == "best" else answers[0]
            user_input._save_lines(question, pick.id)
        user_input._mark_done()
        return user_input

    def test_the_index_ships_with_both_axes(self):
        self.assertGreaterEqual(len(self._questions("investment")), 5)
        self.assertGreaterEqual(len(self._questions("innovation")), 6)
        self.assertEqual(
            self._questions() - self._questions("investment") - self._questions("innovation"),
            self.env["survey.question"],
        )

    def test_the_four_extreme_profiles_land_in_the_four_quadrants(self):
        profiles = {
            "observer": {"investment": "worst", "innovation": "worst"},
            "conservative": {"investment": "best", "innovation": "worst"},
            "contender": {"investment": "worst", "innovation": "best"},
            "social_first": {"investment": "best", "innovation": "best"},
        }
        for expected, level in profiles.items():
            user_input = self._answer(level)
            assessment = user_input.smi_assessment_ids
            self.assertEqual(len(assessment), 1)
            self.assertEqual(assessment.quadrant, expected)
            self.assertIn(assessment.investment_score, (0.0, 100.0))
            self.assertIn(assessment.innovation_score, (0.0, 100.0))
            self.assertTrue(assessment.recommendation)

    def test_best_answers_still_score_100_after_an_admin_adds_a_question(self):
        before = self._answer({"investment": "best", "innovation": "worst"})
        question = self.env["survey.question"].create(
            {
                "survey_id": self.survey.id,
                "title": "Is social customer service in the yearly plan?",
                "question_type": "simple_choice",
                "smi_axis": "investment",
                "sequence": 6,
                "suggested_answer_ids": [
                    (0, 0, {"value": "No", "answer_score": 0}),
                    (0, 0, {"value": "Yes, with targets", "answer_score": 5}),
                ],
            }
        )
        after = self._answer({"investment": "best", "innovation": "best"})
        self.assertIn(question, after.predefined_question_ids)
        self.assertEqual(after.smi_assessment_ids.investment_score, 100.0)
        self.assertEqual(after.smi_assessment_ids.innovation_score, 100.0)
        # the earlier answer keeps the score of the survey as it stood
        self.assertEqual(before.smi_assessment_ids.investment_score, 100.0)
        # a worst answer to the new, heavy question lowers the investment score
        mixed = self.survey._create_answer(partner=self.contact, check_attempts=False)
        for q in mixed.predefined_question_ids.filtered("suggested_answer_ids"):
            answers = q.suggested_answer_ids.sorted("answer_score")
            mixed._save_lines(q, (answers[0] if q == question else answers[-1]).id)
        mixed._mark_done()
        investment = self._questions("investment")
        expected = (
            sum(max(q.suggested_answer_ids.mapped("answer_score")) for q in investment) - 5
        ) / sum(max(q.suggested_answer_ids.mapped("answer_score")) for q in investment)
        self.assertAlmostEqual(mixed.smi_assessment_ids.investment_score, round(expected * 100, 1))

    def test_removed_question_is_not_counted(self):
        self._questions("innovation")[0].unlink()
        user_input = self._answer({"investment": "best", "innovation": "best"})
        self.assertEqual(user_input.smi_assessment_ids.innovation_score, 100.0)

    def test_scores_are_normalised_between_the_extremes(self):
        user_input = self.survey._create_answer(partner=self.contact, check_attempts=False)
        for question in user_input.predefined_question_ids.filtered("suggested_answer_ids"):
            answers = question.suggested_answer_ids.sorted("answer_score")
            user_input._save_lines(question, answers[1].id)  # one point of three
        user_input._mark_done()
        assessment = user_input.smi_assessment_ids
        self.assertAlmostEqual(assessment.investment_score, 33.3, places=2)
        self.assertAlmostEqual(assessment.innovation_score, 33.3, places=2)
        self.assertEqual(assessment.quadrant, "observer")

    def test_thresholds_come_from_the_settings(self):
        settings = self.env["res.config.settings"].create(
            {"smi_investment_threshold": 20.0, "smi_innovation_threshold": 90.0}
        )
        settings.execute()
        user_input = self.survey._create_answer(partner=self.contact, check_attempts=False)
        for question in user_input.predefined_question_ids.filtered("suggested_answer_ids"):
            answers = question.suggested_answer_ids.sorted("answer_score")
            user_input._save_lines(question, answers[1].id)
        user_input._mark_done()
        assessment = user_input.smi_assessment_ids
        self.assertEqual(assessment.quadrant, "conservative")
        self.assertEqual(assessment.investment_threshold, 20.0)
        self.assertEqual(assessment.innovation_threshold, 90.0)

    def test_a_broken_setting_never_breaks_the_submission(self):
        self.env["ir.config_parameter"].set_param("social_maturity.investment_threshold", "abc")
        user_input = self._answer({"investment": "best", "innovation": "best"})
        self.assertEqual(user_input.smi_assessment_ids.investment_threshold, 50.0)
        self.assertEqual(user_input.smi_assessment_ids.quadrant, "social_first")

    def test_completing_an_answer_twice_makes_one_assessment(self):
        user_input = self._answer({"investment": "best"})
        user_input._mark_done()
        self.assertEqual(len(user_input.smi_assessment_ids), 1)

    def test_test_entries_make_no_assessment(self):
        user_input = self._answer({"investment": "best"}, test_entry=True)
        self.assertFalse(user_input.smi_assessment_ids)

    def test_partner_history_and_trend(self):
        first = self._answer({"investment": "worst", "innovation": "worst"}).smi_assessment_ids
        first.date = "2025-01-01 10:00:00"
        second = self._answer({"investment": "best", "innovation": "worst"}).smi_assessment_ids
        self.assertEqual(second.previous_id, first)
        self.assertEqual(second.investment_trend, 100.0)
        self.assertEqual(second.innovation_trend, 0.0)
        # the company sees the history of its contacts' answers
        self.company.invalidate_recordset()
        self.assertEqual(self.company.smi_assessment_count, 2)
        self.assertEqual(self.company.smi_quadrant, "conservative")
        action = self.company.action_view_smi_assessments()
        self.assertEqual(self.Assessment.search(action["domain"]), first + second)

    def test_assessing_a_lead_links_the_answer_and_the_assessment(self):
        lead = self.env["crm.lead"].create(
            {"name": "Social desk for ACME", "partner_id": self.contact.id}
        )
        action = lead.action_assess_social_maturity()
        self.assertEqual(action["type"], "ir.actions.act_url")
        user_input = self.env["survey.user_input"].search([("smi_lead_id", "=", lead.id)], limit=1)
        self.assertTrue(user_input)
        self.assertIn(user_input.access_token, action["url"])
        for question in user_input.predefined_question_ids.filtered("suggested_answer_ids"):
            user_input._save_lines(question, question.suggested_answer_ids[-1].id)
        user_input._mark_done()
        self.assertEqual(lead.smi_assessment_count, 1)
        self.assertEqual(lead.smi_assessment_ids.partner_id, self.contact)

    def test_sending_the_survey_prefills_the_invitation(self):
        action = self.contact.action_send_social_maturity_survey()
        self.assertEqual(action["res_model"], "survey.invite")
        self.assertEqual(action["context"]["default_partner_ids"], self.contact.ids)
        lead = self.env["crm.lead"].create({"name": "L", "partner_id": self.contact.id})
        invite = (
            self.env["survey.invite"]
            .with_context(**lead.action_send_social_maturity_survey()["context"])
            .create({})
        )
        invite.action_invite()
        answer = self.env["survey.user_input"].search(
            [("survey_id", "=", self.survey.id), ("partner_id", "=", self.contact.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(answer.smi_lead_id, lead)

    def test_reports_render_the_matrix_with_escaped_names(self):
        assessment = self._answer({"investment": "best", "innovation": "best"}).smi_assessment_ids
        self.assertIn("<svg", assessment.matrix_svg)
        self.assertIn(
            "ACME &lt;Corp&gt;",
            self.env["ir.qweb"]._render(
                "social_maturity.report_social_maturity_matrix", {"docs": assessment}
            ),
        )
        report = self.env.ref("social_maturity.action_report_social_maturity_assessment")
        html, _ = report._render_qweb_html(report.report_name, assessment.ids)
        self.assertIn(b"#SocialFirst", html)
        self.assertIn(b"<svg", html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, assessment.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        action = self.Assessment.with_context(discard_logo_check=True)._action_matrix_report(
            self.Assessment
        )
        self.assertEqual(action["report_name"], "social_maturity.report_social_maturity_matrix")

    def test_salesman_reads_assessments_but_cannot_forge_them(self):
        assessment = self._answer({"investment": "best"}).smi_assessment_ids
        rep = new_test_user(self.env, login="smi_rep", groups="sales_team.group_sale_salesman")
        self.assertEqual(assessment.with_user(rep).quadrant, "conservative")
        with self.assertRaises(AccessError):
            assessment.with_user(rep).write({"quadrant": "social_first"})

    def test_salesmen_read_the_assessments_of_their_teams_leads_only(self):
        rep = new_test_user(self.env, login="smi_rep_a", groups="sales_team.group_sale_salesman")
        other = new_test_user(self.env, login="smi_rep_b", groups="sales_team.group_sale_salesman")
        team_a = self.env["crm.team"].create({"name": "SMI A", "member_ids": [(4, rep.id)]})
        team_b = self.env["crm.team"].create({"name": "SMI B", "member_ids": [(4, other.id)]})
        Lead = self.env["crm.lead"]
        ours = Lead.create({"name": "Ours", "team_id": team_a.id, "user_id": False})
        theirs = Lead.create({"name": "Theirs", "team_id": team_b.id, "user_id": other.id})
        values = {"survey_id": self.survey.id, "quadrant": "conservative"}
        assessments = self.Assessment.create(
            [
                dict(values, lead_id=ours.id),
                dict(values, lead_id=theirs.id),
                dict(values, partner_id=self.contact.id),
            ]
        )
        visible = self.Assessment.with_user(rep).search([("id", "in", assessments.ids)])
        self.assertEqual(visible, assessments[0] + assessments[2])
        manager = new_test_user(self.env, login="smi_mgr", groups="sales_team.group_sale_manager")
        self.assertEqual(
            self.Assessment.with_user(manager).search([("id", "in", assessments.ids)]),
            assessments,
        )

    def test_the_index_speaks_japanese(self):
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"]._load_module_terms(["social_maturity"], ["ja_JP"])
        survey = self.survey.with_context(lang="ja_JP")
        self.assertEqual(survey.title, "ソーシャル成熟度指数")
        question = self.env.ref("social_maturity.smi_q_people").with_context(lang="ja_JP")
        self.assertIn("ソーシャルカスタマーサービス", question.title)
        quadrant = self.env.ref("social_maturity.quadrant_contender").with_context(lang="ja_JP")
        self.assertIn("投資", quadrant.recommendation)


@tagged("post_install", "-at_install")
class TestMaturityForAdmins(TestAssessment):
    def test_an_axis_on_a_question_without_points_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "only single and multiple choice"):
            self.env["survey.question"].create(
                {
                    "survey_id": self.survey.id,
                    "title": "Describe your social media team",
                    "question_type": "text_box",
                    "smi_axis": "innovation",
                }
            )
        question = self._questions("investment")[0]
        with self.assertRaisesRegex(ValidationError, "no points"):
            question.question_type = "numerical_box"

    def test_assess_lets_the_user_pick_among_the_maturity_surveys(self):
        lead = self.env["crm.lead"].create({"name": "ACME", "partner_id": self.contact.id})
        # one maturity survey: straight to it
        self.assertEqual(lead.action_assess_social_maturity()["type"], "ir.actions.act_url")
        second = self.survey.copy({"title": "Social Maturity Index, short"})
        self.assertTrue(second.smi_survey)
        plain = self.env["survey.survey"].create({"title": "Satisfaction"})
        self.assertFalse(plain.smi_survey, "no axis: not offered")
        action = lead.action_assess_social_maturity()
        self.assertEqual(action["res_model"], "social.maturity.start")
        wizard = (
            self.env["social.maturity.start"]
            .with_context(**action["context"])
            .create({"survey_id": second.id})
        )
        self.assertEqual(wizard.lead_id, lead)
        opened = wizard.action_start()
        answer = self.env["survey.user_input"].search(
            [("smi_lead_id", "=", lead.id), ("survey_id", "=", second.id)]
        )
        self.assertEqual(len(answer), 1)
        self.assertIn(answer.access_token, opened["url"])

    def test_score_again_after_the_points_changed(self):
        user_input = self._answer({"investment": "best", "innovation": "best"})
        assessment = user_input.smi_assessment_ids
        self.assertEqual(assessment.investment_score, 100.0)
        # an admin gives the best answer of one investment question no points any more
        question = self._questions("investment")[0]
        best = question.suggested_answer_ids.sorted("answer_score")[-1]
        best.answer_score = 0
        self.assertEqual(assessment.investment_score, 100.0, "kept until scored again")
        assessment.action_score_again()
        self.assertLess(assessment.investment_score, 100.0)


@tagged("post_install", "-at_install")
class TestDigestQuadrant(TestAssessment):
    def test_the_executive_digest_names_our_own_quadrant(self):
        own = self.env.company
        sections = own._social_digest_sections(None, None)
        self.assertFalse([s for s in sections if s["title"] == "Social Maturity Index"])
        self._answer({"investment": "best", "innovation": "worst"}, partner=own.partner_id)
        own.partner_id.invalidate_recordset()
        sections = own._social_digest_sections(None, None)
        (section,) = [s for s in sections if s["title"] == "Social Maturity Index"]
        self.assertEqual(section["lines"], ["Our quadrant: Conservative"])
