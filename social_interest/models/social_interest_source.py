from ast import literal_eval

from odoo import api, fields, models

from .. import platforms
from ..lib.selection import PLATFORM_SELECTION
from ..lib.urls import safe_http_url
from .crm_team import ASSIGNMENT_STRATEGY_SELECTION


class SocialInterestSource(models.Model):
    """A configured channel where interest comes from, e.g. "ACME Facebook page"."""

    _name = "social.interest.source"
    _inherit = ["mail.alias.mixin.optional"]
    _description = "Social Interest Source"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=False)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    platform = fields.Selection(PLATFORM_SELECTION, required=True, default="facebook")
    url = fields.Char(string="Page URL", help="The page, account or feed this source watches.")
    url_link = fields.Char(compute="_compute_url_link", string="Page link")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", help="Team that works the cards of this source."
    )
    product_tmpl_id = fields.Many2one(
        "product.template",
        string="Default product",
        help="Product set on new cards when nothing more precise is found.",
    )
    utm_source_id = fields.Many2one(
        "utm.source", string="UTM Source", help="Credited on leads created from its cards."
    )
    utm_medium_id = fields.Many2one("utm.medium", string="UTM Medium")
    monthly_cost = fields.Monetary(
        help="What the channel costs per month (tools, ads, people), for efficiency reports."
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    interest_ids = fields.One2many("social.interest", "source_id", string="Interest")
    cost_ids = fields.One2many(
        "social.interest.source.cost", "source_id", string="Cost history", readonly=True
    )
    interest_count = fields.Integer(compute="_compute_interest_count")
    # assignment and service level
    assignment_strategy = fields.Selection(
        ASSIGNMENT_STRATEGY_SELECTION,
        string="Card assignment",
        help="Empty: the team's strategy.",
    )
    response_target_hours = fields.Float(
        string="Response target (working hours)",
        help="Cards of this source must be answered within this many working hours of the "
        "team's calendar. 0: the team's target.",
    )
    reply_marks_processed = fields.Boolean(
        string="A reply processes the card",
        help="When a rep answers a card of this source in the channel (a reply the platform "
        "confirms), the card is also marked processed.",
    )
    auto_ack_template_id = fields.Many2one(
        "mail.template",
        string="Out-of-hours acknowledgement",
        domain="[('model', '=', 'social.interest')]",
        help="Sent to authors reachable by e-mail when a card arrives outside the team's "
        "working hours; a follow-up activity is then planned for the first working hour.",
    )

    @api.depends("url")
    def _compute_url_link(self):
        for source in self:
            source.url_link = safe_http_url(source.url)

    def _compute_interest_count(self):
        counts = dict(
            self.env["social.interest"]._read_group(
                [("source_id", "in", self.ids)], ["source_id"], ["__count"]
            )
        )
        for source in self:
            source.interest_count = counts.get(source, 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._default_utm_values(vals)
        sources = super().create(vals_list)
        sources.filtered("monthly_cost")._record_cost()
        return sources

    @api.model
    def _default_utm_values(self, vals):
        """Credit the platform in UTM (reusing Odoo's records, creating only missing ones)."""
        # Odoo ships some of these sources and mediums (Facebook, X, LinkedIn, Email,
        # Website); the others are created once. The names are the platform's (registry).
        platform = platforms.get(vals.get("platform") or "facebook")
        mixin = self.env["utm.mixin"]
        if not vals.get("utm_source_id"):
            source_name = platform.utm_source_name
            vals["utm_source_id"] = mixin._find_or_create_record("utm.source", source_name).id
        if not vals.get("utm_medium_id"):
            medium_name = platform.utm_medium_name
            vals["utm_medium_id"] = mixin._find_or_create_record("utm.medium", medium_name).id

    def write(self, vals):
        result = super().write(vals)
        if "monthly_cost" in vals:
            self._record_cost()
        if "team_id" in vals:
            # the alias pre-fills the team of new cards: keep it in step
            for source in self.filtered("alias_id"):
                # sudo: the source's own alias, kept in step with what its manager just set
                source.alias_id.sudo().alias_defaults = source._alias_get_creation_values()[
                    "alias_defaults"
                ]
        return result

    def _record_cost(self):
        """The cost applies from this month on: past months keep the cost they had."""
        month = fields.Date.today().replace(day=1)
        Cost = self.env["social.interest.source.cost"]
        for source in self:
            row = Cost.search([("source_id", "=", source.id), ("date_from", "=", month)])
            if row:
                row.monthly_cost = source.monthly_cost
            else:
                Cost.create(
                    {
                        "source_id": source.id,
                        "date_from": month,
                        "monthly_cost": source.monthly_cost,
                    }
                )

    # ------------------------------------------------------------------ mail gateway

    def _alias_get_creation_values(self):
        """E-mails to a source's alias become cards of that source and its team."""
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("social.interest")
        if self.id:
            values["alias_defaults"] = defaults = literal_eval(self.alias_defaults or "{}")
            defaults["source_id"] = self.id
            if self.team_id:
                defaults["team_id"] = self.team_id.id
            else:
                defaults.pop("team_id", None)
            values["alias_defaults"] = repr(defaults)
        return values

    def action_view_interest(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        action["domain"] = [("source_id", "=", self.id)]
        action["context"] = {"default_source_id": self.id}
        return action
