from odoo import models


class SocialIdentity(models.Model):
    _inherit = "social.identity"

    def _relink_to_partner(self, old_partner):
        """The person's mentions follow the identity to its contact, as its cards do."""
        result = super()._relink_to_partner(old_partner)
        mentions = self.env["social.mention"].search(
            [("identity_id", "=", self.id), ("partner_id", "in", [False, old_partner.id])]
        )
        # sudo: a mention's contact is a system field (see social.mention.write); these are
        # the mentions of the identity the user just linked
        mentions.sudo().write({"partner_id": self.partner_id.id})
        return result

    def _merge_into(self, target):
        result = super()._merge_into(target)
        # sudo: as for the cards, the mentions of the merged identities move to the one kept
        self.env["social.mention"].sudo().search([("identity_id", "in", self.ids)]).write(
            {"identity_id": target.id, "partner_id": target.partner_id.id}
        )
        return result
