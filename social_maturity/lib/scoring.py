"""Scoring of the Social Maturity Index.

A survey question feeds one axis (investment or innovation) or none. An answer's points are
the survey's own answer scores. An axis score is the points obtained over the points
obtainable on the questions the respondent was given, as a percentage: the survey "as it
stands" when answered, so questions added or removed later change nothing in the past and
a survey that gains a question still lets the best answers reach 100.
"""

from dataclasses import dataclass

AXES = ("investment", "innovation")

OBSERVER = "observer"
CONSERVATIVE = "conservative"
CONTENDER = "contender"
SOCIAL_FIRST = "social_first"


@dataclass(frozen=True)
class Question:
    """What scoring needs of a question: its axis, its type and its answers' points."""

    axis: str
    question_type: str
    answer_scores: tuple = ()

    def max_points(self):
        positive = [score for score in self.answer_scores if score > 0]
        if self.question_type == "multiple_choice":
            return sum(positive)
        return max(positive, default=0.0)


def axis_scores(questions, obtained):
    """Scores 0-100 per axis.

    :param questions: ``{question_key: Question}`` given to the respondent
    :param obtained: ``{question_key: points}`` the respondent got (missing = 0)
    :return: ``{"investment": float, "innovation": float}``
    """
    result = {}
    for axis in AXES:
        keys = [key for key, question in questions.items() if question.axis == axis]
        maximum = sum(questions[key].max_points() for key in keys)
        if maximum <= 0:
            result[axis] = 0.0
            continue
        got = sum(max(obtained.get(key, 0.0), 0.0) for key in keys)
        result[axis] = round(min(got / maximum, 1.0) * 100.0, 2)
    return result


def parse_threshold(value, default=50.0):
    """A threshold from a setting: a number within 0-100, else ``default``.

    A mistyped system parameter must never break the respondent's submission.
    """
    if value is None or isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    if number != number:  # NaN
        return default
    return min(max(number, 0.0), 100.0)


def quadrant(investment, innovation, investment_threshold=50.0, innovation_threshold=50.0):
    """The category of the index: a score at or above its threshold is "high"."""
    high_investment = investment >= investment_threshold
    high_innovation = innovation >= innovation_threshold
    if high_investment and high_innovation:
        return SOCIAL_FIRST
    if high_investment:
        return CONSERVATIVE
    if high_innovation:
        return CONTENDER
    return OBSERVER
