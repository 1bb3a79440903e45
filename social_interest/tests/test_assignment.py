from freezegun import freeze_time

from odoo.tests import tagged

from .care_common import SocialCareCase

# Wednesday 5 March 2025, 03:00 UTC = 12:00 in Tokyo (working time of the test calendars)
WORKING_TIME = "2025-03-05 03:00:00"
# Wednesday 5 March 2025, 13:00 UTC = 22:00 in Tokyo
NIGHT_TIME = "2025-03-05 13:00:00"


@tagged("post_install", "-at_install")
class TestAutomaticAssignment(SocialCareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_auto = cls.env["crm.team"].create(
            {"name": "Auto team (social)", "social_assignment_strategy": "round_robin"}
        )
        cls.auto_reps = cls._reps(cls.team_auto, 3, "auto_rep")
        cls.source_auto = cls.env["social.interest.source"].create(
            {"name": "Auto source", "platform": "instagram", "team_id": cls.team_auto.id}
        )

    def _auto_card(self, **vals):
        return self._card(
            arrival=True,
            source_id=self.source_auto.id,
            team_id=self.team_auto.id,
            platform="instagram",
            **vals,
        )

    def _quiet_cards(self, count, team, source=None):
        """``count`` cards waiting in the pool, created without arrival processing (as a
        backlog imported before the team switched to automatic assignment)."""
        return (
            self.env["social.interest"]
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "platform": "facebook",
                        "action_type": "comment",
                        "author_name": f"Backlog {index}",
                        "team_id": team.id,
                        "source_id": source.id if source else False,
                    }
                    for index in range(count)
                ]
            )
        )

    def _run_backlog_cron(self):
        """Run the backlog job as the cron runner does: call again while it reports done
        work; returns the progress reports."""
        cron = self.env.ref("social_interest.ir_cron_assign_backlog")
        reports = []
        for _call in range(50):
            progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
            self.env["social.interest"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_assign_backlog()
            reports.append((progress.done, progress.remaining))
            if not progress.done or not progress.remaining:
                break
        return reports

    def _open_counts(self, team):
        groups = self.env["social.interest"]._read_group(
            [("team_id", "=", team.id), ("state", "=", "assigned")], ["user_id"], ["__count"]
        )
        return dict(groups)

    # ------------------------------------------------------------------ on arrival

    def test_round_robin_on_arrival_takes_turns(self):
        cards = [self._auto_card(author_name=f"Fan {index}") for index in range(6)]
        owners = [card.user_id for card in cards]
        self.assertEqual(owners[:3], list(self.auto_reps))
        self.assertEqual(owners[3:], list(self.auto_reps))
        self.assertIn("Assigned to", "".join(cards[0].message_ids.mapped("body")))

    def test_balanced_on_arrival_goes_to_the_least_loaded(self):
        self.team_auto.social_assignment_strategy = "balanced"
        busy, idle, other = self.auto_reps
        self._auto_card(user_id=busy.id)
        self._auto_card(user_id=busy.id)
        self._auto_card(user_id=other.id)
        card = self._auto_card()
        self.assertEqual(card.user_id, idle)

    def test_a_card_made_by_hand_waits_for_the_backlog(self):
        with freeze_time(WORKING_TIME):
            by_hand = self._card(
                source_id=self.source_auto.id, team_id=self.team_auto.id, platform="instagram"
            )
            self.assertFalse(by_hand.user_id, "a card made by hand is no arrival")
            self.assertTrue(self._auto_card().user_id, "an arrival is assigned at once")
            self._run_backlog_cron()
            self.assertTrue(by_hand.user_id, "the backlog's scheduled action assigns it")

    def test_source_strategy_overrides_the_team(self):
        self.team_auto.social_assignment_strategy = "claim"
        self.assertFalse(self._auto_card().user_id, "the team works as a pool")
        self.source_auto.assignment_strategy = "balanced"
        self.assertTrue(self._auto_card().user_id)

    def test_pool_strategy_assigns_nobody(self):
        card = self._card()  # team A works as a pool
        self.assertEqual(card.assignment_strategy, "claim")
        self.assertFalse(card.user_id)

    def test_an_empty_team_leaves_cards_in_the_pool(self):
        empty = self.env["crm.team"].create(
            {"name": "Empty team (social)", "social_assignment_strategy": "balanced"}
        )
        card = self._card(team_id=empty.id)
        self.assertFalse(card.user_id)
        self.assertEqual(card.state, "new")
        self._quiet_cards(5, empty)
        self.assertEqual(self._run_backlog_cron(), [(0, 0)])

    def test_member_at_cap_is_skipped(self):
        self.team_auto.social_assignment_strategy = "balanced"
        first, second, third = self.team_auto.crm_team_member_ids.sorted("id")
        first.social_interest_cap = 1
        second.social_interest_cap = 1
        third.social_interest_cap = 1
        cards = [self._auto_card() for _index in range(4)]
        self.assertEqual(
            {card.user_id for card in cards[:3]},
            set(first.user_id | second.user_id | third.user_id),
        )
        self.assertFalse(cards[3].user_id, "everyone is at cap: the card waits in the pool")
        self.assertEqual(first.social_open_count, 1)

    def test_opted_out_member_gets_nothing(self):
        member = self.team_auto.crm_team_member_ids.sorted("id")[0]
        member.social_assignment_optout = True
        cards = [self._auto_card() for _index in range(4)]
        self.assertNotIn(member.user_id, [card.user_id for card in cards])

    def test_members_outside_their_working_hours_are_skipped(self):
        day_shift = self._calendar("Day shift Tokyo", "Asia/Tokyo")
        first, second, third = self.auto_reps
        for user in (first, second):
            self.env["resource.resource"].create(
                {"name": user.name, "user_id": user.id, "calendar_id": day_shift.id}
            )
        with freeze_time(NIGHT_TIME):
            night_cards = [self._auto_card() for _index in range(3)]
        self.assertEqual({card.user_id for card in night_cards}, {third})
        with freeze_time(WORKING_TIME):
            day_card = self._auto_card()
        self.assertIn(day_card.user_id, first | second)

    def test_members_on_leave_are_skipped(self):
        day_shift = self._calendar("Day shift Tokyo (leave)", "Asia/Tokyo")
        self.team_auto.social_assignment_strategy = "balanced"
        first, second, third = self.auto_reps
        resources = self.env["resource.resource"].create(
            [
                {"name": user.name, "user_id": user.id, "calendar_id": day_shift.id}
                for user in self.auto_reps
            ]
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday of the first rep",
                "resource_id": resources[0].id,
                "calendar_id": day_shift.id,
                "date_from": "2025-03-04 00:00:00",
                "date_to": "2025-03-06 00:00:00",
            }
        )
        with freeze_time(WORKING_TIME):
            cards = [self._auto_card() for _index in range(4)]
        self.assertNotIn(first, [card.user_id for card in cards])
        self.assertEqual({card.user_id for card in cards}, set(second | third))

    def test_team_calendar_applies_to_members_without_resource(self):
        self.team_auto.social_calendar_id = self.calendar  # Tokyo 9-17
        with freeze_time(NIGHT_TIME):
            self.assertFalse(self._auto_card().user_id)
            self.assertEqual(self._run_backlog_cron(), [(0, 0)])
        with freeze_time(WORKING_TIME):
            self.assertEqual(self._run_backlog_cron()[0][0], 1, "the night card is assigned")

    def test_influence_never_jumps_the_queue(self):
        self.team_auto.social_assignment_strategy = "balanced"
        self.team_auto.crm_team_member_ids.social_interest_cap = 1
        star = self.env["social.identity"].create(
            {"name": "Star", "platform": "instagram", "handle": "star", "followers": 900000}
        )
        cards = self._quiet_cards(3, self.team_auto, self.source_auto)
        late_star = self._quiet_cards(1, self.team_auto, self.source_auto)
        late_star.write({"identity_id": star.id, "interest_date": "2099-01-01 00:00:00"})
        self._run_backlog_cron()
        self.assertTrue(all(cards.mapped("user_id")), "first come, first served")
        self.assertFalse(late_star.user_id, "followers do not buy a place in the queue")

    # ------------------------------------------------------------------ the backlog

    def _backlog_of_1000(self, strategy, caps):
        team = self.env["crm.team"].create(
            {"name": f"Backlog team {strategy}", "social_assignment_strategy": strategy}
        )
        users = self._reps(team, len(caps), f"bk_{strategy}")
        for member, cap in zip(team.crm_team_member_ids.sorted("id"), caps, strict=True):
            member.social_interest_cap = cap
        cards = self._quiet_cards(1000, team)
        reports = self._run_backlog_cron()
        return team, users, cards, reports

    def test_round_robin_spreads_1000_cards_within_caps(self):
        caps = [100, 150, 200, 250, 250]
        team, users, cards, reports = self._backlog_of_1000("round_robin", caps)
        counts = self._open_counts(team)
        self.assertEqual([counts.get(user, 0) for user in users], caps)
        self.assertEqual(len(cards.filtered("user_id")), 950)
        self.assertEqual(reports[0], (200, 800), "one batch per transaction")
        self.assertEqual(reports[-1][0], 0, "the job stops when nothing more fits")

    def test_balanced_spreads_1000_cards_within_caps(self):
        caps = [100, 150, 200, 250, 250]
        team, users, cards, _reports = self._backlog_of_1000("balanced", caps)
        counts = self._open_counts(team)
        self.assertEqual([counts.get(user, 0) for user in users], caps)
        self.assertEqual(len(cards.filtered(lambda c: not c.user_id)), 50)

    def test_balanced_evens_out_1000_cards_without_caps(self):
        team, users, cards, reports = self._backlog_of_1000("balanced", [0, 0, 0, 0])
        counts = self._open_counts(team)
        self.assertEqual([counts[user] for user in users], [250, 250, 250, 250])
        self.assertEqual(reports[-1], (200, 0))

    def test_round_robin_evens_out_1000_cards_without_caps(self):
        team, users, cards, _reports = self._backlog_of_1000("round_robin", [0, 0, 0])
        counts = self._open_counts(team)
        self.assertEqual(sorted(counts[user] for user in users), [333, 333, 334])

    def test_backlog_assignment_sends_no_email_per_card(self):
        cards = self._quiet_cards(5, self.team_auto, self.source_auto)
        self._run_backlog_cron()
        self.assertTrue(all(cards.mapped("user_id")))
        mails = self.env["mail.mail"].search(
            [("model", "=", "social.interest"), ("res_id", "in", cards.ids)]
        )
        self.assertFalse(mails, "the reps find the backlog on their board, not in 5 e-mails")

    def test_backlog_assignment_is_tracked(self):
        cards = self._quiet_cards(2, self.team_auto, self.source_auto)
        self.env.cr.flush()
        self._run_backlog_cron()
        self.env.cr.flush()
        for card in cards:
            tracking = card.message_ids.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "user_id"
            )
            self.assertEqual(tracking.new_value_integer, card.user_id.id)
