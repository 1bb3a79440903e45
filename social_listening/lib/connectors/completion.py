"""What a webhook delivery only points to (a sender's profile, a file sent in a chat), asked
of the platform with the connector's token while the delivery is mapped
(``WebhookScheme.complete``).

One :class:`DeliveryFetcher` per delivery keeps that short and harmless: a bounded number of
requests, files capped in size (the guarded adapter stops reading past its own cap too), a
platform that times out or fails (5xx, 429) not asked again in the same delivery, and no
error ever raised for one item: what cannot be fetched is left out, the item goes on as it
came. Errors are logged without the token (it travels in the ``Authorization`` header
only, and the adapter's messages carry no query string values).
"""

import logging
import mimetypes
from urllib.parse import urlsplit

from odoo.addons.social_interest.lib.http import FetchError, HttpAdapter, TransientError, redact

_logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 10 * 1024 * 1024  # as the card keeps at most (social.interest's road)
MAX_REQUESTS = 20  # per delivery: a profile per person and a file per message


class DeliveryFetcher:
    """GETs of one delivery's completion with the bearer ``token``; each answers None when
    the platform gave nothing usable."""

    def __init__(self, adapter, token, endpoint, max_requests=MAX_REQUESTS,
                 max_bytes=MAX_FILE_BYTES):  # fmt: skip
        self.adapter = adapter
        self.token = token
        self.endpoint = endpoint
        self.left = max_requests
        self.max_bytes = max_bytes
        self.down = False  # the platform failed for now: not asked again in this delivery

    def json(self, url):
        """The JSON object at ``url``, or None."""
        response = self._get(url)
        if response is None:
            return None
        try:
            data = HttpAdapter.decode_json(response)
        except FetchError as error:
            _logger.info("Delivery completion: %s", error)
            return None
        return data if isinstance(data, dict) else None

    def file(self, url, name, mimetype="", size=None):
        """``{"name", "raw", "mimetype"}`` of the file at ``url`` (the card's attachment),
        or None: too large (``size`` when the platform said it beforehand), empty or not
        served. ``name`` without extension gets the one of its type."""
        if size is not None and size > self.max_bytes:
            self._leave_out(name, f"{size} bytes, over {self.max_bytes}")
            return None
        response = self._get(url)
        if response is None:
            return None
        raw = response.content or b""
        if len(raw) > self.max_bytes:
            self._leave_out(name, f"{len(raw)} bytes, over {self.max_bytes}")
            return None
        if not raw:
            return None  # a video or sound LINE is still preparing (202): nothing yet
        served = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        mimetype = served if served and served != "application/octet-stream" else mimetype
        mimetype = mimetype or "application/octet-stream"
        if "." not in name:
            name += mimetypes.guess_extension(mimetype) or ""
        return {"name": name, "raw": raw, "mimetype": mimetype}

    def may_carry_token(self, url):
        """Whether the token may go to ``url``: https, or the connector's own endpoint (a
        proxy or a test server)."""
        parts, own = urlsplit(url or ""), urlsplit(self.endpoint or "")
        if parts.scheme == "https" and parts.hostname:
            return True
        return bool(parts.hostname) and (parts.scheme, parts.netloc) == (own.scheme, own.netloc)

    def _get(self, url):
        if self.down or self.left <= 0 or not self.may_carry_token(url):
            return None
        self.left -= 1
        try:
            return self.adapter.get_bytes(url, headers={"Authorization": f"Bearer {self.token}"})
        except TransientError as error:
            self.down = True
            _logger.warning("Delivery completion stopped, the platform failed: %s", error)
        except FetchError as error:  # refused, not found, or larger than the adapter reads
            _logger.info("Delivery completion: %s", error)
        return None

    @staticmethod
    def _leave_out(name, reason):
        _logger.info("Delivery completion: %s not kept (%s)", redact(name), reason)
