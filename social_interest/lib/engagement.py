"""Engagement segments of a contact: active, occasional or silent.

Inspired by the split of social participation quoted in the seed articles: about 5 % of people
write and answer often (active), 75 % take part now and then (occasional) and 20 % only watch
(silent observers). A contact is rated on the cards it left in a window (90 days by default):

- *active*: at least ``active_min`` (5) cards in which the person spoke — a comment, review,
  question, direct message, mention, share, form or order;
- *occasional*: from 1 to ``active_min - 1`` such cards;
- *silent*: known on social media (an identity or any card) but only watched (likes, follows)
  or said nothing in the window;
- no segment: nothing social is known about the contact.
"""

from dataclasses import dataclass
from datetime import timedelta

SEGMENT_SELECTION = [
    ("active", "Active"),
    ("occasional", "Occasional"),
    ("silent", "Silent"),
]

# Actions where the person speaks; a like or a follow only watches.
VOICE_ACTION_TYPES = (
    "comment",
    "review",
    "question",
    "message",
    "mention",
    "share",
    "form",
    "order",
)

DEFAULT_WINDOW_DAYS = 90
DEFAULT_ACTIVE_MIN = 5


@dataclass(frozen=True)
class EngagementThresholds:
    window_days: int = DEFAULT_WINDOW_DAYS
    active_min: int = DEFAULT_ACTIVE_MIN

    @property
    def window(self):
        return timedelta(days=self.window_days)

    @classmethod
    def from_params(cls, window_days=None, active_min=None):
        """Thresholds from text settings; missing, non-numeric or < 1 values give defaults."""
        return cls(
            window_days=_positive_int(window_days, DEFAULT_WINDOW_DAYS),
            active_min=_positive_int(active_min, DEFAULT_ACTIVE_MIN),
        )


def _positive_int(value, default):
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default


def engagement_segment(voice_count, known, thresholds=None):
    """Segment of a contact from the number of cards where it spoke within the window.

    :param voice_count: cards with a voice action type dated within the window
    :param known: whether anything social is known about the contact (identity or card)
    :return: ``"active"``, ``"occasional"``, ``"silent"`` or ``False``
    """
    thresholds = thresholds or EngagementThresholds()
    if voice_count < 0:
        raise ValueError("voice_count cannot be negative")
    if voice_count >= thresholds.active_min:
        return "active"
    if voice_count > 0:
        return "occasional"
    return "silent" if known else False
