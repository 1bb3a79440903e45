import hmac
import json
import logging
import time

import psycopg2

from odoo import fields, http
from odoo.http import request

from ..lib.connectors import KINDS
from ..lib.webhook import is_fresh, safe_challenge

_logger = logging.getLogger(__name__)


class ListeningWebhook(http.Controller):
    """Public endpoint of the webhook connectors. Every refusal happens before anything is
    stored; a delivery is stored whole or not at all. How a delivery is signed, dated, told
    apart and mapped is its connector kind's webhook scheme (see the kinds' registry)."""

    def _connector(self, connector_id):
        """The active webhook connector ``connector_id`` and its kind's scheme, or (None, None)."""
        # sudo: the caller is anonymous; the connector is only read to check the request
        # against its own secret, and nothing of it is returned.
        connector = request.env["social.listening.connector"].sudo().browse(connector_id)
        if not connector.exists() or not connector.active:
            return None, None
        kind = KINDS.get(connector.kind)
        if kind is None or kind.webhook is None:
            return None, None
        return connector, kind.webhook

    @staticmethod
    def _reply(status, message, **extra):
        return request.make_json_response(dict(extra, status=message), status=status)

    @http.route(
        "/social_listening/webhook/<int:connector_id>",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def webhook_verify(self, connector_id, **params):
        """The subscription handshake (Meta's): echo hub.challenge for the right verify token,
        for a kind whose platform subscribes that way."""
        connector, scheme = self._connector(connector_id)
        if connector is None:
            return self._reply(404, "unknown")
        token = (scheme.handshake and connector.verify_token) or ""
        given = params.get("hub.verify_token") or ""
        challenge = safe_challenge(params.get("hub.challenge"))
        if (
            params.get("hub.mode") != "subscribe"
            or not token
            or not challenge
            or not hmac.compare_digest(token.encode(), given.encode())
        ):
            _logger.warning("Webhook %s: refused verification handshake", connector_id)
            return self._reply(403, "forbidden")
        return request.make_response(challenge, headers=[("Content-Type", "text/plain")])

    @http.route(
        "/social_listening/webhook/<int:connector_id>",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def webhook_receive(self, connector_id, **_params):
        connector, scheme = self._connector(connector_id)
        if connector is None:
            return self._reply(404, "unknown")
        limit = max(connector.max_body_kb, 1) * 1024
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > limit:
            return self._reply(413, "too large")
        body = httprequest.get_data()  # bounded by Odoo's max_content_length as well
        if len(body) > limit:
            return self._reply(413, "too large")
        secret = connector.webhook_secret
        if not secret:
            _logger.warning("Webhook %s has no secret: every delivery is refused", connector_id)
            return self._reply(403, "not configured")
        if not scheme.verify(secret, body, httprequest.headers):
            _logger.warning("Webhook %s: bad or missing signature", connector_id)
            return self._reply(401, "bad signature")
        try:
            payload = json.loads(body.decode("utf-8"))
            items, errors = scheme.map_delivery(payload)
        except (ValueError, UnicodeDecodeError, AttributeError, TypeError) as exc:
            _logger.warning("Webhook %s: unparseable delivery: %s", connector_id, exc)
            return self._reply(400, "unparseable")
        if not is_fresh(scheme.delivered_at(payload), time.time(), connector.replay_window):
            _logger.warning("Webhook %s: stale or undated delivery refused", connector_id)
            return self._reply(403, "stale")
        return self._store(connector, scheme.delivery_key(payload, body), items, errors)

    def _store(self, connector, key, items, errors):
        # sudo: the caller is anonymous; this runs only after the signature and replay checks
        # passed, and writes the delivery record and its mentions for this connector only.
        Delivery = request.env["social.listening.delivery"].sudo()
        if Delivery.search_count([("connector_id", "=", connector.id), ("delivery_key", "=", key)]):
            _logger.warning("Webhook %s: replayed delivery %s refused", connector.id, key)
            return self._reply(409, "replayed")
        try:
            with request.env.cr.savepoint():
                Delivery.create({"connector_id": connector.id, "delivery_key": key[:255]})
        except psycopg2.IntegrityError:
            # the same delivery arrived concurrently and was stored by the other request
            return self._reply(409, "replayed")
        try:
            with request.env.cr.savepoint():
                mentions = connector._ingest(items)
                connector.write(
                    {
                        "fetched_count": connector.fetched_count + len(items),
                        "skipped_count": connector.skipped_count + len(errors),
                        "last_success_at": fields.Datetime.now(),
                        "state": "ok",
                    }
                )
        except Exception:
            # Fail closed: nothing of the delivery is kept (not even its key), the platform
            # will retry.
            _logger.exception("Webhook %s: delivery failed", connector.id)
            request.env.cr.rollback()
            return self._reply(500, "error")
        for error in errors:
            _logger.warning("Webhook %s skipped an item: %s", connector.id, error)
        return self._reply(200, "ok", stored=len(mentions), skipped=len(errors))
