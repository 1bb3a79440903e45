from . import social_interest_reply
