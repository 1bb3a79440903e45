from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SocialInterestSource(models.Model):
    _inherit = "social.interest.source"

    public_ack_template_id = fields.Many2one(
        "mail.template",
        string="Out-of-hours public acknowledgement",
        domain="[('model', '=', 'social.interest')]",
        help="Posted in the channel under a public post that arrives outside the team's "
        "working hours, through the listening connector's account (where it may post); the "
        "responsible gets a follow-up for the next working morning. Keep it short: it is "
        "counted against the platform's limit.",
    )

    @api.constrains("public_ack_template_id")
    def _check_public_ack_template(self):
        for source in self:
            template = source.public_ack_template_id
            if template and template.model != "social.interest":
                raise ValidationError(
                    self.env._(
                        "The out-of-hours public acknowledgement is a template of the "
                        "interest card."
                    )
                )
