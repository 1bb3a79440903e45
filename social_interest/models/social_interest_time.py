from odoo import api, fields, models
from odoo.exceptions import AccessError

# A form left open over lunch is not two hours of work: one visit counts at most this long.
FORM_VISIT_MAX_SECONDS = 30 * 60
FORM_VISIT_MIN_SECONDS = 1
# and a rep's time on cards of one day at most this long, whatever the forms report
FORM_DAY_MAX_SECONDS = 12 * 3600


class SocialInterestTime(models.AbstractModel):
    """The card's handling time: first open to reply, and time on its form.

    Kept apart from the card as an abstract mixin: the timesheet bridge replaces where the
    time goes (``_social_log_work``, ``_social_day_hours``) without touching the card."""

    _name = "social.interest.time"
    _description = "Time spent on a social interest card"

    work_ids = fields.One2many("social.interest.work", "interest_id", string="Time spent")
    first_open_date = fields.Datetime(
        string="First opened on",
        readonly=True,
        copy=False,
        help="When someone of the staff first opened the card.",
    )
    work_hours = fields.Float(
        string="Time spent (h)",
        compute="_compute_work_hours",
        store=True,
        aggregator="sum",
        help="Time the reps spent on the card's form (or logged in timesheets).",
    )
    handling_hours = fields.Float(
        string="Open to reply (h)",
        compute="_compute_handling_hours",
        store=True,
        aggregator="avg",
        help="Hours from the first opening of the card to its first reply.",
    )

    @api.depends("work_ids.duration")
    def _compute_work_hours(self):
        # sudo: the card's total of everyone's time, whoever looks (a rep reads only their
        # own lines); no line is returned
        data = dict(
            self.env["social.interest.work"]
            .sudo()
            ._read_group([("interest_id", "in", self.ids)], ["interest_id"], ["duration:sum"])
        )
        for card in self:
            card.work_hours = data.get(card, 0.0)

    @api.depends("first_open_date", "first_response_date")
    def _compute_handling_hours(self):
        for card in self:
            if card.first_open_date and card.first_response_date:
                delta = card.first_response_date - card.first_open_date
                card.handling_hours = max(delta.total_seconds(), 0.0) / 3600.0
            else:
                card.handling_hours = 0.0

    def action_social_form_opened(self):
        """Called by the card's form when it shows the card: the first opening counts, and
        the visit of this rep starts on the server's clock."""
        self._social_check_staff()
        now = fields.Datetime.now()
        unopened = self.filtered(lambda card: not card.first_open_date)
        if unopened:
            # sudo: a read-only card of the pool still records that it was opened; only
            # the date is written (a system field: see SYSTEM_FIELDS)
            unopened.sudo().write({"first_open_date": now})
        # sudo: the current user's own visit of cards they can read (checked above); reps
        # have no access to visits, so that they cannot move the clock
        Visit = self.env["social.interest.visit"].sudo()
        visits = Visit.search([("interest_id", "in", self.ids), ("user_id", "=", self.env.uid)])
        visits.write({"opened_at": now})
        Visit.create(
            [
                {"interest_id": card.id, "user_id": self.env.uid, "opened_at": now}
                for card in self - visits.interest_id
            ]
        )
        return True

    def action_social_form_time(self, seconds):
        """Called by the card's form when it leaves the card (or the tab is hidden):
        ``seconds`` it was visible. Counted no more than the time since the server saw the
        form open (once per opening), capped per visit and per rep and day."""
        self.ensure_one()
        self._social_check_staff()
        try:
            seconds = float(seconds)
        except (TypeError, ValueError):
            return False
        # sudo: the current user's own visit of a card they can read (checked above)
        visit = (
            self.env["social.interest.visit"]
            .sudo()
            .search([("interest_id", "=", self.id), ("user_id", "=", self.env.uid)], limit=1)
        )
        if not visit:
            return False
        elapsed = (fields.Datetime.now() - visit.opened_at).total_seconds()
        visit.unlink()  # a visit counts once
        day_left = FORM_DAY_MAX_SECONDS - self._social_day_hours(self.env.user) * 3600.0
        seconds = min(seconds, elapsed, FORM_VISIT_MAX_SECONDS, day_left)
        if not seconds >= FORM_VISIT_MIN_SECONDS:  # NaN too
            return False
        self._social_log_work(self.env.user, seconds / 3600.0)
        return True

    @api.model
    def _social_day_hours(self, user):
        """Hours of ``user`` on cards today, as the forms recorded them (the timesheet
        bridge adds the timesheet lines)."""
        # sudo: the user's own lines of the day, summed; no line is returned
        [[hours]] = (
            self.env["social.interest.work"]
            .sudo()
            ._read_group(
                [("user_id", "=", user.id), ("date", "=", fields.Date.context_today(self))],
                [],
                ["duration:sum"],
            )
        )
        return hours or 0.0

    def _social_check_staff(self):
        if self.env.user.share:
            raise AccessError(self.env._("Only staff time counts on cards."))
        self.check_access("read")

    def _social_log_work(self, user, hours):
        """Add ``hours`` of ``user`` to the card's time of today (the timesheet bridge
        writes a timesheet line instead)."""
        self.ensure_one()
        # sudo: the rep's own time on a card they can read, as the server measured it (see
        # action_social_form_time); reps only read their lines
        self._social_add_day_hours(
            self.env["social.interest.work"].sudo(),
            {"interest_id": self.id, "user_id": user.id},
            "duration",
            hours,
        )

    def _social_add_day_hours(self, Lines, key, field, hours, extra=None):
        """Add ``hours`` to ``field`` of today's line of ``Lines`` matching ``key`` (a
        dict of values), creating it (with ``extra`` values) on the first time of the day."""
        key = dict(key, date=fields.Date.context_today(self))
        line = Lines.search([(name, "=", value) for name, value in key.items()], limit=1)
        if line:
            line[field] += hours
        else:
            Lines.create({**key, field: hours, **(extra or {})})
