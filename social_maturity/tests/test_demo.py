from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    def test_demo_answers_made_one_assessment_per_quadrant(self):
        module = self.env["ir.module.module"].search([("name", "=", "social_maturity")])
        answers = [
            self.env.ref(f"social_maturity.smi_demo_answer_{key}", raise_if_not_found=False)
            for key in ("deco_addict", "gemini", "ready_mat", "lumber")
        ]
        if not module.demo:
            self.assertFalse(any(answers), "no demo answer without demo data")
            return
        assessments = self.env["social.maturity.assessment"].concat(
            *(answer.smi_assessment_ids for answer in answers)
        )
        self.assertEqual(len(assessments), 4, "each completed demo answer made its assessment")
        self.assertEqual(
            set(assessments.mapped("quadrant")),
            {"observer", "conservative", "contender", "social_first"},
        )
        self.assertTrue(all(answer.state == "done" for answer in answers))
