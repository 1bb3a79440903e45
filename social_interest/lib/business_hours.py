"""Business-hours arithmetic on work intervals (no ORM).

The intervals come from a ``resource.calendar`` (attendances minus leaves, already in
aware datetimes); these functions only walk them, so that a batch of cards is planned
against one fetch of the calendar.
"""

from datetime import timedelta


def normalize(intervals):
    """Sorted, non-empty ``(start, stop)`` pairs."""
    return sorted((start, stop) for start, stop in intervals if stop > start)


def is_working(intervals, moment):
    """True when ``moment`` falls inside a work interval (start included, stop excluded)."""
    return any(start <= moment < stop for start, stop in intervals)


def next_work_start(intervals, moment):
    """``moment`` itself when working, else the start of the next work interval (or None)."""
    for start, stop in intervals:
        if moment < stop:
            return max(start, moment)
    return None


def plan_hours(intervals, moment, hours):
    """The moment when ``hours`` working hours have elapsed after ``moment``.

    Returns None when the intervals end before that (the caller fetches a longer range).
    Zero hours gives the first working moment at or after ``moment``.
    """
    remaining = timedelta(hours=hours)
    for start, stop in intervals:
        if stop <= moment:
            continue
        start = max(start, moment)
        available = stop - start
        if remaining <= available:
            return start + remaining
        remaining -= available
    return None


def working_hours_between(intervals, begin, end):
    """Working hours elapsed between ``begin`` and ``end`` (0 when ``end`` is earlier)."""
    total = timedelta()
    for start, stop in intervals:
        lo, hi = max(start, begin), min(stop, end)
        if hi > lo:
            total += hi - lo
    return total.total_seconds() / 3600.0
