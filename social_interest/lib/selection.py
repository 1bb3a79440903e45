"""Selections shared by every addon of the suite (one name, one meaning).

Labels are translated by Odoo through the fields that use them.
"""

from .. import platforms

# One value per platform module of ``social_interest/platforms/``, in their order.
PLATFORM_SELECTION = platforms.selection()

ACTION_TYPE_SELECTION = [
    ("like", "Like"),
    ("share", "Share"),
    ("comment", "Comment"),
    ("review", "Review"),
    ("question", "Question"),
    ("message", "Direct message"),
    ("mention", "Mention"),
    ("follow", "Follow"),
    ("form", "Form"),
    ("order", "Order"),
    ("click", "Link click"),
    ("visit", "Website visit"),
    ("other", "Other"),
]

# Light interest: a known person clicked a tracked link or visited the website. Aggregated
# per person and day, it needs no answer: kept off the board, the service level and the
# analysis of answered cards, shown on the contact and the lead.
LIGHT_ACTION_TYPES = ("click", "visit")

# Action types whose natural answer is private (e-mail / DM) rather than a public reply.
PRIVATE_ACTION_TYPES = ("message", "form", "question", "order")

STATE_SELECTION = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("replied", "Replied"),
    ("processed", "Processed"),
    ("converted", "Converted"),
    ("ignored", "Ignored / spam"),
]

OPEN_STATES = ("new", "assigned")

# Kanban colour index per state (web's colour palette).
STATE_COLOR = {
    "new": 2,  # orange
    "assigned": 4,  # light blue
    "replied": 3,  # yellow
    "processed": 10,  # green
    "converted": 11,  # purple
    "ignored": 0,  # no colour
}
