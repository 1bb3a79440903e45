import hmac
import json
import logging
import time

from werkzeug.exceptions import HTTPException
from werkzeug.wsgi import get_input_stream

from odoo import http
from odoo.http import request

from ..lib.connectors import KINDS
from ..lib.webhook import is_fresh, is_recent, safe_challenge
from ..models.social_listening_connector import DEFAULT_BODY_KB, MAX_BODY_KB
from ..models.social_listening_delivery import MAX_DELIVERY_AGE

MAX_AGE = MAX_DELIVERY_AGE.total_seconds()

_logger = logging.getLogger(__name__)
CHUNK = 64 * 1024
RETRY_AFTER = 5  # seconds; what a platform is told to wait before it sends again


def _unavailable():
    """503 with Retry-After: the one answer every platform retries. Given whenever a delivery
    could not be stored, so that it is sent again rather than lost."""
    return request.make_json_response(
        {"status": "unavailable"}, status=503, headers=[("Retry-After", str(RETRY_AFTER))]
    )


class WebhookDispatcher(http.HttpDispatcher):
    """``type='social_webhook'``: Odoo's HTTP dispatch, with one difference in how failures
    are answered. Odoo answers an unexpected error with 500 and a ``UserError`` (an integrity
    error while storing becomes one) with 400; a platform retries neither reliably, so
    whatever fails here — the database gone amid the request, the commit refused — is
    answered 503 with Retry-After. The 4xx of the HTTP layer itself are kept."""

    routing_type = "social_webhook"

    def handle_error(self, exc):
        if isinstance(exc, HTTPException) and exc.code and exc.code < 500:
            return exc
        _logger.warning(
            "Webhook %s: delivery not stored (%s), answered 503",
            self.request.httprequest.path,
            type(exc).__name__,
        )
        return _unavailable()


class ListeningWebhook(http.Controller):
    """Public endpoint of the webhook connectors. Every refusal happens before anything is
    stored; a delivery is stored whole or not at all. How a delivery is signed, dated, told
    apart and mapped is its connector kind's webhook scheme (see the kinds' registry).

    The routes are ``auth='none'`` so that Odoo can resolve them without a database: with
    ``social_listening`` among the server-wide modules (``--load`` /
    ``server_wide_modules``), a delivery that arrives while the database cannot be opened
    (PostgreSQL restarting, the registry not loaded) reaches :meth:`_database_away` and is
    answered 503 with Retry-After — not 404, which Odoo's database-less routing gives to an
    addon's route and which a platform never retries. With a database, the request takes
    the public user, as ``auth='public'`` would."""

    @staticmethod
    def _database_away():
        """The answer when Odoo dispatched the request without a database; None otherwise
        (the request then runs as the public user)."""
        if request.db and request.env is not None:
            request.env["ir.http"]._auth_method_public()
            return None
        _logger.warning(
            "Webhook %s: no database could be opened for this request (database away, or"
            " no single database selected by --db-filter): answered 503",
            request.httprequest.path,
        )
        return _unavailable()

    def _connector(self, connector_id):
        """The active webhook connector ``connector_id`` that has a secret, and its kind's
        scheme; else (None, None), which the caller answers exactly as a bad signature: an
        anonymous caller learns neither which connectors exist nor how they are set up."""
        # sudo: the caller is anonymous; the connector is only read to check the request
        # against its own secret, and nothing of it is returned.
        connector = request.env["social.listening.connector"].sudo().browse(connector_id)
        if not connector.exists() or not connector.active:
            return None, None
        kind = KINDS.get(connector.kind)
        if kind is None or kind.webhook is None:
            return None, None
        if not connector.webhook_secret:
            _logger.warning("Webhook %s has no secret: every delivery is refused", connector_id)
            return None, None
        return connector, kind.webhook

    @staticmethod
    def _reply(status, message, **extra):
        return request.make_json_response(dict(extra, status=message), status=status)

    @http.route(
        "/social_listening/webhook/<int:connector_id>",
        type="social_webhook",
        auth="none",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def webhook_verify(self, connector_id, **params):
        """The subscription handshake (Meta's): echo hub.challenge for the right verify token,
        for a kind whose platform subscribes that way."""
        away = self._database_away()
        if away is not None:
            return away
        connector, scheme = self._connector(connector_id)
        if connector is None:
            _logger.warning("Webhook %s: refused verification handshake", connector_id)
            return self._reply(403, "forbidden")
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
        type="social_webhook",
        auth="none",
        methods=["POST"],
        csrf=False,
        save_session=False,
        readonly=False,
    )
    def webhook_receive(self, connector_id, **_params):
        """Store a signed, fresh delivery raw (503 with Retry-After when it cannot be)."""
        away = self._database_away()
        if away is not None:
            return away
        connector, scheme = self._connector(connector_id)
        # an unknown connector reads the body under the default limit, as a known one would
        max_kb = connector.max_body_kb if connector else DEFAULT_BODY_KB
        body = _read_body(request.httprequest, min(max(max_kb, 1), MAX_BODY_KB) * 1024)
        if body is None:
            return self._reply(413, "too large")
        if connector is None or not scheme.verify(
            connector.webhook_secret, body, request.httprequest.headers
        ):
            _logger.warning("Webhook %s: bad or missing signature", connector_id)
            return self._reply(401, "bad signature")
        try:
            payload = json.loads(body.decode("utf-8"))
            # mapped here only to refuse what can never be read; the delivery is stored raw
            # and mapped again when it is processed
            scheme.map_delivery(payload)
        except (ValueError, UnicodeDecodeError, AttributeError, TypeError) as exc:
            _logger.warning("Webhook %s: unparseable delivery: %s", connector_id, exc)
            return self._reply(400, "unparseable")
        if scheme.delivered_at and not is_fresh(
            scheme.delivered_at(payload), time.time(), connector.replay_window
        ):
            _logger.warning("Webhook %s: stale or undated delivery refused", connector_id)
            return self._reply(403, "stale")
        if scheme.sent_at and not is_recent(scheme.sent_at(payload), time.time(), MAX_AGE):
            # its key may be purged already: a replay of it could not be told apart
            _logger.warning("Webhook %s: delivery older than its key's retention", connector_id)
            return self._reply(403, "stale")
        key = scheme.delivery_key(payload, body)
        # sudo: the caller is anonymous; this runs only after the signature and replay checks
        # passed, and inserts this connector's delivery, nothing else.
        Delivery = request.env["social.listening.delivery"].sudo()
        if not Delivery._receive(connector, key, body.decode("utf-8")):
            # a platform re-sends what it believes lost: answering 2xx ends its retries,
            # and nothing is stored twice
            _logger.info("Webhook %s: delivery %s already received", connector_id, key)
            return self._reply(200, "duplicate")
        return self._reply(200, "accepted")


def _read_body(httprequest, limit):
    """The request's body, or None past ``limit`` bytes; a chunked body is counted while it
    is read, not after. Kept on the request: Odoo replays the handler after a serialization
    failure, and the stream can be read once only."""
    environ = httprequest.environ
    if "social_listening.body" in environ:
        return environ["social_listening.body"]
    if (httprequest.content_length or 0) > limit:
        return None
    # Odoo's request hides the WSGI input (its bus module reaches the socket the same way);
    # ``get_data()`` would read a chunked body whole before any limit applies.
    stream = get_input_stream(httprequest._HTTPRequest__environ)
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return None
    body = environ["social_listening.body"] = b"".join(chunks)
    return body
