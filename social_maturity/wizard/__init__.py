from . import social_maturity_start
