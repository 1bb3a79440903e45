from . import test_audience, test_clicks
