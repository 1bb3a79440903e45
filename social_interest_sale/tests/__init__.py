from . import (
    test_attribution,
    test_customer_orders,
    test_digest,
    test_quantity,
    test_quotation,
    test_roi_report,
    test_sale_tour,
)
