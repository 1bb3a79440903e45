from . import (
    test_gateway,
    test_gateway_fixtures,
    test_interest_card,
    test_lead_attribution,
    test_parsing_lib,
    test_partner_engagement,
    test_report,
    test_security,
    test_tour,
)
