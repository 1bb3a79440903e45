from odoo import fields, models


class SocialPlaybook(models.Model):
    """A contingency plan for a wave of negative mentions: who leads, what to say while the
    team investigates, and the checklist every incident opened from it starts with."""

    _name = "social.playbook"
    _description = "Contingency Playbook"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    scenario = fields.Html(help="The situation this playbook answers and what to do.")
    owner_ids = fields.Many2many(
        "res.users",
        "social_playbook_owner_rel",
        "playbook_id",
        "user_id",
        string="Owners",
        domain="[('share', '=', False)]",
        help="Who leads the response: followers of every incident, and responsible of the "
        "steps that name nobody (the first of them).",
    )
    statement_ids = fields.One2many(
        "social.playbook.statement", "playbook_id", string="Holding statements", copy=True
    )
    step_ids = fields.One2many("social.playbook.step", "playbook_id", string="Steps", copy=True)
    step_count = fields.Integer(compute="_compute_step_count", string="Steps (count)")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)

    def _compute_step_count(self):
        for playbook in self:
            playbook.step_count = len(playbook.step_ids)
