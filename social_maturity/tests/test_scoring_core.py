from odoo.tests import BaseCase, tagged

from ..lib.matrix import render_matrix
from ..lib.scoring import Question, axis_scores, parse_threshold, quadrant


@tagged("post_install", "-at_install")
class TestScoringCore(BaseCase):
    def test_axis_score_is_points_over_obtainable_points(self):
        questions = {
            1: Question("investment", "simple_choice", (0, 1, 2, 3)),
            2: Question("investment", "simple_choice", (0, 3)),
            3: Question("innovation", "simple_choice", (0, 1)),
        }
        scores = axis_scores(questions, {1: 3, 2: 0, 3: 1})
        self.assertEqual(scores, {"investment": 50.0, "innovation": 100.0})

    def test_multiple_choice_counts_every_positive_answer(self):
        questions = {1: Question("innovation", "multiple_choice", (1, 2, -1, 0))}
        self.assertEqual(axis_scores(questions, {1: 3})["innovation"], 100.0)
        self.assertEqual(axis_scores(questions, {1: 1.5})["innovation"], 50.0)

    def test_an_axis_without_questions_scores_zero(self):
        questions = {1: Question("investment", "simple_choice", (0, 2))}
        self.assertEqual(axis_scores(questions, {1: 2}), {"investment": 100.0, "innovation": 0.0})

    def test_negative_points_never_push_below_zero_nor_above_hundred(self):
        questions = {1: Question("investment", "simple_choice", (-5, 2))}
        self.assertEqual(axis_scores(questions, {1: -5})["investment"], 0.0)
        self.assertEqual(axis_scores(questions, {1: 7})["investment"], 100.0)

    def test_quadrants_and_thresholds(self):
        self.assertEqual(quadrant(10, 10), "observer")
        self.assertEqual(quadrant(80, 10), "conservative")
        self.assertEqual(quadrant(10, 80), "contender")
        self.assertEqual(quadrant(80, 80), "social_first")
        self.assertEqual(quadrant(50, 50), "social_first", "the threshold itself counts as high")
        self.assertEqual(quadrant(60, 60, 70, 40), "contender")

    def test_matrix_escapes_every_label(self):
        svg = render_matrix(
            [("<script>alert(1)</script>", 80, 20, True)],
            {"observer": "<b>Obs</b>", "investment": "Inv", "innovation": "Inn"},
        )
        self.assertNotIn("<script>", svg)
        self.assertNotIn("<b>", svg)
        self.assertIn("&lt;script&gt;", svg)
        self.assertIn("<circle", svg)

    def test_a_mistyped_threshold_falls_back_to_fifty(self):
        for bad in (None, False, "", "abc", "nan"):
            self.assertEqual(parse_threshold(bad), 50.0)
        self.assertEqual(parse_threshold("70"), 70.0)
        self.assertEqual(parse_threshold("150"), 100.0)
        self.assertEqual(parse_threshold(-3), 0.0)
