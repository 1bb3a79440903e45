from . import social_incident_close, social_interest_reply
