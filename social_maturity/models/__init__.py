from . import (
    crm_lead,
    res_company,
    res_config_settings,
    res_partner,
    social_interest,
    social_maturity_assessment,
    social_maturity_quadrant,
    survey_question,
    survey_survey,
    survey_user_input,
)
