from odoo import fields, models


class SocialPlaybookStep(models.Model):
    """One line of a playbook's checklist: an activity on every incident opened from it."""

    _name = "social.playbook.step"
    _description = "Playbook Step"
    _order = "playbook_id, sequence, id"

    playbook_id = fields.Many2one("social.playbook", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Step", required=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity type",
        default=lambda self: self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False),
        domain="[('res_model', 'in', (False, 'social.incident'))]",
        ondelete="set null",
        help="Empty: To-Do.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        help="Empty: the playbook's first owner.",
    )
    delay_hours = fields.Integer(
        string="Deadline (hours)", help="Due this many hours after the alert."
    )
    note = fields.Text()
