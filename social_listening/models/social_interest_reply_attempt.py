import time

from psycopg2 import IntegrityError

from odoo import api, fields, models
from odoo.exceptions import UserError


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
