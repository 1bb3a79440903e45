from odoo import api, fields, models
from odoo.exceptions import UserError


class SocialInterestEscalate(models.TransientModel):
    """Hand cards over to another team (e.g. from social care to after-sales), with a note
    for them; the team leader is told and follows the card."""

    _name = "social.interest.escalate"
    _description = "Escalate social interest to another team"

    interest_ids = fields.Many2many("social.interest", string="Cards", required=True)
    current_team_ids = fields.Many2many("crm.team", compute="_compute_current_team_ids")
    team_id = fields.Many2one(
        "crm.team",
        string="To team",
        required=True,
        domain="[('id', 'not in', current_team_ids)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('crm_team_ids', 'in', team_id)]",
        help="Empty: the card goes to the team's pool (or to its automatic assignment).",
    )
    note = fields.Text(required=True, help="What the other team needs to know.")

    @api.depends("interest_ids")
    def _compute_current_team_ids(self):
        for wizard in self:
            wizard.current_team_ids = wizard.interest_ids.team_id

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.user_id and self.team_id not in self.user_id.crm_team_ids:
            self.user_id = False

    def action_escalate(self):
        self.ensure_one()
        cards = self.interest_ids
        if self.team_id in cards.team_id:
            raise UserError(self.env._("Choose another team than the card's own."))
        leader = self.team_id.user_id
        body = self.env._(
            "Escalated to %(team)s by %(user)s: %(note)s",
            team=self.team_id.name,
            user=self.env.user.name,
            note=self.note,
        )
        for card in cards:
            card.message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                partner_ids=(leader.partner_id | self.user_id.partner_id).ids,
            )
        followers = (leader | self.user_id).partner_id
        if followers:
            cards.message_subscribe(partner_ids=followers.ids)
        cards.write({"team_id": self.team_id.id, "user_id": self.user_id.id})
        if not self.user_id:
            # sudo: the cards now belong to the other team, which the user may not read; the
            # automatic assignment is the system's job and only follows the team's rules.
            cards.sudo()._social_auto_assign()
        if cards.with_user(self.env.user)._filtered_access("read") == cards:
            return {"type": "ir.actions.act_window_close"}
        # the card left the user's reach (another team's pool): back to the board
        return self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
