# the mixin first: the composers that inherit it are built after it
from . import social_interest_composer_mixin

# isort: split
from . import (
    social_interest_attach_lead,
    social_interest_canned_reply,
    social_interest_escalate,
    social_interest_parse_rule_test,
)
