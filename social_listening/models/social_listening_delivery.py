import json
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.social_interest.lib.http import redact

from ..lib.connectors import KINDS

_logger = logging.getLogger(__name__)

# The longest replay window an admin may set. A delivery dated at most this far from its
# arrival is accepted until this long after its date, so its key must be kept twice as long
# (plus a day's margin) to refuse every replay of it.
MAX_REPLAY_WINDOW = 2 * 24 * 3600
KEY_RETENTION = timedelta(seconds=2 * MAX_REPLAY_WINDOW) + timedelta(days=1)
# A kind that signs no delivery date but dates its events (Meta) has no replay window: its
# deliveries dated further back than this are refused, as their keys may be purged already
# (the day of margin above absorbs the platform's clock running ahead of ours).
MAX_DELIVERY_AGE = KEY_RETENTION - timedelta(days=1)
FAILED_RETENTION = timedelta(days=30)
BATCH = 50


class SocialListeningDelivery(models.Model):
    """A webhook delivery as it was received: stored by the request that brought it (which
    then answers at once), turned into mentions by a scheduled action. Its key is kept long
    enough to refuse every replay the connector's replay window lets through."""

    _name = "social.listening.delivery"
    _description = "Listening Webhook Delivery"
    _order = "id desc"
    _log_access = False

    connector_id = fields.Many2one(
        "social.listening.connector", required=True, index=True, ondelete="cascade"
    )
    delivery_key = fields.Char(required=True, help="Delivery id, or the body's digest.")
    received_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    payload = fields.Text(help="The delivery's body, kept until it is processed.")
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Processed"), ("failed", "Failed")],
        required=True,
        default="pending",
        index=True,
    )
    stored_count = fields.Integer(string="Mentions stored")
    skipped_count = fields.Integer(string="Items skipped")
    error = fields.Text()

    _sql_constraints = [
        (
            "connector_delivery_uniq",
            "unique(connector_id, delivery_key)",
            "This delivery was already received.",
        ),
    ]

    @api.model
    def _receive(self, connector, key, body):
        """Store a delivery that passed the checks; False when the same key is already kept.

        One INSERT and nothing else: concurrent deliveries share no row, and a duplicate is
        told apart without an integrity error (which would end the request's transaction).
        """
        self.env.cr.execute(
            SQL(
                """INSERT INTO social_listening_delivery
                          (connector_id, delivery_key, received_at, payload, state,
                           stored_count, skipped_count)
                   VALUES (%s, %s, now() AT TIME ZONE 'UTC', %s, 'pending', 0, 0)
              ON CONFLICT (connector_id, delivery_key) DO NOTHING
                RETURNING id""",
                connector.id,
                key[:255],
                body,
            )
        )
        stored = bool(self.env.cr.fetchone())
        if stored:
            self.env.ref("social_listening.ir_cron_listening_process_deliveries")._trigger()
        return stored

    @api.model
    def _cron_process(self):
        """Turn pending deliveries into mentions, a batch per call, each delivery in its own
        savepoint: a delivery that fails is marked failed with its error, the others go on."""
        self.flush_model(["state"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM social_listening_delivery
                    WHERE state = 'pending'
                    ORDER BY id
                    LIMIT %s FOR UPDATE SKIP LOCKED""",
                BATCH,
            )
        )
        deliveries = self.browse(row[0] for row in self.env.cr.fetchall())
        for connector in deliveries.connector_id:
            deliveries.filtered(lambda d, c=connector: d.connector_id == c)._process()
        remaining = self.search_count([("state", "=", "pending")])
        self.env["ir.cron"]._notify_progress(done=len(deliveries), remaining=remaining)

    def _process(self):
        """Process deliveries of one connector; its counters are written once."""
        connector = self.connector_id
        scheme = KINDS[connector.kind].webhook if connector.kind in KINDS else None
        Attempt = self.env["social.interest.reply.attempt"]
        read = skipped = 0
        errors = []
        for delivery in self:
            try:
                with self.env.cr.savepoint():
                    if scheme is None:
                        raise ValueError(f"{connector.kind} receives no webhook")
                    payload = json.loads(delivery.payload)
                    items, item_errors = scheme.map_delivery(payload)
                    if scheme.complete and items:
                        # what the payload only points to (a sender's profile, a picture),
                        # asked of the platform with the connector's credentials
                        items = connector._complete_delivered(scheme, items)
                    mentions = connector._ingest(items)
                    if scheme.receipts:  # what became of our replies: noted on their cards
                        Attempt._record_receipts(connector, scheme.receipts(payload))
                    if scheme.person_events:  # who follows or blocked the account
                        self.env["social.identity"]._record_channel_status(
                            scheme.person_events(payload), connector.company_id.id
                        )
                    delivery.write(
                        {
                            "state": "done",
                            "payload": False,
                            "stored_count": len(mentions),
                            "skipped_count": len(item_errors),
                        }
                    )
            except Exception as exc:
                _logger.exception("Webhook delivery %s could not be stored", delivery.id)
                self.env.invalidate_all()
                message = redact(exc)[:2000]
                delivery.write({"state": "failed", "error": message})
                errors.append(message)
                continue
            read += len(items)
            skipped += len(item_errors)
            for error in item_errors:
                _logger.warning("Webhook %s skipped an item: %s", connector.id, redact(error))
        now = fields.Datetime.now()
        values = {
            "fetched_count": connector.fetched_count + read,
            "skipped_count": connector.skipped_count + skipped,
        }
        if errors:
            values.update(
                state="error",
                last_error=errors[-1],
                last_error_at=now,
                error_count=connector.error_count + len(errors),
            )
        else:
            values.update(state="ok", last_success_at=now)
        connector.write(values)

    def action_retry(self):
        """Process failed deliveries again (after the cause was fixed)."""
        self.filtered(lambda d: d.state == "failed").write({"state": "pending", "error": False})
        self.env.ref("social_listening.ir_cron_listening_process_deliveries")._trigger()
        return True

    @api.model
    def _cron_purge(self):
        """Forget processed deliveries once no replay of theirs can be accepted any more."""
        now = fields.Datetime.now()
        self.search(
            [
                "|",
                "&",
                ("state", "=", "done"),
                ("received_at", "<", now - KEY_RETENTION),
                "&",
                ("state", "=", "failed"),
                ("received_at", "<", now - max(KEY_RETENTION, FAILED_RETENTION)),
            ]
        ).unlink()
