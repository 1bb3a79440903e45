"""The registry of connector kinds: everything that differs from one kind to another.

Each platform module registers its kind once, next to its code: a polled kind with the
:func:`polls` decorator on its connector class, a webhook kind with :func:`register_kind`.
The connector model's ``kind`` selection, the scheduler, the webhook controller and the form
read this registry; none of them names a kind. Adding a platform is writing its module (and
importing it in the package's ``__init__``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from odoo.addons.social_interest import platforms as platform_registry

from ..webhook import SIGNATURE_HEADER, body_key, verify_signature

# code -> ConnectorKind, in registration order
KINDS = {}


@dataclass(frozen=True)
class WebhookScheme:
    """How deliveries of a webhook kind are checked, dated, told apart and mapped."""

    # payload -> (items, errors): the mapper of one delivery
    map_delivery: Callable
    # payload -> seconds since the epoch the delivery was signed at (or None: refused as
    # undated); None for a platform that signs no delivery date: no freshness window, the
    # delivery key and the items' ids tell a replay
    delivered_at: Callable = None
    # payload -> seconds since the epoch of the delivery's latest event, for a kind with no
    # ``delivered_at``: a delivery older than its key's retention is refused (None: undated,
    # refused too); None: no such check
    sent_at: Callable = None
    # payload -> the platform's delivery id; None: the platform sends none, the body's
    # digest stands for it
    delivery_id: Callable = None
    # the header carrying the body's HMAC-SHA256 signature (``sha256=<hex>``)
    signature_header: str = SIGNATURE_HEADER
    # the platform subscribes with a verification handshake (Meta's hub.challenge)
    handshake: bool = False
    # (secret, body, header value) -> bool for a platform that signs otherwise than
    # ``sha256=<hex>`` (LINE: base64 HMAC; Telegram: the secret token itself); it must
    # compare in constant time. None: ``sha256=<hex>`` HMAC-SHA256 of the body.
    verifier: Callable = None
    # (items, config, adapter) -> items: what a delivery only points to, asked of the
    # platform when the delivery is mapped (a sender's profile, a file's content); it must
    # never raise for one item (an item it cannot complete goes on as it is)
    complete: Callable = None
    # payload -> [{"reply_id", "status", "at", "error"}]: what the platform says became of
    # our replies (WhatsApp's delivered, read, failed); never items. None: it says nothing
    receipts: Callable = None
    # payload -> what people did to the account without writing (LINE's follow and
    # unfollow): dicts of platform, handle, status ("following" / "blocked") and when
    # (naive UTC); noted on their identities, never items
    person_events: Callable = None

    def verify(self, secret, body, headers):
        """True only for a correct signature of ``body`` (constant-time comparison)."""
        return self.check(secret, body, headers.get(self.signature_header))

    def check(self, secret, body, header_value):
        """True only when ``header_value`` proves ``body`` came from the platform."""
        if not secret or not header_value:
            return False
        if self.verifier is not None:
            return bool(self.verifier(secret, body, header_value))
        return verify_signature(secret, body, header_value)

    def delivery_key(self, payload, body):
        """What makes a delivery unique, to refuse its replay."""
        delivery_id = self.delivery_id(payload) if self.delivery_id else None
        return str(delivery_id or "") or body_key(body)


@dataclass(frozen=True)
class ConnectorKind:
    """One kind of connector: what the admin picks in the connector's ``kind`` field."""

    code: str
    # the kind's name; Odoo translates it as a label of the ``kind`` selection
    label: str
    # the platform its mentions come from (a code of social_interest's platform registry,
    # whose module names this kind in its ``connector_kinds``)
    platform: str
    # position in the kind selection
    sequence: int = 100
    # the Connector class that polls it (None: not polled)
    poller: type = None
    # how its deliveries come in (None: no webhook)
    webhook: WebhookScheme = None
    # the connector's credential fields it uses
    credentials: tuple = ()
    # the action of an interest card made from one of its mentions
    action_type: str = "mention"
    # the admin picks the platform (a feed may be a blog, a forum, a review site...)
    platform_choice: bool = False
    # other platforms its items may carry (a Meta webhook also delivers Instagram)
    other_platforms: tuple = field(default_factory=tuple)

    @property
    def polled(self):
        return self.poller is not None

    @property
    def webhook_fed(self):
        return self.webhook is not None

    @property
    def platforms(self):
        return (self.platform, *self.other_platforms)


def register_kind(kind):
    """Add ``kind`` to the registry and return it; a kind is registered once, complete."""
    if kind.code in KINDS:
        raise ValueError(f"Connector kind {kind.code!r} is already registered")
    if not (kind.label and kind.platform and (kind.polled or kind.webhook_fed)):
        raise ValueError(
            f"Connector kind {kind.code!r} needs a label, a platform and a poller or a webhook"
        )
    unknown = [code for code in kind.platforms if platform_registry.get(code) is None]
    if unknown:
        raise ValueError(f"Connector kind {kind.code!r} names unknown platforms {unknown}")
    KINDS[kind.code] = kind
    return kind


def polls(code, label, platform, **options):
    """Class decorator: register the decorated Connector class as the poller of ``code``."""

    def decorate(cls):
        cls.kind_spec = register_kind(
            ConnectorKind(code=code, label=label, platform=platform, poller=cls, **options)
        )
        return cls

    return decorate


def get_kind(code):
    """The registered kind ``code`` (KeyError when unknown)."""
    return KINDS[code]


def get_connector(kind, config, adapter):
    """The connector instance for ``kind`` (KeyError when the kind cannot be polled)."""
    poller = KINDS[kind].poller
    if poller is None:
        raise KeyError(kind)
    return poller(config, adapter)


def kind_selection():
    """The ``kind`` selection: (code, label) of every registered kind, in sequence."""
    ordered = sorted(KINDS.values(), key=lambda kind: kind.sequence)
    return [(kind.code, kind.label) for kind in ordered]


def polled_kinds():
    return [code for code, kind in KINDS.items() if kind.polled]


def webhook_kinds():
    return [code for code, kind in KINDS.items() if kind.webhook_fed]


def map_events(calls):
    """``(items, errors)`` of a delivery's events: ``calls`` gives ``(mapper, *args)`` for
    each; a mapper answering None makes no item, a broken event is an error of its own,
    never the delivery's end (the other events are kept)."""
    items, errors = [], []
    for mapper, *args in calls:
        try:
            item = mapper(*args)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        if item:
            items.append(item)
    return items, errors


def map_webhook(kind, payload):
    """``(items, errors)`` of one delivery of webhook kind ``kind`` (its parsed JSON)."""
    scheme = get_kind(kind).webhook
    if scheme is None:
        raise ValueError(f"Connector kind {kind!r} receives no webhook")
    return scheme.map_delivery(payload)


def verify_delivery(kind, body, secret, header_value):
    """True only when ``header_value`` (the kind's signature header) proves ``body``."""
    scheme = get_kind(kind).webhook
    if scheme is None:
        raise ValueError(f"Connector kind {kind!r} receives no webhook")
    return scheme.check(secret, body, header_value)
