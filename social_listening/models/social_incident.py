from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import plaintext2html

INCIDENT_STATES = [("open", "Open"), ("contained", "Contained"), ("closed", "Closed")]
OPEN_STATES = ("open", "contained")
# who leads the incident and where it stands: its owners and the sales managers decide
STEERING_FIELDS = {"state", "post_mortem", "closed_on", "owner_ids", "playbook_id", "company_id"}


class SocialIncident(models.Model):
    """A negative-mention spike being handled with a playbook: its checklist is the
    incident's activities, its history the chatter (activities done, state changes)."""

    _name = "social.incident"
    _description = "Listening Incident"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "opened_on desc, id desc"

    name = fields.Char(required=True, tracking=True)
    connector_id = fields.Many2one(
        "social.listening.connector", string="Connector", index=True, ondelete="set null"
    )
    playbook_id = fields.Many2one("social.playbook", string="Playbook", ondelete="restrict")
    state = fields.Selection(
        INCIDENT_STATES,
        default="open",
        required=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    opened_on = fields.Datetime(default=fields.Datetime.now, required=True, copy=False)
    closed_on = fields.Datetime(readonly=True, copy=False)
    window_start = fields.Datetime(
        readonly=True, copy=False, help="Start of the spike window the alert counted."
    )
    negative_count = fields.Integer(
        string="Negative mentions",
        readonly=True,
        help="Negative mentions in the spike window when the alert fired.",
    )
    baseline = fields.Float(
        readonly=True, digits=(16, 1), help="Negative mentions usually seen in such a window."
    )
    owner_ids = fields.Many2many(
        "res.users",
        "social_incident_owner_rel",
        "incident_id",
        "user_id",
        string="Owners",
        compute="_compute_owner_ids",
        store=True,
        readonly=False,
        domain="[('share', '=', False)]",
    )
    post_mortem = fields.Text(
        readonly=True, copy=False, help="What happened, what was done, what to change."
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    scenario = fields.Html(related="playbook_id.scenario")
    statement_ids = fields.One2many(
        related="playbook_id.statement_ids", string="Holding statements", readonly=True
    )

    @api.depends("playbook_id")
    def _compute_owner_ids(self):
        for incident in self:
            incident.owner_ids = incident.owner_ids or incident.playbook_id.owner_ids

    @api.model_create_multi
    def create(self, vals_list):
        incidents = super().create(vals_list)
        incidents.filtered("owner_ids")._subscribe_owners()
        incidents.filtered("playbook_id")._schedule_steps()
        return incidents

    def write(self, vals):
        if STEERING_FIELDS.intersection(vals):
            self._check_may_steer()
        result = super().write(vals)
        if "owner_ids" in vals:
            self._subscribe_owners()
        return result

    # ------------------------------------------------------------------ actions

    def action_contain(self):
        """The wave is under control: the team keeps working the checklist."""
        self.filtered(lambda incident: incident.state == "open").state = "contained"

    def action_close(self):
        """Closing asks for the post-mortem first (see ``social.incident.close``)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Close the incident"),
            "res_model": "social.incident.close",
            "view_mode": "form",
            "target": "new",
            "context": {"default_incident_id": self.id},
        }

    def action_open_mentions(self):
        """The connector's negative mentions from the spike window to the close (or now)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_listening.action_social_mention"
        )
        action["domain"] = [
            ("connector_id", "=", self.connector_id.id),
            ("sentiment", "=", "negative"),
            ("posted_at", ">", self.window_start or self.opened_on),
        ]
        if self.closed_on:
            action["domain"].append(("posted_at", "<=", self.closed_on))
        action["context"] = {}
        return action

    def _close(self, post_mortem):
        """Write the post-mortem and close: open checklist activities are listed in it as
        not done, then removed (an incident closed has nothing left to do)."""
        self.ensure_one()
        pending = self.activity_ids
        lines = [self.env._("Post-mortem:"), post_mortem]
        if pending:
            lines += ["", self.env._("Not done:")]
            lines += [
                self.env._(
                    "- %(step)s (%(user)s, due %(deadline)s)",
                    step=activity.summary or activity.activity_type_id.name,
                    user=activity.user_id.name or "-",
                    deadline=fields.Date.to_string(activity.date_deadline),
                )
                for activity in pending
            ]
        self.write(
            {"post_mortem": post_mortem, "closed_on": fields.Datetime.now(), "state": "closed"}
        )
        # plaintext2html escapes the text first: the post-mortem is shown as typed, never as
        # markup, with its line breaks
        self.message_post(body=plaintext2html("\n".join(lines)), message_type="comment")
        pending.action_cancel()

    # ------------------------------------------------------------------ playbook

    @api.model
    def _open_from_spike(self, connector, recent, baseline):
        """Open an incident on ``connector``'s spike with its playbook."""
        now = fields.Datetime.now()
        # the message below says why it was opened: no "created" note before it
        incident = self.with_context(mail_create_nolog=True).create(
            {
                "name": self.env._(
                    "%(connector)s: %(playbook)s",
                    connector=connector.name,
                    playbook=connector.playbook_id.name,
                ),
                "connector_id": connector.id,
                "playbook_id": connector.playbook_id.id,
                "company_id": connector.company_id.id,
                "opened_on": now,
                "window_start": now - timedelta(hours=connector.spike_window_hours),
                "negative_count": recent,
                "baseline": baseline,
            }
        )
        incident.message_post(
            body=self.env._(
                "Playbook %(playbook)s opened on spike: %(recent)s negative mentions in the "
                "last %(hours)s hour(s), against %(baseline).1f usually.",
                playbook=connector.playbook_id.name,
                recent=recent,
                hours=connector.spike_window_hours,
                baseline=baseline,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return incident

    def _post_new_spike(self, recent, baseline):
        """Another spike while the incident runs: said on it, no second incident."""
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "New spike while the incident is open: %(recent)s negative mentions in the "
                "last %(hours)s hour(s), against %(baseline).1f usually.",
                recent=recent,
                hours=self.connector_id.spike_window_hours,
                baseline=baseline,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _check_may_steer(self):
        """Reps work the checklist (their activities, the chatter); the state, the post-mortem
        and the owners are changed by the incident's owners or a sales manager."""
        user = self.env.user
        if self.env.su or user.has_group("sales_team.group_sale_manager"):
            return
        if any(user not in incident.owner_ids for incident in self):
            raise AccessError(
                self.env._(
                    "Only the incident's owners or a sales manager change its state, its "
                    "owners or its post-mortem."
                )
            )

    def _subscribe_owners(self):
        for incident in self:
            incident.message_subscribe(partner_ids=incident.owner_ids.partner_id.ids)

    def _schedule_steps(self):
        """One activity per playbook step, created in one batch."""
        model_id = self.env["ir.model"]._get_id(self._name)
        todo = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        vals_list = []
        for incident in self:
            users = self.env["res.users"]
            for step in incident.playbook_id.step_ids:
                user = incident._step_user(step)
                users |= user
                vals_list.append(
                    {
                        "res_model_id": model_id,
                        "res_id": incident.id,
                        "activity_type_id": (step.activity_type_id or todo).id,
                        "summary": step.name,
                        "note": plaintext2html(step.note) if step.note else False,
                        "user_id": user.id,
                        "date_deadline": incident._step_deadline(step, user),
                    }
                )
            # followers first: mail.activity subscribes each responsible once per activity,
            # and two new activities of one new follower on one record collide
            incident.message_subscribe(partner_ids=users.partner_id.ids)
        return self.env["mail.activity"].create(vals_list)

    def _step_user(self, step):
        """The step's responsible, else the incident's first owner, else the connector's
        team leader, else whoever opened it (the scheduler: someone must hold it)."""
        return (
            step.user_id or self.owner_ids[:1] or self.connector_id.team_id.user_id or self.env.user
        )

    def _step_deadline(self, step, user):
        """The alert time plus the step's delay, as a date in the responsible's time zone."""
        due = self.opened_on + timedelta(hours=step.delay_hours)
        return fields.Datetime.context_timestamp(self.with_context(tz=user.tz), due).date()
