from . import social_interest_sale_report
