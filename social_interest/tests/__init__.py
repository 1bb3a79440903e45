from . import (
    test_gateway,
    test_gateway_fixtures,
    test_interest_card,
    test_lead_attribution,
    test_partner_engagement,
    test_report,
    test_security,
    test_tour,
)
