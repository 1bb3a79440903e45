from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext


class SocialInterestCannedReply(models.TransientModel):
    """A canned reply (a ``mail.template`` of the card) for any card: sent by e-mail through
    the composer, or rendered as text to paste under the public post."""

    _name = "social.interest.canned.reply"
    _inherit = "social.interest.composer.mixin"
    _description = "Canned reply to social interest"

    # read as the user (not as superuser, as related fields are by default): the wizard
    # shows nothing of a card its user may not read
    reply_mode = fields.Selection(related="interest_id.reply_mode", compute_sudo=False)
    source_link = fields.Char(related="interest_id.source_link", compute_sudo=False)
    style_guide = fields.Text(related="interest_id.style_guide", compute_sudo=False)
    reply_text = fields.Text(
        compute="_compute_reply_text",
        store=True,
        readonly=False,
        compute_sudo=False,  # the template is rendered with the user's rights on the card
        help="The reply as plain text: adapt it, copy it, then open the post.",
    )

    @api.depends("template_id", "interest_id")
    def _compute_reply_text(self):
        for wizard in self:
            if not wizard.template_id or not wizard.interest_id:
                wizard.reply_text = False
                continue
            if wizard.template_id.model != "social.interest":
                wizard.reply_text = False  # refused by _check_template_model
                continue
            rendered = wizard.template_id._render_field("body_html", wizard.interest_id.ids)
            wizard.reply_text = html2plaintext(rendered[wizard.interest_id.id] or "").strip()

    def action_send_by_email(self):
        """Open the composer to the author with the canned reply loaded."""
        self.ensure_one()
        if not self.interest_id._reply_email():
            raise UserError(self.env._("The author of this card has no e-mail address."))
        action = self.interest_id._action_reply_by_email()
        if self.template_id:
            action["context"]["default_template_id"] = self.template_id.id
        return action

    def action_open_post(self):
        """Open the post to paste the reply; the card records that a reply was started."""
        self.ensure_one()
        card = self.interest_id
        if not card.source_link:
            raise UserError(self.env._("This card has no link to its post."))
        note = self.env._("Reply started on the platform:\n%(text)s", text=self.reply_text or "")
        card._mark_replied(note)
        return {"type": "ir.actions.act_url", "url": card.source_link, "target": "new"}
