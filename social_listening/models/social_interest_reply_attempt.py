import time

from markupsafe import escape
from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import UserError

# what a platform may say became of a published reply that is worth a note on its card
RECEIPT_STATES = ("delivered", "read", "failed")


class SocialInterestReplyAttempt(models.Model):
    """One attempt to answer a card through a platform's API, written before posting."""

    _name = "social.interest.reply.attempt"
    _description = "Reply attempt"
    _order = "id desc"

    interest_id = fields.Many2one(
        "social.interest", required=True, ondelete="cascade", index=True, readonly=True
    )
    key = fields.Char(required=True, readonly=True, help="Sent to the platform with the post.")
    text = fields.Text(readonly=True)
    state = fields.Selection(
        [("sending", "Sending"), ("done", "Published"), ("failed", "Refused")],
        default="sending",
        required=True,
        readonly=True,
    )
    result = fields.Char(readonly=True, help="The reply's id, or the platform's refusal.")
    user_id = fields.Many2one("res.users", readonly=True, default=lambda self: self.env.user)
    # the card's: an attempt is read by who may read its card, in the card's company
    company_id = fields.Many2one(related="interest_id.company_id", store=True, index=True)

    _sql_constraints = [
        ("key_uniq", "unique(key)", "An attempt's key is unique."),
    ]

    def init(self):
        # one attempt in flight per card: a second click cannot insert its own
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS social_interest_reply_attempt_sending_uniq "
            "ON social_interest_reply_attempt (interest_id) WHERE state = 'sending'"
        )

    STALE_SECONDS = 90  # an attempt older than this without an answer is taken over

    @api.model
    def _begin(self, card, text):
        """The attempt to post now, committed before anything is sent: a new one, or the
        card's attempt left without an answer (then ``retry``: ask the platform first)."""
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr)
            # sudo: attempts are read-only to reps; this writes the attempt of a card the
            # caller was just allowed to answer (_check_may_post) or the scheduled action's
            Attempt = env[self._name].sudo()
            pending = Attempt.search([("interest_id", "=", card.id), ("state", "=", "sending")])
            if pending:
                age = fields.Datetime.now() - pending.create_date
                if age.total_seconds() < self.STALE_SECONDS:
                    raise UserError(
                        env._("This reply is being sent already; wait for it to finish.")
                    )
                return {"id": pending.id, "key": pending.key, "retry": True}
            key = f"card-{card.id}-{int(time.time() * 1_000_000)}"
            try:
                with cr.savepoint():
                    attempt = Attempt.create({"interest_id": card.id, "key": key, "text": text})
            except IntegrityError as error:
                raise UserError(
                    env._("This reply is being sent already; wait for it to finish.")
                ) from error
            return {"id": attempt.id, "key": key, "retry": False}

    @api.model
    def _end(self, attempt_id, state, result):
        with self.env.registry.cursor() as cr:
            # sudo: closes the attempt this same call opened (see _begin)
            attempt = self.env(cr=cr)[self._name].sudo().browse(attempt_id)
            attempt.write({"state": state, "result": (result or "")[:500]})
            attempt.flush_recordset()  # written before this cursor commits

    @api.model
    def _record_receipts(self, connector, receipts):
        """Note on each card what ``connector``'s platform says became of its published
        reply (``receipts`` of a webhook delivery: delivered, read, failed), once per reply
        and status; a failure is told to the card's responsible. "sent" adds nothing to the
        published reply, and a receipt of a message no card of this connector sent (one
        written from the platform's own app) is ignored."""
        wanted = {r["reply_id"] for r in receipts if r["status"] in RECEIPT_STATES}
        if not wanted:
            return
        attempts = self.search([("state", "=", "done"), ("result", "in", list(wanted))])
        cards = {
            attempt.result: attempt.interest_id
            for attempt in attempts
            if connector in attempt.interest_id.mention_ids.connector_id
        }
        for receipt in receipts:
            card = cards.get(receipt["reply_id"])
            if card and receipt["status"] in RECEIPT_STATES:
                self._note_receipt(card, receipt)

    @api.model
    def _note_receipt(self, card, receipt):
        platform = card._platform_label()
        note = {
            "delivered": self.env._("%(platform)s: the reply was delivered.", platform=platform),
            "read": self.env._("%(platform)s: the reply was read.", platform=platform),
            "failed": self.env._(
                "%(platform)s: the reply could not be delivered.", platform=platform
            ),
        }[receipt["status"]]
        noted = self.env["mail.message"].search_count(
            [
                ("model", "=", card._name),
                ("res_id", "=", card.id),
                ("body", "ilike", str(escape(note))),
            ],
            limit=1,
        )
        if noted:
            return
        failed = receipt["status"] == "failed"
        card.message_post(
            body=f"{note} {receipt.get('error') or ''}".strip(),
            subtype_xmlid="mail.mt_note",
            partner_ids=card.user_id.partner_id.ids if failed else [],
        )
