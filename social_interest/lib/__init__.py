"""Plain-Python helpers of the suite (no ORM): importable by every addon."""
