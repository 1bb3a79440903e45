from . import test_interest_card, test_security, test_tour
