from . import (
    test_adapter,
    test_connectors,
    test_matching,
    test_sentiment,
)
