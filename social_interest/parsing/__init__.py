"""Plain-Python core of the mail gateway (no ORM): e-mail notification -> interest values.

``Notification`` is what the gateway knows of one e-mail; ``Rule`` is one parsing rule (the
plain form of a ``social.interest.parse.rule`` record); ``parse_notification`` runs the rules
in order and falls back to "a person wrote to us". ``classify_message`` tells bounces,
auto-replies and our own mail apart. Everything here is tested directly, without Odoo.
"""

# the shared services the gateway uses, importable with the gateway's own pieces
from ..lib.html import html_to_text, parse_html
from ..lib.http import FetchError, fetch_image
from ..lib.identity import normalize_handle, normalize_profile_url
from ..lib.lang import detect_lang
from ..lib.products import match_product
from ..lib.redirects import unwrap_redirect
from .classify import classify_message, spam_verdict
from .extract import parse_notification
from .message import Notification
from .rules import Rule, RuleError, RuleTimeout
from .text import parse_rating
