from . import (
    res_partner,
    social_identity,
    social_interest,
    social_listening_connector,
    social_listening_delivery,
    social_listening_rule,
    social_mention,
)
