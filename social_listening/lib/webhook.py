"""Webhook checks (no ORM): HMAC signatures, freshness, delivery keys, challenge."""

import hashlib
import hmac
import re

from .feeds import parse_date

SIGNATURE_HEADER = "X-Hub-Signature-256"
SIGNATURE_PREFIX = "sha256="
_CHALLENGE = re.compile(r"^[A-Za-z0-9._~-]{1,256}$")


def sign(secret, body):
    """The X-Hub-Signature-256 value of ``body`` (bytes) for ``secret`` (str)."""
    digest = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
    return SIGNATURE_PREFIX + digest


def verify_signature(secret, body, header):
    """True only for a present, well-formed and correct signature (constant-time)."""
    if not secret or not header or not header.startswith(SIGNATURE_PREFIX):
        return False
    return hmac.compare_digest(
        sign(secret, body).encode("ascii"), header.strip().encode("ascii", "replace")
    )


def body_key(body):
    """A delivery key for payloads that carry no delivery id (Meta): the body's digest."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


def signed_timestamp(payload):
    """Seconds since the epoch of the delivery's own ``timestamp`` (epoch seconds or ISO 8601),
    signed with the body; None when it has none."""
    value = payload.get("timestamp")
    if isinstance(value, int | float):
        return float(value)
    parsed = parse_date(value) if isinstance(value, str) else None
    if parsed is None:
        return None
    return (parsed - parsed.__class__(1970, 1, 1)).total_seconds()


def is_fresh(timestamp, now, window):
    """Within ``window`` seconds of ``now`` (either side: clocks drift)."""
    return timestamp is not None and abs(now - timestamp) <= window


def is_recent(timestamp, now, max_age):
    """Not older than ``max_age`` seconds (a date ahead of ``now`` is clock drift)."""
    return timestamp is not None and now - timestamp <= max_age


def safe_challenge(value):
    """Meta's hub.challenge echoed back only when it is a plain token."""
    return value if value and _CHALLENGE.match(value) else None
