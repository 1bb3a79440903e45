from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from odoo.addons.social_interest.lib.sensitive import sensitive_kinds


class SocialInterestReply(models.TransientModel):
    """The composer of an answer posted in the channel, through the connector's account."""

    _name = "social.interest.reply"
    _inherit = "social.interest.composer.mixin"
    _description = "Reply in the channel"

    # read as the user (not as superuser, as related fields are by default): the composer
    # shows nothing of a card its user may not read
    platform = fields.Selection(related="interest_id.platform", compute_sudo=False)
    connector_id = fields.Many2one(related="interest_id.reply_connector_id", compute_sudo=False)
    post_text = fields.Text(related="interest_id.body_masked", string="Post", compute_sudo=False)
    text = fields.Text(
        compute="_compute_text",
        store=True,
        readonly=False,
        compute_sudo=False,  # the template is rendered with the user's rights on the card
        help="The answer, plain text.",
    )
    char_limit = fields.Integer(
        compute="_compute_char_limit", string="Limit", help="As the platform counts."
    )
    char_count = fields.Integer(compute="_compute_char_count", string="Length")
    too_long = fields.Boolean(compute="_compute_char_count")
    # what the channel's writer says before sending (see Writer.notice / Writer.options)
    channel_notice = fields.Text(compute="_compute_channel", string="Channel")
    channel_options = fields.Json(compute="_compute_channel")
    channel_option = fields.Selection(
        selection="_selection_channel_option",
        string="Send as",
        help="The channel allows only these messages now (e.g. an approved template).",
    )

    @api.model
    def _selection_channel_option(self):
        """The writer's options for the card the composer was opened on."""
        card = self.env["social.interest"].browse(self.env.context.get("default_interest_id"))
        if not card.exists() or not card.has_access("read") or not card.reply_connector_id:
            return []
        return card._writer().options()

    @api.depends("template_id", "interest_id")
    def _compute_text(self):
        for wizard in self:
            if not wizard.template_id or not wizard.interest_id:
                wizard.text = wizard.text or False
                continue
            if wizard.template_id.model != "social.interest":
                wizard.text = False  # refused by _check_template_model
                continue
            # the card's language picks the template's translation
            template = wizard.template_id.with_context(lang=wizard.interest_id._reply_lang())
            rendered = template._render_field("body_html", wizard.interest_id.ids)
            wizard.text = html2plaintext(rendered[wizard.interest_id.id] or "").strip()

    @api.depends("interest_id")
    def _compute_char_limit(self):
        for wizard in self:
            writer = wizard.interest_id._writer() if wizard.connector_id else None
            wizard.char_limit = writer.limit() if writer else 0

    @api.depends("text", "char_limit")
    def _compute_char_count(self):
        for wizard in self:
            writer = wizard.interest_id._writer() if wizard.connector_id else None
            wizard.char_count = writer.count(wizard.text or "") if writer else 0
            wizard.too_long = bool(wizard.char_limit) and wizard.char_count > wizard.char_limit

    @api.depends("interest_id")
    def _compute_channel(self):
        for wizard in self:
            writer = wizard.interest_id._writer() if wizard.connector_id else None
            wizard.channel_notice = (writer.notice() if writer else "") or False
            wizard.channel_options = (writer.options() if writer else []) or False

    def action_send(self):
        self.ensure_one()
        # the right to answer in the company's name comes first: nothing of the text is
        # tracked, checked or sent for a user who may not post
        self.interest_id._check_may_post()
        text = (self.text or "").strip()
        if not text:
            raise UserError(self.env._("Write the answer first."))
        # links go out tracked (with the link tracker bridge): clicks per channel
        text = self.interest_id._social_track_links(text)
        writer = self.interest_id._writer()
        kinds = sensitive_kinds(text) if not writer.private else ()
        if kinds:
            raise UserError(
                self.env._(
                    "The answer holds data that must not be public (%(kinds)s). Move the "
                    "conversation to a private channel (button on the card) and ask there.",
                    kinds=", ".join(sorted(kinds)),
                )
            )
        limit = writer.limit()
        if limit and writer.count(text) > limit:
            raise UserError(
                self.env._(
                    "The answer is %(count)s characters long as %(platform)s counts them; it "
                    "takes %(limit)s at most.",
                    count=writer.count(text),
                    platform=self.interest_id._platform_label(),
                    limit=limit,
                )
            )
        choices = dict(writer.options())
        if choices and self.channel_option not in choices:
            raise UserError(
                self.env._(
                    "%(platform)s takes only one of these messages now: %(choices)s.",
                    platform=self.interest_id._platform_label(),
                    choices=", ".join(choices.values()),
                )
            )
        self.interest_id._post_reply(text, option=self.channel_option or "")
        return {"type": "ir.actions.act_window_close"}
