from odoo import fields, models

from .social_incident import OPEN_STATES


class SocialListeningConnector(models.Model):
    """A spike opens an incident run by the connector's playbook."""

    _inherit = "social.listening.connector"

    playbook_id = fields.Many2one(
        "social.playbook",
        string="Playbook for spikes",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="A spike opens an incident with this playbook's owners, checklist and holding "
        "statements; while one is open, new spikes are added to it.",
    )
    incident_ids = fields.One2many("social.incident", "connector_id", string="Incidents")
    incident_count = fields.Integer(compute="_compute_incident_count")

    def _compute_incident_count(self):
        counts = dict(
            self.env["social.incident"]._read_group(
                [("connector_id", "in", self.ids)], ["connector_id"], ["__count"]
            )
        )
        for connector in self:
            connector.incident_count = counts.get(connector, 0)

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_listening.action_social_incident"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {"default_connector_id": self.id}
        return action

    def _notify_spike(self, recent, baseline, incident=None):
        """The playbook's incident is opened (or joined) first: the managers' alert links
        it. Two concurrent runs of one connector cannot both open one: each updates the
        connector's row before the check (``_ingest``), so the second waits for the first
        and then fails on the concurrent update."""
        return super()._notify_spike(
            recent, baseline, incident=incident or self._spike_incident(recent, baseline)
        )

    def _spike_incident(self, recent, baseline):
        """The incident this spike opens with the playbook, or the open one it joins (one
        at a time per connector); none without a playbook."""
        Incident = self.env["social.incident"]
        if not self.playbook_id:
            return Incident
        running = Incident.search(
            [("connector_id", "=", self.id), ("state", "in", OPEN_STATES)],
            order="opened_on desc",
            limit=1,
        )
        if running:
            running._post_new_spike(recent, baseline)
            return running
        return Incident._open_from_spike(self, recent, baseline)
