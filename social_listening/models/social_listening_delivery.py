from datetime import timedelta

from odoo import api, fields, models


class SocialListeningDelivery(models.Model):
    """Webhook deliveries already accepted, kept for the replay window: the same delivery
    sent again is refused."""

    _name = "social.listening.delivery"
    _description = "Listening Webhook Delivery"
    _order = "id desc"
    _log_access = False

    connector_id = fields.Many2one(
        "social.listening.connector", required=True, index=True, ondelete="cascade"
    )
    delivery_key = fields.Char(required=True, help="Delivery id, or the body's digest.")
    received_at = fields.Datetime(required=True, default=fields.Datetime.now, index=True)

    _sql_constraints = [
        (
            "connector_delivery_uniq",
            "unique(connector_id, delivery_key)",
            "This delivery was already received.",
        ),
    ]

    @api.model
    def _cron_purge(self, days=2):
        """Deliveries older than any replay window are of no use any more."""
        limit = fields.Datetime.now() - timedelta(days=days)
        self.search([("received_at", "<", limit)]).unlink()
