"""The HTTP side of a connector: the suite's one guarded fetcher (see
``social_interest.lib.http``), importable under the name the connectors use."""

from odoo.addons.social_interest.lib.http import (  # noqa: F401
    DEFAULT_TIMEOUT,
    MAX_BODY,
    MAX_REDIRECTS,
    USER_AGENT,
    FetchError,
    HttpAdapter,
    RateLimited,
    TransientError,
    check_url,
    parse_retry_after,
)
