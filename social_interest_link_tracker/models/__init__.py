from . import link_tracker, link_tracker_click, social_interest
