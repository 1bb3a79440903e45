from . import account_analytic_line, res_company, res_config_settings, social_interest
