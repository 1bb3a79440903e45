from datetime import UTC, datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..lib import assignment, business_hours
from ..lib.assignment import Member

UTC = UTC


def at(day, hour, minute=0):
    """A moment of the week of Monday 2025-03-03 (UTC)."""
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


# Monday 3 to Friday 7 March 2025, 9:00-17:00
WEEK = [(at(day, 9), at(day, 17)) for day in range(3, 8)]


@tagged("post_install", "-at_install")
class TestDistribution(BaseCase):
    def test_round_robin_takes_turns_and_resumes_after_the_last_member(self):
        members = [Member("a", rank=0), Member("b", rank=1), Member("c", rank=2)]
        plan = assignment.distribute(list(range(5)), members, "round_robin", last_key="a")
        self.assertEqual(plan, {"b": [0, 3], "c": [1, 4], "a": [2]})

    def test_round_robin_skips_full_members_and_leaves_the_rest_in_the_pool(self):
        members = [Member("a", cap=1), Member("b", open_count=2, cap=2, rank=1)]
        plan = assignment.distribute(list(range(4)), members, "round_robin")
        self.assertEqual(plan, {"a": [0]})

    def test_balanced_fills_the_least_loaded_first(self):
        members = [Member("a", open_count=3), Member("b", open_count=0, rank=1)]
        plan = assignment.distribute(list(range(5)), members, "balanced")
        # b catches up to a, then the tie goes to the first member in the team's order
        self.assertEqual(plan, {"b": [0, 1, 2, 4], "a": [3]})

    def test_balanced_respects_caps(self):
        members = [Member("a", cap=2), Member("b", cap=1, rank=1)]
        plan = assignment.distribute(list(range(10)), members, "balanced")
        self.assertEqual(sum(len(cards) for cards in plan.values()), 3)
        self.assertEqual(len(plan["a"]), 2)
        self.assertEqual(len(plan["b"]), 1)

    def test_no_members_assigns_nothing(self):
        for strategy in ("round_robin", "balanced"):
            self.assertEqual(assignment.distribute([1, 2], [], strategy), {})

    def test_unknown_strategy_is_refused(self):
        with self.assertRaises(ValueError):
            assignment.distribute([1], [Member("a")], "claim")


@tagged("post_install", "-at_install")
class TestBusinessHours(BaseCase):
    def test_hours_within_one_day(self):
        self.assertEqual(business_hours.plan_hours(WEEK, at(3, 10), 4), at(3, 14))

    def test_hours_carry_over_to_the_next_morning(self):
        self.assertEqual(business_hours.plan_hours(WEEK, at(3, 15), 4), at(4, 11))

    def test_friday_afternoon_rolls_over_the_weekend(self):
        intervals = [*WEEK, (at(10, 9), at(10, 17))]
        self.assertEqual(business_hours.plan_hours(intervals, at(7, 16), 4), at(10, 12))

    def test_arrival_at_night_starts_counting_at_opening(self):
        self.assertEqual(business_hours.plan_hours(WEEK, at(3, 22), 1), at(4, 10))

    def test_not_enough_intervals_returns_none(self):
        self.assertIsNone(business_hours.plan_hours(WEEK, at(7, 16), 40))

    def test_working_and_next_start(self):
        self.assertTrue(business_hours.is_working(WEEK, at(4, 9)))
        self.assertFalse(business_hours.is_working(WEEK, at(4, 17)))
        self.assertEqual(business_hours.next_work_start(WEEK, at(4, 18)), at(5, 9))
        self.assertEqual(business_hours.next_work_start(WEEK, at(4, 10)), at(4, 10))
        self.assertIsNone(business_hours.next_work_start(WEEK, at(8, 10)))

    def test_working_hours_between(self):
        self.assertEqual(business_hours.working_hours_between(WEEK, at(3, 16), at(4, 10)), 2.0)
        self.assertEqual(business_hours.working_hours_between(WEEK, at(4, 10), at(3, 16)), 0.0)

    def test_normalize_sorts_and_drops_empty(self):
        one_hour = timedelta(hours=1)
        self.assertEqual(
            business_hours.normalize(
                [(at(4, 9), at(4, 10)), (at(3, 9), at(3, 9)), (at(3, 9), at(3, 9) + one_hour)]
            ),
            [(at(3, 9), at(3, 10)), (at(4, 9), at(4, 10))],
        )
