"""Plain-Python core of the Social Maturity Index (no ORM)."""
