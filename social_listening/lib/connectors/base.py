"""What every polled connector shares: its configuration, its result and the paging loop.

A connector pairs the requests of one API (through the HTTP adapter) with a mapper that turns
one raw item into an :class:`InterestData`. The shared :meth:`Connector.fetch` loop pages back
until it reaches the cursor (the high-water mark of the last complete run), skips and reports
a broken item without losing its page, and returns the new cursor only when the run is
complete. When a run stops at ``max_pages`` before reaching the cursor, the new cursor keeps
the old high-water mark and where to resume, so the next run back-fills the gap first.
"""

import base64
import json
import logging
import time
from dataclasses import dataclass, field

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.lib.interest_data import InterestData

from ..feeds import parse_date

_logger = logging.getLogger(__name__)


@dataclass
class FetchResult:
    items: list = field(default_factory=list)
    cursor: str = None  # the cursor to store once the items are committed (None: keep)
    errors: list = field(default_factory=list)  # broken items, skipped
    warnings: list = field(default_factory=list)  # read despite a fault (a broken feed)
    pages: int = 0
    complete: bool = True


@dataclass
class Config:
    endpoint_url: str = ""
    query: str = ""
    api_key: str = ""
    api_secret: str = ""
    access_token: str = ""
    auth_url: str = ""
    platform: str = ""
    max_pages: int = 10
    page_size: int = 100
    daily_quota: int = 0  # units a day the platform lets the connector spend (YouTube)
    login: str = ""  # an account's handle or e-mail (Bluesky)
    app_password: str = ""
    # what a connector keeps between runs besides the cursor (tokens of a login, with their
    # expiry); the caller stores ``connector.session`` after the run, even a failed one
    session: dict = field(default_factory=dict)


class Connector:
    """Base of the polled connectors; a subclass is registered with its kind by ``polls``."""

    kind_spec = None  # its ConnectorKind, set when the class is registered
    default_endpoint = ""
    filter_by_cursor = True

    def __init__(self, config, adapter):
        self.config = config
        self.adapter = adapter
        self.endpoint = (config.endpoint_url or self.default_endpoint).rstrip("/")
        self.warnings = []  # what the platform's answers got wrong, though read
        self.session = dict(config.session or {})

    @property
    def kind(self):
        return self.kind_spec.code if self.kind_spec else None

    @property
    def platform(self):
        """The platform of its items: the configured one, else its kind's."""
        return self.config.platform or (self.kind_spec.platform if self.kind_spec else "other")

    # ------------------------------------------------------------------ the loop

    def fetch(self, cursor=None):
        """Fetch what is new since ``cursor``; adapter errors propagate (cursor kept)."""
        state = self._load_cursor(cursor)
        high, token = state.get("high"), state.get("resume")
        newest = state.get("pending")
        result = FetchResult(warnings=self.warnings)
        seen = set()
        for _page in range(max(1, self.config.max_pages)):
            payload = self.fetch_page(high, token)
            result.pages += 1
            raw_items, token = self.split_page(payload)
            reached = False
            for raw in raw_items:
                try:
                    item = self.map_item(raw, payload)
                except Exception as exc:  # one broken item never loses its page
                    result.errors.append(f"{type(exc).__name__}: {exc}")
                    _logger.warning("Skipped a broken %s item: %s", self.kind, exc)
                    continue
                if item is None:
                    continue
                item = InterestData.from_mapping(item)
                key = item.cursor_key
                # Strictly older than the mark: seen by a complete run. Items of the mark's
                # own second are read again and deduplicated by their external id.
                if self.filter_by_cursor and high is not None and key is not None and key < high:
                    reached = True
                    continue
                if key is not None and (newest is None or key > newest):
                    newest = key
                if item["external_id"] not in seen:
                    seen.add(item["external_id"])
                    result.items.append(item)
            if reached or not token or not raw_items:
                result.cursor = json.dumps({"high": newest if newest is not None else high})
                return result
        # Stopped by max_pages before reaching the cursor: resume there next time.
        result.complete = False
        result.cursor = json.dumps({"high": high, "pending": newest, "resume": token})
        return result

    @staticmethod
    def _load_cursor(cursor):
        if not cursor:
            return {}
        try:
            state = json.loads(cursor)
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    # ------------------------------------------------------------------ per kind

    def fetch_page(self, high, token):
        """The raw payload of one page."""
        raise NotImplementedError

    def split_page(self, payload):
        """(raw items, token of the next older page or None)."""
        raise NotImplementedError

    def map_item(self, raw, payload):
        """The :class:`InterestData` of one item (with its ``cursor_key``), or None to skip."""
        raise NotImplementedError

    # ------------------------------------------------------------------ helpers

    def _item(self, external_id, key, **values):
        """The :class:`InterestData` of an item: ``external_id`` and ``key`` (its ordering key
        for the cursor) plus the given fields; the body stripped, the platform defaulted."""
        if not external_id:
            raise ValueError("item without an id")
        values.setdefault("platform", self.platform)
        values["body"] = (values.get("body") or "").strip()
        return InterestData(external_id=str(external_id), cursor_key=key, **values)

    @property
    def session_changed(self):
        return self.session != (self.config.session or {})

    @staticmethod
    def _require_dict(payload, what):
        if not isinstance(payload, dict):
            raise FetchError(f"Unexpected {what} response: {type(payload).__name__}")
        return payload


def iso_key(value):
    """A sortable text key of a date (ISO 8601 to the microsecond, UTC), None when unreadable."""
    parsed = parse_date(value)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.%f") if parsed else None


def jwt_expiry(token, default_seconds=1800):
    """Seconds since the epoch when the JSON Web Token ``token`` expires (its ``exp``; the
    signature is the platform's business, not ours), else ``default_seconds`` from now."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims["exp"])
    except (AttributeError, IndexError, KeyError, TypeError, ValueError):
        return time.time() + default_seconds
