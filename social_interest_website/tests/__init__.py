from . import test_visit_access, test_visits
