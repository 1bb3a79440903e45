from odoo import fields, models
from odoo.exceptions import UserError


class SocialIncidentClose(models.TransientModel):
    """Closing an incident: the post-mortem comes first."""

    _name = "social.incident.close"
    _description = "Close a listening incident"

    incident_id = fields.Many2one("social.incident", required=True, ondelete="cascade")
    post_mortem = fields.Text(help="What happened, what was done, what to change.")

    def action_confirm(self):
        self.ensure_one()
        post_mortem = (self.post_mortem or "").strip()
        if not post_mortem:
            raise UserError(
                self.env._(
                    "Write the post-mortem first: what happened, what was done, what to change."
                )
            )
        if self.incident_id.state == "closed":
            raise UserError(self.env._("This incident is already closed."))
        self.incident_id._close(post_mortem)
        return {"type": "ir.actions.act_window_close"}
