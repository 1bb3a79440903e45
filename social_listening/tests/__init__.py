from . import (
    test_adapter,
    test_connector_kinds,
    test_connectors,
    test_i18n,
    test_matching,
    test_poll,
    test_security,
    test_sentiment,
    test_shared_services,
    test_tour,
    test_triage,
    test_webhook,
)
