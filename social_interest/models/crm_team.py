from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools

from ..lib import assignment, business_hours

ASSIGNMENT_STRATEGY_SELECTION = [
    ("claim", "Pool: whoever takes it first"),
    ("round_robin", "Round robin"),
    ("balanced", "Balanced: fewest open cards"),
]
AUTO_STRATEGIES = ("round_robin", "balanced")
# days of working time computed at once (a deadline looks up to 31 days ahead)
WINDOW_DAYS = 34


class CrmTeam(models.Model):
    """A sales team works the social interest of its sources: who takes the cards, how
    fast they must be answered, on which working hours, and in which style."""

    _inherit = "crm.team"

    social_assignment_strategy = fields.Selection(
        ASSIGNMENT_STRATEGY_SELECTION,
        string="Card assignment",
        default="claim",
        # required in the form only: crm's own code (and any module loaded before ours)
        # creates teams without this column's default, which a NOT NULL would refuse
        help="How the team's social interest cards get a responsible. Pool: every member "
        "sees new cards and the first who clicks 'Take it' owns the card. Round robin and "
        "balanced: cards are given automatically on arrival (and by a scheduled action for "
        "the backlog) to the members who are working, within each member's cap.",
    )
    social_response_hours = fields.Float(
        string="Response target (working hours)",
        default=4.0,
        help="Cards must be answered within this many working hours of the team, unless "
        "their source sets its own target. 0: no deadline.",
    )
    social_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Social care working hours",
        help="Working hours and public holidays used for the cards' deadlines and for "
        "out-of-hours acknowledgements. Empty: the company's working hours.",
    )
    social_style_guide = fields.Text(
        string="Reply style guide",
        translate=True,
        help="How the team answers in public (tone, signature, what never to say); shown "
        "on every card of the team.",
    )
    social_interest_ids = fields.One2many("social.interest", "team_id", string="Social interest")
    social_pool_alert_hours = fields.Float(
        string="Pool reminder after (hours)",
        default=2.0,
        help="When cards wait unassigned in the team's pool longer than this, the members are "
        "told (at most once per this many hours). 0: never.",
    )
    social_pool_reminded_at = fields.Datetime(readonly=True, copy=False)

    # ------------------------------------------------------------------ working hours

    def _social_calendar(self):
        """The team's social-care calendar, else its company's, else the current one's."""
        self.ensure_one()
        return (
            self.social_calendar_id
            or self.company_id.resource_calendar_id
            or self.env.company.resource_calendar_id
        )

    @api.model
    def _social_work_intervals(self, calendar, start, end, resource=None):
        """Work intervals (attendances minus leaves) of ``calendar`` as UTC pairs.

        Every card asks for the intervals of the next weeks (its deadline, whether it came
        out of hours): they are computed once per calendar, resource and day, for a window
        of whole days, and kept until the calendar, its attendances or a leave change.
        """
        start = _aware(start)
        end = _aware(end)
        resources = resource or self.env["resource.resource"]
        window_start = datetime.combine(start.date() - timedelta(days=1), time.min, pytz.utc)
        window_end = window_start + timedelta(days=WINDOW_DAYS)
        if end > window_end:
            return self._social_work_intervals_compute(calendar, start, end, resources)
        cached = self._social_work_intervals_cached(
            calendar.id,
            resources.id,
            window_start,
            (self._social_calendar_stamp(calendar), resources.tz or None),
        )
        return [
            (max(begin, start), min(stop, end))
            for begin, stop in cached
            if stop > start and begin < end
        ]

    @api.model
    def _social_work_intervals_compute(self, calendar, start, end, resources):
        # sudo: public holidays and other members' leaves are hidden from salesmen by record
        # rules; only the resulting working time is used here, nothing is shown.
        intervals = calendar.sudo()._work_intervals_batch(start, end, resources=resources)
        return business_hours.normalize(
            (begin.astimezone(pytz.utc), stop.astimezone(pytz.utc))
            for begin, stop, _meta in intervals[resources.id]
        )

    @tools.ormcache("calendar_id", "resource_id", "window_start", "stamp")
    def _social_work_intervals_cached(self, calendar_id, resource_id, window_start, stamp):
        calendar = self.env["resource.calendar"].browse(calendar_id)
        resources = self.env["resource.resource"].browse(resource_id or [])
        window_end = window_start + timedelta(days=WINDOW_DAYS)
        return tuple(
            self._social_work_intervals_compute(calendar, window_start, window_end, resources)
        )

    @api.model
    def _social_calendar_stamp(self, calendar):
        """What changes when the working time of ``calendar`` may change (one query)."""
        for model in (
            "resource.calendar",
            "resource.calendar.attendance",
            "resource.calendar.leaves",
        ):
            self.env[model].flush_model()
        # counts, latest write and a sum over the times: an edit in the same transaction
        # (same write_date) still changes the stamp
        self.env.cr.execute(
            """
            SELECT (SELECT row(write_date, tz)::text FROM resource_calendar
                     WHERE id = %(calendar)s),
                   (SELECT row(count(*), max(write_date),
                               sum(hour_from + hour_to + dayofweek::int))::text
                      FROM resource_calendar_attendance
                     WHERE calendar_id = %(calendar)s),
                   (SELECT row(count(*), max(write_date), max(id),
                               sum(extract(epoch FROM date_from) + extract(epoch FROM date_to)
                                   + coalesce(resource_id, 0) + coalesce(calendar_id, 0)))::text
                      FROM resource_calendar_leaves)
            """,
            {"calendar": calendar.id},
        )
        return tuple(str(value) for value in self.env.cr.fetchone())

    def _social_is_working_time(self, moment=None):
        self.ensure_one()
        moment = _aware(moment or fields.Datetime.now())
        intervals = self._social_work_intervals(
            self._social_calendar(), moment - timedelta(hours=1), moment + timedelta(hours=1)
        )
        return business_hours.is_working(intervals, moment)

    def _social_next_work_start(self, moment=None):
        """The first working moment of the team at or after ``moment`` (naive UTC)."""
        self.ensure_one()
        moment = _aware(moment or fields.Datetime.now())
        calendar = self._social_calendar()
        intervals = self._social_work_intervals(calendar, moment, moment + timedelta(days=31))
        start = business_hours.next_work_start(intervals, moment)
        return start.replace(tzinfo=None) if start else False

    # ------------------------------------------------------------------ assignment

    def _social_available_members(self, moment=None):
        """Members who can receive cards now: active, not opted out, and working.

        A member linked to a resource (an employee, or a resource created for the user) is
        available during that resource's working hours and not on leave. A member without
        resource follows the team's own social-care calendar when one is set, else is
        always available.
        """
        self.ensure_one()
        moment = _aware(moment or fields.Datetime.now())
        members = self.crm_team_member_ids.filtered(
            lambda m: m.active and not m.social_assignment_optout and m.user_id.active
        )
        if not members:
            return members
        # sudo: resources of colleagues are read only to know whether they work now.
        resources = (
            self.env["resource.resource"]
            .sudo()
            .search([("user_id", "in", members.user_id.ids), ("calendar_id", "!=", False)])
        )
        resource_by_user = {resource.user_id.id: resource for resource in resources}
        window = (moment - timedelta(hours=1), moment + timedelta(hours=1))
        available = self.env["crm.team.member"]
        team_working = None
        for member in members:
            resource = resource_by_user.get(member.user_id.id)
            if resource:
                intervals = self._social_work_intervals(resource.calendar_id, *window, resource)
                working = business_hours.is_working(intervals, moment)
            elif self.social_calendar_id:
                if team_working is None:
                    team_working = self._social_is_working_time(moment)
                working = team_working
            else:
                working = True
            if working:
                available |= member
        return available

    def _social_assign(self, cards, strategy):
        """Give ``cards`` (in queue order, all of this team, unassigned) to the members
        available now, following ``strategy``. Returns the cards that got a responsible."""
        self.ensure_one()
        members = self._social_available_members()
        if not cards or not members:
            return cards.browse()
        Interest = self.env["social.interest"]
        # sudo: the load of each member counts all of the team's open cards, including those
        # the user running the assignment cannot read; only counts and one owner are read
        open_counts = dict(
            Interest.sudo()._read_group(
                [
                    ("team_id", "=", self.id),
                    ("user_id", "in", members.user_id.ids),
                    ("state", "in", ["new", "assigned"]),
                ],
                ["user_id"],
                ["__count"],
            )
        )
        pool = [
            assignment.Member(
                key=member.user_id,
                open_count=open_counts.get(member.user_id, 0),
                cap=member.social_interest_cap,
                rank=rank,
            )
            for rank, member in enumerate(members.sorted(lambda m: (m.create_date, m.id)))
        ]
        last_user = False
        if strategy == assignment.ROUND_ROBIN:
            # sudo: as above; only who got the team's last card is read
            last_user = (
                Interest.sudo()
                .search(
                    [("team_id", "=", self.id), ("assign_date", "!=", False)],
                    order="assign_date desc, id desc",
                    limit=1,
                )
                .user_id
            )
        queue = list(cards)
        plan = assignment.distribute(queue, pool, strategy, last_key=last_user)
        position = {card.id: index for index, card in enumerate(queue)}
        assigned = cards.browse()
        # The member who got the last card is written last: round robin resumes after the
        # most recent assignment (latest date, then highest id).
        for user, user_cards in sorted(plan.items(), key=lambda item: position[item[1][-1].id]):
            batch = cards.browse([card.id for card in user_cards])
            batch._social_set_responsible(user)
            assigned |= batch
        return assigned


def _aware(moment):
    """A naive UTC datetime (Odoo's storage) as an aware one."""
    if moment.tzinfo is None:
        return pytz.utc.localize(moment)
    return moment
