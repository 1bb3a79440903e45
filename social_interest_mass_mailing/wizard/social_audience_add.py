from odoo import api, fields, models
from odoo.exceptions import UserError


class SocialAudienceAdd(models.TransientModel):
    """ "Add to mailing list" from the contact list: the selected contacts join a list; when
    the selection is the whole filter, the filter can be kept as an audience that keeps the
    list current."""

    _name = "social.audience.add"
    _description = "Add contacts to a mailing list"

    partner_ids = fields.Many2many("res.partner", string="Contacts")
    partner_count = fields.Integer(compute="_compute_partner_count")
    domain = fields.Char(help="The contact list's filter when the whole of it is selected.")
    selection_is_filter = fields.Boolean(compute="_compute_partner_count")
    mailing_list_id = fields.Many2one("mailing.list", string="Mailing list")
    new_list_name = fields.Char(string="or a new list named")
    keep_current = fields.Boolean(
        string="Keep this list current",
        help="Save the filter as an audience: every day, contacts who come to match it "
        "join the list, and the ones it added who no longer match leave it.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        if context.get("active_model") == "res.partner":
            ids = context.get("active_ids") or []
            values["partner_ids"] = [fields.Command.set(ids)]
            domain = context.get("active_domain")
            if domain is not None:
                Partner = self.env["res.partner"]
                if Partner.search_count(domain) == len(ids):
                    values["domain"] = repr(domain)
        return values

    @api.depends("partner_ids", "domain")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)
            wizard.selection_is_filter = bool(wizard.domain)

    def action_add(self):
        self.ensure_one()
        if not self.partner_ids:
            raise UserError(self.env._("Select the contacts to add first."))
        mailing_list = self.mailing_list_id
        if not mailing_list:
            if not (self.new_list_name or "").strip():
                raise UserError(self.env._("Choose a mailing list or name a new one."))
            mailing_list = self.env["mailing.list"].create({"name": self.new_list_name.strip()})
        Audience = self.env["social.audience"]
        if self.keep_current and self.domain:
            audience = Audience.create(
                {"name": mailing_list.name, "mailing_list_id": mailing_list.id,
                 "domain": self.domain}
            )  # fmt: skip
            added, _removed = audience._refresh_as_owner()
        else:  # a one-off addition: the selected contacts, nobody removed later
            _contacts, added = Audience._add_to_list(mailing_list, self.partner_ids)
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.list",
            "res_id": mailing_list.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"social_audience_added": len(added)},
        }
