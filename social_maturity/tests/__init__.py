from . import (
    test_assessment,
    test_demo,
    test_host_models,
    test_interest_card,
    test_scoring_core,
    test_tour,
)
