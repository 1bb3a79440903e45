from . import (
    social_interest_attach_lead,
    social_interest_canned_reply,
    social_interest_escalate,
    social_interest_parse_rule_test,
)
