"""The suite's sentiment, under the name listening and other tools have always used.

The implementation lives in ``social_interest.lib.sentiment`` (the mail gateway scores its
cards with it too).
"""

from odoo.addons.social_interest.lib.lang import detect_lang
from odoo.addons.social_interest.lib.sentiment import (
    NEGATIVE,
    NEUTRAL,
    NEUTRAL_BAND,
    POSITIVE,
    analyse,
    classify,
    classify_score,
    is_question,
    score,
)

__all__ = [
    "NEGATIVE",
    "NEUTRAL",
    "NEUTRAL_BAND",
    "POSITIVE",
    "analyse",
    "classify",
    "classify_score",
    "detect_lang",
    "is_question",
    "score",
]
