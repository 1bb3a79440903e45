from . import (
    crm_lead,
    crm_team,
    crm_team_member,
    mail_thread,
    product_template,
    res_config_settings,
    res_partner,
    social_identity,
    social_interest,
    social_interest_parse_rule,
    social_interest_source,
)
