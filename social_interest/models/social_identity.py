from odoo import api, fields, models

from ..lib.urls import safe_http_url
from .selection import PLATFORM_SELECTION


class SocialIdentity(models.Model):
    """One person on one platform, linked to the partner that is the customer record."""

    _name = "social.identity"
    _description = "Social Identity"
    _order = "name, id"
    _rec_names_search = ["name", "handle", "profile_url"]

    name = fields.Char(required=True, index="trigram")
    platform = fields.Selection(PLATFORM_SELECTION, required=True, index=True)
    handle = fields.Char(
        index=True, help="The account name on the platform, e.g. @acme, without the @."
    )
    profile_url = fields.Char(string="Profile URL", index=True)
    profile_link = fields.Char(compute="_compute_profile_link", string="Profile link")
    email = fields.Char(index=True)
    image_128 = fields.Image("Photo", max_width=128, max_height=128)
    followers = fields.Integer(help="Shown for context only: it never reorders the queue.")
    partner_id = fields.Many2one("res.partner", string="Contact", index=True, ondelete="set null")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    interest_ids = fields.One2many("social.interest", "identity_id", string="Interest")
    interest_count = fields.Integer(compute="_compute_interest_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "platform_handle_uniq",
            "unique(platform, handle, company_id)",
            "This handle already has an identity on this platform.",
        ),
    ]

    @api.depends("profile_url")
    def _compute_profile_link(self):
        for identity in self:
            identity.profile_link = safe_http_url(identity.profile_url)

    def _compute_interest_count(self):
        counts = dict(
            self.env["social.interest"]._read_group(
                [("identity_id", "in", self.ids)], ["identity_id"], ["__count"]
            )
        )
        for identity in self:
            identity.interest_count = counts.get(identity, 0)

    def action_view_interest(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        action["domain"] = [("identity_id", "=", self.id)]
        action["context"] = {"default_identity_id": self.id}
        return action
