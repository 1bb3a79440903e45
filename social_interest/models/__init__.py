from . import social_identity, social_interest, social_interest_source
