import logging
from datetime import UTC

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.lib.selection import OPEN_STATES
from odoo.addons.social_interest.lib.urls import safe_http_url

from ..lib.replies import WRITERS, ReplyError, writer_for

_logger = logging.getLogger(__name__)


class SocialInterest(models.Model):
    _inherit = "social.interest"

    mention_ids = fields.One2many("social.mention", "interest_id", string="Mentions")
    # what the platform says it published when a rep answered from the card
    reply_connector_id = fields.Many2one(
        "social.listening.connector",
        compute="_compute_reply_connector_id",
        string="Reply through",
        help="The connector whose account answers in the channel, when it may post.",
    )
    reply_external_id = fields.Char(string="Reply id", readonly=True, copy=False)
    reply_url = fields.Char(string="Reply link", readonly=True, copy=False)
    reply_text = fields.Text(readonly=True, copy=False)
    reply_author = fields.Char(string="Replied as", readonly=True, copy=False)
    reply_attempt_ids = fields.One2many(
        "social.interest.reply.attempt", "interest_id", string="Reply attempts", readonly=True
    )

    @api.depends("mention_ids.connector_id", "platform")
    def _compute_reply_connector_id(self):
        for card in self:
            connector = card.mention_ids[:1].connector_id
            card.reply_connector_id = (
                connector if connector and connector.kind in WRITERS else False
            )

    # ------------------------------------------------------------------ replying

    def action_reply(self):
        """With a connector that may post, the composer; else as before (open and record)."""
        self.ensure_one()
        if self.reply_connector_id:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Reply on %(platform)s", platform=self._platform_label()),
                "res_model": "social.interest.reply",
                "view_mode": "form",
                "target": "new",
                "context": {"default_interest_id": self.id},
            }
        return super().action_reply()

    def _reply_with_text(self, text, title):
        """A prepared text (a saved answer, a quotation's link) goes through the channel's
        composer where a connector answers: written in it, for the rep to check and send."""
        self.ensure_one()
        if self.reply_connector_id:
            action = self.action_reply()
            action["context"]["default_text"] = text
            return action
        return super()._reply_with_text(text, title)

    def _platform_label(self):
        return dict(self._fields["platform"]._description_selection(self.env)).get(
            self.platform, self.platform
        )

    def _check_may_post(self):
        """The card's responsible, its team's leader or a sales manager post for the company."""
        user = self.env.user
        if (
            user == self.user_id
            or user == self.team_id.user_id
            or user.has_group("sales_team.group_sale_manager")
        ):
            return
        raise AccessError(
            self.env._(
                "Only the card's responsible, the team leader or a sales manager answer in "
                "the company's name."
            )
        )

    def _writer(self):
        connector = self.reply_connector_id
        # sudo: the credentials are read by the server to post this reply; they never reach
        # the rep (administrators alone read them)
        writer = writer_for(
            connector.kind,
            connector.sudo()._connector_config(),
            connector._adapter(retries=False),
            connector.endpoint_url or "",
        )
        mention = self.mention_ids[:1]
        writer.item = {
            "platform": mention.platform,
            "action_type": self.action_type,
            "author_handle": mention.author_handle or "",
            "posted_at": mention.posted_at and mention.posted_at.replace(tzinfo=UTC),
            "source_url": mention.url or self.source_url or "",
            "reply_token": mention.reply_token or "",
        }
        return writer

    def _post_reply(self, text, option=""):
        """Post ``text`` on the platform as the answer to this card's item; record the proof.

        Each attempt is written down first, in its own committed transaction
        (``social.interest.reply.attempt``): one attempt in flight per card, so a double
        click is refused; an attempt that did not come back (timeout, crash) keeps its key,
        and the next send asks the platform whether it landed (or reuses the platform's
        idempotency key) before posting again.
        """
        self.ensure_one()
        self._check_may_post()
        if self.reply_external_id:
            raise UserError(self.env._("This card was already answered on the platform."))
        posted = self._publish(text, option=option)
        self._record_reply(posted)
        return posted

    def _publish(self, text, option=""):
        """Publish ``text`` under this card's item through its connector (see _post_reply);
        the platform's :class:`PostedReply`, or a UserError in plain words."""
        Attempt = self.env["social.interest.reply.attempt"]
        attempt = Attempt._begin(self, text)
        writer = self._writer()
        writer.option = option
        target = self.mention_ids[:1].external_id
        posted = None
        try:
            if attempt["retry"]:
                posted = writer.find_posted(target, text, attempt["key"])
            if posted is None:
                posted = writer.post(target, text, attempt["key"])
        except ReplyError as error:
            Attempt._end(attempt["id"], "failed", str(error))
            raise UserError(str(error)) from error
        except FetchError as error:
            raise UserError(
                self.env._(
                    "%(platform)s did not answer (%(error)s). Nothing was recorded: send "
                    "again, the platform is asked first whether the reply went out.",
                    platform=self._platform_label(),
                    error=str(error),
                )
            ) from error
        finally:
            # sudo: the connector's login tokens (admin-only) renewed by this post are kept
            # for its next use; nothing of them is read back by the rep
            self.reply_connector_id.sudo()._keep_session(writer.session)
        Attempt._end(attempt["id"], "done", posted.external_id)
        return posted

    # ------------------------------------------------------------------ public acknowledgement

    def _social_acknowledge_out_of_hours(self):
        """Out of hours, a public post whose source opts in is also due a short
        acknowledgement posted in the channel (the next-morning follow-up is planned by the
        arrival)."""
        result = super()._social_acknowledge_out_of_hours()
        now = fields.Datetime.now()
        # at arrival the card's mention is not linked yet: its source says whether one of
        # its connectors may post (sudo: only that is read, nothing of the connectors is
        # shown, and a rep making a card from a mention may not read connectors)
        posting_sources = (
            self.env["social.listening.connector"]
            .sudo()
            .search([("source_id", "in", self.source_id.ids), ("kind", "in", list(WRITERS))])
            .source_id
        )
        due = self.filtered(
            lambda card: card.source_id.public_ack_template_id
            and card.state in OPEN_STATES
            and card.is_public
            and (card.reply_connector_id or card.source_id in posting_sources)
            and not card.ack_sent_date
            and not card.first_response_date
            and card.team_id
            and not card.team_id._social_is_working_time(now)
        )
        if due:
            due._social_acknowledgement_due(now)
        return result

    @api.model
    def _cron_send_acknowledgements(self, batch_size=100):
        public = self.search(
            [
                ("ack_due_date", "!=", False),
                ("ack_sent_date", "=", False),
                ("source_id.public_ack_template_id", "!=", False),
                ("mention_ids", "!=", False),
            ],
            order="ack_due_date, id",
            limit=batch_size,
        ).filtered("reply_connector_id")
        for card in public:
            card._send_public_ack()
        return super()._cron_send_acknowledgements(batch_size) | public

    def _send_public_ack(self):
        self.ensure_one()
        template = self.source_id.public_ack_template_id.with_context(lang=self._reply_lang())
        if self.first_response_date or self.reply_external_id or self.state not in OPEN_STATES:
            # sudo: the due date is a system field; this card needs no acknowledgement now
            self.sudo().ack_due_date = False
            return
        try:
            rendered = template._render_field("body_html", self.ids)[self.id]
            text = html2plaintext(rendered or "").strip()
            posted = self._publish(text)
        except Exception as error:  # any failure is this card's, never the batch's
            _logger.warning("Public acknowledgement of card %s failed", self.id, exc_info=True)
            # sudo: the due date is a system field, cleared so the card is not tried again
            self.sudo().ack_due_date = False
            self.message_post(
                body=self.env._(
                    "The out-of-hours acknowledgement could not be posted: %(error)s",
                    error=str(error),
                ),
                subtype_xmlid="mail.mt_note",
            )
            return
        # sudo: the acknowledgement's date is a system field, set from the platform's answer
        self.sudo().ack_sent_date = fields.Datetime.now()
        self.message_post(
            body=Markup("%s<br/>%s")
            % (
                self.env._(
                    "Out-of-hours acknowledgement posted on %(platform)s:",
                    platform=self._platform_label(),
                ),
                escape(posted.text),
            ),
            subtype_xmlid="mail.mt_note",
        )

    def _record_reply(self, posted):
        values = {
            "reply_external_id": posted.external_id,
            "reply_url": safe_http_url(posted.url) or False,
            "reply_text": posted.text,
            "reply_author": posted.author,
            "reply_date": posted.posted_at.replace(tzinfo=None, microsecond=0),
            "reply_user_id": self.env.user.id,
        }
        if not self.first_response_date:
            values["first_response_date"] = values["reply_date"]
        if not self.user_id:
            values["user_id"] = self.env.user.id
        if self.source_id.reply_marks_processed:
            values["processed"] = True
        # sudo: the reply's proof and dates are system fields, set from the platform's answer
        self.sudo().write(values)
        link = (
            Markup(' <a href="%s" target="_blank" rel="noopener noreferrer">%s</a>')
            % (posted.url, self.env._("Open"))
            if safe_http_url(posted.url)
            else ""
        )
        self.message_post(
            body=Markup("%s<br/>%s%s")
            % (
                self.env._(
                    "Replied on %(platform)s as %(author)s:",
                    platform=self._platform_label(),
                    author=posted.author,
                ),
                escape(posted.text),
                link,
            ),
            subtype_xmlid="mail.mt_note",
        )
