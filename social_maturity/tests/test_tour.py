from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMaturityTour(HttpCase):
    def test_admin_changes_a_question_axis(self):
        question = self.env.ref("social_maturity.smi_q_time")
        self.assertEqual(question.smi_axis, "investment")
        self.start_tour(
            "/odoo/action-social_maturity.action_social_maturity_survey",
            "social_maturity_axis_tour",
            login="admin",
        )
        self.assertEqual(question.smi_axis, "innovation")

    def test_user_answers_and_sees_the_assessment(self):
        partner = self.env.ref("base.partner_admin")
        survey = self.env.ref("social_maturity.survey_social_maturity_index")
        answer = survey._create_answer(partner=partner, check_attempts=False)
        self.start_tour(
            f"/survey/start/{survey.access_token}?answer_token={answer.access_token}",
            "social_maturity_answer_tour",
            login="admin",
        )
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.smi_assessment_ids.quadrant, "social_first")
