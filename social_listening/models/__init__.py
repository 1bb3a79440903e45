from . import (
    res_partner,
    social_identity,
    social_incident,
    social_interest,
    social_listening_connector,
    social_listening_connector_incident,
    social_listening_delivery,
    social_listening_rule,
    social_mention,
    social_playbook,
    social_playbook_statement,
    social_playbook_step,
)
