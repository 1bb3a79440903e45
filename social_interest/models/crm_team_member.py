from odoo import fields, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    social_interest_cap = fields.Integer(
        string="Open cards cap",
        default=20,
        help="Automatic assignment gives this member no more open social interest cards "
        "(new or assigned) in this team than this. 0: no cap.",
    )
    social_assignment_optout = fields.Boolean(
        string="Skip card assignment",
        help="Never give this member social interest cards automatically (the pool and "
        "manual assignment still work).",
    )
    social_open_count = fields.Integer(string="Open cards", compute="_compute_social_open_count")

    def _compute_social_open_count(self):
        # sudo: counting the team's open cards, not reading them.
        groups = (
            self.env["social.interest"]
            .sudo()
            ._read_group(
                [
                    ("team_id", "in", self.crm_team_id.ids),
                    ("user_id", "in", self.user_id.ids),
                    ("state", "in", ["new", "assigned"]),
                ],
                ["team_id", "user_id"],
                ["__count"],
            )
        )
        counts = {(team.id, user.id): count for team, user, count in groups}
        for member in self:
            member.social_open_count = counts.get((member.crm_team_id.id, member.user_id.id), 0)
