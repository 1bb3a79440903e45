from . import social_interest_attach_lead
