from . import test_audience, test_audience_owner, test_clicks
