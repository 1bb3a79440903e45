import logging
from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, email_normalize, format_datetime

from ..lib import business_hours
from .crm_team import ASSIGNMENT_STRATEGY_SELECTION, AUTO_STRATEGIES
from .selection import OPEN_STATES

_logger = logging.getLogger(__name__)

ACK_INTERVAL_HOURS = 12  # one out-of-hours acknowledgement per address in this time


class SocialInterest(models.Model):
    """The card's service: deadlines, taking a card, automatic assignment, escalation of
    overdue cards and the out-of-hours acknowledgement, with their scheduled actions."""

    # one concern per file of the same model, as Odoo's mail splits mail.thread
    _inherit = "social.interest"  # pylint: disable=consider-merging-classes-inherited

    deadline = fields.Datetime(
        index=True,
        tracking=True,
        compute="_compute_deadline",
        store=True,
        readonly=False,
        help="Answer before this moment: the response target in working hours of the team, "
        "counted from the interest date.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    service_status = fields.Selection(
        [("on_time", "On time"), ("due_soon", "Due soon"), ("overdue", "Overdue")],
        compute="_compute_service_status",
        help="Where an open card stands against its deadline: due soon in the last "
        "two hours before it (the board's column bars).",
    )
    response_hours = fields.Float(compute="_compute_response_hours", store=True, aggregator="avg")
    assign_date = fields.Datetime(
        string="Assigned on",
        readonly=True,
        copy=False,
        index=True,
        help="When the current responsible got the card.",
    )
    assignment_strategy = fields.Selection(
        ASSIGNMENT_STRATEGY_SELECTION,
        compute="_compute_assignment_strategy",
        help="The source's strategy, else its team's.",
    )
    escalation_date = fields.Datetime(
        string="Escalated on",
        readonly=True,
        copy=False,
        help="When the overdue card was escalated to the team leader (once per card).",
    )
    ack_sent_date = fields.Datetime(
        string="Acknowledged on",
        readonly=True,
        copy=False,
        help="When the out-of-hours acknowledgement was sent to the author.",
    )
    ack_due_date = fields.Datetime(
        string="Acknowledgement due since",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The card arrived out of hours at this moment: its acknowledgement is sent by "
        "a scheduled action woken up on arrival.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("source_id.assignment_strategy", "team_id.social_assignment_strategy")
    def _compute_assignment_strategy(self):
        for card in self:
            card.assignment_strategy = (
                card.source_id.assignment_strategy or card.team_id.social_assignment_strategy
            )

    @api.depends("interest_date", "source_id", "team_id")
    def _compute_deadline(self):
        """Response target (the source's, else the team's) in working hours of the team's
        calendar (else the company's), counted from the interest date. Leaves and public
        holidays of the calendar are skipped. A card already answered keeps its deadline."""
        groups = {}
        for card in self:
            if card.first_response_date and card.deadline:
                card.deadline = card.deadline  # answered: the promise made stays as it was
                continue
            hours = card.source_id.response_target_hours or card.team_id.social_response_hours
            if not hours or not card.interest_date:
                card.deadline = False
                continue
            calendar = (
                card.team_id._social_calendar()
                if card.team_id
                else card.company_id.resource_calendar_id or self.env.company.resource_calendar_id
            )
            groups.setdefault((calendar, hours), []).append(card)
        for (calendar, hours), cards in groups.items():
            deadlines = self._social_plan_deadlines(
                calendar, hours, [card.interest_date for card in cards]
            )
            for card, deadline in zip(cards, deadlines, strict=True):
                card.deadline = deadline

    @api.model
    def _social_plan_deadlines(self, calendar, hours, starts):
        """Deadlines (naive UTC) for ``starts`` on one calendar, with one fetch of its
        working time for the whole batch."""
        if not calendar:
            return [start + timedelta(hours=hours) for start in starts]
        Team = self.env["crm.team"]
        begin = min(starts)
        # enough calendar for the target even at 8 hours a day, 5 days a week, plus holidays
        window = timedelta(days=14 + int(hours / 8 * 7 / 5) * 2)
        intervals = Team._social_work_intervals(calendar, begin, max(starts) + window)
        deadlines = []
        for start in starts:
            aware = pytz.utc.localize(start)
            deadline = business_hours.plan_hours(intervals, aware, hours)
            if deadline is None:  # an unusually long target: let the calendar walk further
                deadline = calendar.plan_hours(hours, aware, compute_leaves=True)
            if not deadline:  # a calendar without any working time
                deadline = aware + timedelta(hours=hours)
            deadlines.append(deadline.astimezone(pytz.utc).replace(tzinfo=None))
        return deadlines

    @api.depends("deadline", "state")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for card in self:
            card.is_overdue = bool(
                card.deadline and card.deadline < now and card.state in OPEN_STATES
            )

    @api.depends("deadline", "state")
    def _compute_service_status(self):
        now = fields.Datetime.now()
        for card in self:
            card.service_status = _service_status(card.deadline, card.state, now)

    def _read_group_groupby(self, groupby_spec, query):
        """The board's column bars group the open cards by their service status, computed
        in SQL from the deadline and now (as Odoo does for activities)."""
        if groupby_spec != "service_status":
            return super()._read_group_groupby(groupby_spec, query)
        now = fields.Datetime.now()
        deadline = self._field_to_sql(self._table, "deadline", query)
        state = self._field_to_sql(self._table, "state", query)
        return SQL(
            """CASE WHEN %(deadline)s IS NULL OR %(state)s NOT IN %(open)s THEN NULL
                    WHEN %(deadline)s < %(now)s THEN 'overdue'
                    WHEN %(deadline)s < %(soon)s THEN 'due_soon'
                    ELSE 'on_time' END""",
            deadline=deadline,
            state=state,
            open=tuple(OPEN_STATES),
            now=now,
            soon=now + DUE_SOON,
        )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue cards."))
        overdue = [
            ("deadline", "<", fields.Datetime.now()),
            ("state", "in", list(OPEN_STATES)),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.depends("first_response_date", "interest_date")
    def _compute_response_hours(self):
        for card in self:
            if card.first_response_date and card.interest_date:
                delta = card.first_response_date - card.interest_date
                card.response_hours = max(delta.total_seconds(), 0) / 3600.0
            else:
                card.response_hours = 0.0

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        cards._social_on_arrival()
        return cards

    def write(self, vals):
        if "user_id" in vals:
            vals = dict(vals, assign_date=fields.Datetime.now() if vals["user_id"] else False)
        return super().write(vals)

    # ------------------------------------------------------------------ actions

    def action_claim(self):
        """Take it: the card becomes the current user's, unless someone was faster.

        The rows are locked first (``SELECT ... FOR UPDATE``) so that concurrent clicks in
        separate transactions are serialised: the first one owns the card; PostgreSQL makes
        the others fail with a serialization error, Odoo replays their request, and the
        replay finds the owner and says who it is.
        """
        if not self:
            return True
        self.flush_recordset(["user_id", "team_id"])
        self.env.cr.execute(
            SQL(
                "SELECT id, user_id, team_id FROM social_interest WHERE id IN %s "
                "ORDER BY id FOR UPDATE",
                tuple(self.ids),
            )
        )
        rows = self.env.cr.fetchall()
        me = self.env.user
        my_team_ids = set(me.crm_team_ids.ids)
        for _card_id, owner_id, team_id in rows:
            # The loser can no longer read the card (it left the team's pool): still tell
            # them who took it, as long as the card belongs to one of their teams.
            if owner_id and owner_id != me.id and (not team_id or team_id in my_team_ids):
                raise UserError(
                    self.env._(
                        "%(owner)s already took this card.",
                        owner=self.env["res.users"].browse(owner_id).name,
                    )
                )
        self.invalidate_recordset(["user_id"])
        self.check_access("write")
        self.filtered(lambda c: not c.user_id)._social_set_responsible(me)
        return True

    def action_escalate_team(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to another team"),
            "res_model": "social.interest.escalate",
            "view_mode": "form",
            "target": "new",
            "context": {"default_interest_ids": self.ids},
        }

    # ------------------------------------------------------------------ assignment

    def _social_set_responsible(self, user):
        """Give the cards to ``user`` (tracked in the chatter by the ``user_id`` tracking)."""
        if self:
            self.write({"user_id": user.id})

    def _social_on_arrival(self):
        """New cards: automatic assignment where the strategy says so, then the
        out-of-hours acknowledgement."""
        if self.env.context.get("social_interest_no_arrival"):
            return
        assigned = self.filtered(
            lambda c: not c.user_id
            and c.team_id
            and c.assignment_strategy in AUTO_STRATEGIES
            and c.state == "new"
        )._social_auto_assign()
        if assigned:
            # a change on a card created in this transaction is not tracked: say it
            strategies = dict(self._fields["assignment_strategy"]._description_selection(self.env))
            assigned._message_log_batch(
                bodies={
                    card.id: self.env._(
                        "Assigned to %(user)s on arrival (%(strategy)s).",
                        user=card.user_id.name,
                        strategy=strategies.get(card.assignment_strategy, ""),
                    )
                    for card in assigned
                }
            )
        self._social_acknowledge_out_of_hours()

    def _social_auto_assign(self):
        """Assign the cards whose strategy is automatic; returns the assigned ones.

        Cards are locked with ``SKIP LOCKED``: a card being taken by a rep, or handled by
        another worker, is left alone rather than waited for.
        """
        cards = self.filtered(
            lambda c: c.team_id and not c.user_id and c.assignment_strategy in AUTO_STRATEGIES
        )
        if not cards:
            return self.browse()
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM social_interest WHERE id IN %s AND user_id IS NULL "
                "FOR UPDATE SKIP LOCKED",
                tuple(cards.ids),
            )
        )
        free_ids = {row[0] for row in self.env.cr.fetchall()}
        cards.invalidate_recordset(["user_id"])
        cards = cards.filtered(lambda c: c.id in free_ids and not c.user_id)
        assigned = self.browse()
        for (team, strategy), group in cards.grouped(
            lambda c: (c.team_id, c.assignment_strategy)
        ).items():
            queue = group.sorted(lambda c: (c.deadline or c.interest_date, c.interest_date, c.id))
            assigned |= team._social_assign(queue, strategy)
        return assigned

    @api.model
    def _social_backlog_domain(self):
        return [
            ("user_id", "=", False),
            ("state", "=", "new"),
            ("team_id", "!=", False),
            "|",
            ("source_id.assignment_strategy", "in", list(AUTO_STRATEGIES)),
            "&",
            "|",
            ("source_id", "=", False),
            ("source_id.assignment_strategy", "=", False),
            ("team_id.social_assignment_strategy", "in", list(AUTO_STRATEGIES)),
        ]

    @api.model
    def _cron_assign_backlog(self, batch_size=200):
        """Scheduled action: give waiting cards of automatic teams to available members,
        one batch per transaction (the cron runner calls again while work remains)."""
        cards = self.search(self._social_backlog_domain(), limit=batch_size)
        # one "you have been assigned" e-mail per card would flood the reps: the backlog
        # lands on their board (and in the chatter's tracking) instead
        assigned = cards.with_context(mail_auto_subscribe_no_notify=True)._social_auto_assign()
        # one notice per person instead
        for (team, user), theirs in assigned.grouped(lambda c: (c.team_id, c.user_id)).items():
            if user.partner_id and team:
                team.message_notify(
                    partner_ids=user.partner_id.ids,
                    subject=self.env._("Social interest cards assigned to you"),
                    body=self.env._(
                        "%(count)s waiting card(s) of %(team)s were assigned to you.",
                        count=len(theirs),
                        team=team.name,
                    ),
                )
        remaining = self.search_count(self._social_backlog_domain()) if assigned else 0
        self.env["ir.cron"]._notify_progress(done=len(assigned), remaining=remaining)
        return assigned

    @api.model
    def _cron_remind_pool(self):
        """Scheduled action: tell a team's members when cards wait unassigned in its pool
        longer than the team's threshold; once per threshold period, one notice per team."""
        now = fields.Datetime.now()
        teams = self.env["crm.team"].search([("social_pool_alert_hours", ">", 0)])
        for team in teams:
            threshold = timedelta(hours=team.social_pool_alert_hours)
            if team.social_pool_reminded_at and team.social_pool_reminded_at > now - threshold:
                continue
            waiting = self.search_count(
                [
                    ("team_id", "=", team.id),
                    ("user_id", "=", False),
                    ("state", "=", "new"),
                    ("interest_date", "<", now - threshold),
                ]
            )
            members = team.member_ids.filtered("active").partner_id
            if not waiting or not members:
                continue
            hours = f"{team.social_pool_alert_hours:g}"
            body = self.env._(
                "%(count)s card(s) of %(team)s wait unassigned for more than %(hours)s "
                "hour(s): take them on the Social Interest board.",
                count=waiting,
                team=team.name,
                hours=hours,
            )
            team.message_notify(
                partner_ids=members.ids, subject=self.env._("Cards wait in the pool"), body=body
            )
            team.social_pool_reminded_at = now

    # ------------------------------------------------------------------ service level

    @api.model
    def _cron_escalate_overdue(self, batch_size=100):
        """Scheduled action: each open card past its deadline is escalated once, with an
        activity and a notification for the team leader."""
        domain = [
            ("deadline", "<", fields.Datetime.now()),
            ("state", "in", list(OPEN_STATES)),
            ("escalation_date", "=", False),
        ]
        cards = self.search(domain, limit=batch_size)
        cards._social_escalate()
        remaining = self.search_count(domain) if cards else 0
        self.env["ir.cron"]._notify_progress(done=len(cards), remaining=remaining)
        return cards

    def _social_escalate(self):
        now = fields.Datetime.now()
        for card in self:
            leader = card.team_id.user_id
            card.escalation_date = now
            body = self.env._(
                "Overdue: this card should have been answered by %(deadline)s.",
                deadline=format_datetime(self.env, card.deadline, tz=leader.tz or None),
            )
            if leader:
                card.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.context_today(card),
                    summary=self.env._("Overdue card: answer or reassign it"),
                    note=body,
                    user_id=leader.id,
                )
            card.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=leader.partner_id.ids,
            )

    # ------------------------------------------------------------------ out of hours

    def _social_acknowledge_out_of_hours(self):
        """Outside the team's working hours, an author reachable by e-mail is due the
        source's acknowledgement: noted on the card, and the sending action woken up.

        The e-mail itself (rendering, posting, the follow-up) is not made while the gateway
        delivers: the mail fetch stays short, and a broken template cannot stop a card.
        """
        now = fields.Datetime.now()
        # a public post or comment arriving from outside gets no e-mail: its responsible finds
        # a follow-up for the next working morning instead (the answer is given on the
        # platform); a card a user makes by hand is not an arrival
        arrival = self.env.context.get("social_interest_arrival")
        public_summary = self.env._("Answer this public post: it arrived out of hours")
        for card in self.filtered(
            lambda c: arrival
            and c.is_public
            and c.state in OPEN_STATES
            and c.team_id
            and not c.team_id._social_is_working_time(now)
        ):
            card._social_schedule_follow_up(
                card.team_id._social_next_work_start(now), public_summary
            )
        due = self.filtered(lambda card: card._social_ack_wanted(now))
        if not due:
            return
        # sudo: the due date is a system field (see SYSTEM_FIELDS), set on cards the gateway
        # is creating
        due.sudo().ack_due_date = now
        # sudo: waking a scheduled action of this module up; it runs as its own user
        self.env.ref("social_interest.ir_cron_send_acknowledgements").sudo()._trigger()

    def _social_ack_wanted(self, moment):
        self.ensure_one()
        return bool(
            self.source_id.auto_ack_template_id
            and self.sender_check != "unverified"
            and not self.ack_sent_date
            and self.state in OPEN_STATES
            and not self.first_response_date
            and self.team_id
            and not self.team_id._social_is_working_time(moment)
            and self._reply_email()
            and not self._social_acked_recently(moment)
        )

    def _social_acked_recently(self, moment):
        """True when the author's address got an acknowledgement in the last hours: one per
        person per night, however many e-mails come (or are forged) in their name."""
        self.ensure_one()
        address = email_normalize(self._reply_email() or "")
        if not address:
            return False
        return bool(
            self.search_count(
                [
                    ("id", "!=", self.id),
                    ("author_email_normalized", "=", address),
                    ("ack_sent_date", ">=", moment - timedelta(hours=ACK_INTERVAL_HOURS)),
                ],
                limit=1,
            )
        )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=100):
        """Scheduled action: send the acknowledgements due (see ``ack_due_date``).

        A card answered or closed since it arrived gets none. A failure (a template that
        does not render) is written on the card, which is not tried again.
        """
        domain = [("ack_due_date", "!=", False), ("ack_sent_date", "=", False)]
        cards = self.search(domain, order="ack_due_date, id", limit=batch_size)
        for card in cards:
            template = card.source_id.auto_ack_template_id
            if not (
                template
                and card.state in OPEN_STATES
                and not card.first_response_date
                and card._reply_email()
                and not card._social_acked_recently(fields.Datetime.now())
            ):
                card.ack_due_date = False
                continue
            try:
                with self.env.cr.savepoint():
                    card._social_post_template(template, card._reply_partner(create=True))
                    card.ack_sent_date = fields.Datetime.now()
                    card._social_schedule_follow_up(
                        card.team_id._social_next_work_start(card.ack_due_date)
                    )
            except Exception as error:  # any failure is the card's, not the batch's
                _logger.warning("Acknowledgement of card %s failed", card.id, exc_info=True)
                card.ack_due_date = False
                card.message_post(
                    body=self.env._(
                        "The out-of-hours acknowledgement could not be sent: %(error)s",
                        error=str(error),
                    ),
                    subtype_xmlid="mail.mt_note",
                )
        remaining = self.search_count(domain) if cards else 0
        self.env["ir.cron"]._notify_progress(done=len(cards), remaining=remaining)
        return cards

    def _social_post_template(self, template, partner):
        """Post ``template`` on the card as a message to ``partner`` (an e-mail goes out).

        What the mail composer does in comment mode with a template, without its wizard
        (a record with some thirty computed fields, for each acknowledgement).
        """
        self.ensure_one()
        values = template._generate_template(
            self.ids, ("subject", "body_html", "email_from", "reply_to")
        )[self.id]
        self.with_context(social_interest_auto_ack=True).message_post(
            body=values.get("body_html") or "",
            subject=values.get("subject") or False,
            email_from=values.get("email_from") or None,
            reply_to=values.get("reply_to") or None,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=partner.ids,
            email_layout_xmlid=template.email_layout_xmlid or None,
            mail_auto_delete=template.auto_delete,
            mail_server_id=template.mail_server_id.id or False,
        )

    def _social_schedule_follow_up(self, when, summary=None):
        self.ensure_one()
        user = self.user_id or self.team_id.user_id
        if not user or not when:
            return
        calendar_tz = pytz.timezone(self.team_id._social_calendar().tz or "UTC")
        local = pytz.utc.localize(when).astimezone(calendar_tz)
        what = summary or self.env._("the author got the out-of-hours acknowledgement")
        at = local.strftime("%H:%M")
        text = self.env._("Follow up at %(time)s: %(what)s", time=at, what=what)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=local.date(),
            summary=text,
            user_id=user.id,
        )

    def _notify_by_email_get_headers(self, headers=None):
        """The out-of-hours acknowledgement is an automatic reply (RFC 3834): mail systems
        and our own gateway then never answer it, which prevents loops."""
        headers = super()._notify_by_email_get_headers(headers=headers)
        if self.env.context.get("social_interest_auto_ack"):
            headers["Auto-Submitted"] = "auto-replied"
            headers["X-Auto-Response-Suppress"] = "All"
        return headers


DUE_SOON = timedelta(hours=2)


def _service_status(deadline, state, now):
    if not deadline or state not in OPEN_STATES:
        return False
    if deadline < now:
        return "overdue"
    return "due_soon" if deadline < now + DUE_SOON else "on_time"
