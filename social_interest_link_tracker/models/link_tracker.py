from odoo import api, fields, models


class LinkTracker(models.Model):
    _inherit = "link.tracker"

    social_interest_id = fields.Many2one(
        "social.interest",
        string="Social interest card",
        index="btree_not_null",
        ondelete="set null",
        help="The card whose reply carried this link: its clicks are the card's author's.",
    )


class LinkTrackerClick(models.Model):
    _inherit = "link.tracker.click"

    @api.model_create_multi
    def create(self, vals_list):
        clicks = super().create(vals_list)
        clicks._social_record_clicks()
        return clicks

    def _social_record_clicks(self):
        """Each click of a known person counts on that person's click card of the day."""
        source = self.env.ref(
            "social_interest_link_tracker.source_link_clicks", raise_if_not_found=False
        )
        if not source:
            return
        Interest = self.env["social.interest"]
        for click in self:
            partner = click._social_clicker()
            if partner:
                link = click.link_id
                Interest._social_record_hit(
                    source, partner, "click", click.create_date, link.url, link.title
                )

    def _social_clicker(self):
        """The contact who clicked, when the link went to one known person: the tracked
        link of an e-mail reply (the mass mailing bridge adds mailing recipients)."""
        self.ensure_one()
        # sudo: the click comes from the public redirect route; only the card's contact
        # is read to know whose click it is
        card = self.link_id.sudo().social_interest_id
        if card and not card.is_public:
            return card.partner_id
        return self.env["res.partner"]
