from . import social_interest_report
