from . import social_identity
from . import social_interest_source
from . import social_interest
