from . import link_tracker, social_audience
