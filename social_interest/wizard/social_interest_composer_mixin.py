from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SocialInterestComposerMixin(models.AbstractModel):
    """What every composer of an answer on a card shares (the canned reply here, the reply
    in the channel in social_listening): the card, read as the user, and a canned reply
    that must be a template of the card — checked on the server, not only by the view's
    domain."""

    _name = "social.interest.composer.mixin"
    _description = "Composer of an answer on an interest card"

    interest_id = fields.Many2one("social.interest", required=True, ondelete="cascade")
    template_id = fields.Many2one(
        "mail.template",
        string="Canned reply",
        domain="[('model', '=', 'social.interest')]",
    )

    @api.constrains("interest_id")
    def _check_interest_readable(self):
        for wizard in self:
            wizard.interest_id.check_access("read")

    @api.constrains("template_id")
    def _check_template_model(self):
        for wizard in self:
            if wizard.template_id and wizard.template_id.model != "social.interest":
                raise ValidationError(
                    self.env._("A canned reply is a template of the interest card.")
                )
