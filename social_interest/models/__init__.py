# the card's abstract mixins before the card that inherits them
from . import (
    social_interest_answering,
    social_interest_conversation,
    social_interest_light,
    social_interest_mail_gateway,
    social_interest_time,
)

# isort: split
from . import (
    crm_lead,
    crm_team,
    crm_team_member,
    mail_thread,
    product_template,
    res_company,
    res_config_settings,
    res_partner,
    social_identity,
    social_interest,
    social_interest_answer,
    social_interest_answer_tag,
    social_interest_parse_rule,
    social_interest_parse_rule_timeout,
    social_interest_source,
    social_interest_source_cost,
    social_interest_visit,
    social_interest_work,
)
