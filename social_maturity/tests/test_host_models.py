from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHostModels(TransactionCase):
    def test_question_axis_column_accepts_null(self):
        self.env.cr.execute(
            "SELECT is_nullable FROM information_schema.columns "
            "WHERE table_name = 'survey_question' AND column_name = 'smi_axis'"
        )
        self.assertEqual(self.env.cr.fetchone()[0], "YES")

    def test_question_without_axis_feeds_no_axis(self):
        survey = self.env["survey.survey"].create({"title": "Host survey"})
        question = self.env["survey.question"].create(
            {"survey_id": survey.id, "title": "Free question", "question_type": "char_box"}
        )
        self.assertEqual(question.smi_axis, "none", "default in Python")
        self.env.cr.execute(
            "UPDATE survey_question SET smi_axis = NULL WHERE id = %s", (question.id,)
        )
        question.invalidate_recordset()
        self.assertFalse(question.smi_axis)
