from . import crm_lead, res_partner, social_identity, social_interest, social_interest_source
