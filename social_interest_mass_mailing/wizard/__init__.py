from . import social_audience_add
