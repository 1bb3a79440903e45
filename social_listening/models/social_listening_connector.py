import json
import logging
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.social_interest.lib.http import (
    FetchError,
    HttpAdapter,
    RateLimited,
    TransientError,
    configured_resolver,
    redact,
)
from odoo.addons.social_interest.lib.selection import PLATFORM_SELECTION
from odoo.addons.social_interest.lib.urls import safe_http_url

from ..lib.connectors import KINDS, Config, get_connector, polled_kinds
from .selection import CONNECTOR_KINDS
from .social_incident import OPEN_STATES
from .social_listening_delivery import MAX_REPLAY_WINDOW

DEFAULT_BODY_KB = 1024
# a webhook body is read into memory by an anonymous request: its limit has a ceiling
MAX_BODY_KB = 10 * 1024

_logger = logging.getLogger(__name__)

ADMIN = "base.group_system"
# the credentials a connector sends to the host it connects to
OUTBOUND_CREDENTIALS = ("api_key", "api_secret", "access_token", "login", "app_password")
MAX_BACKOFF_MINUTES = 6 * 60


class SocialListeningConnector(models.Model):
    """One configured feed, API search or webhook that brings public posts in."""

    _name = "social.listening.connector"
    _description = "Listening Connector"
    _inherit = ["mail.thread"]
    _order = "sequence, name, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(CONNECTOR_KINDS, required=True, default="rss", tracking=True)
    # what its kind does and needs, read from the registry of connector kinds
    is_polled = fields.Boolean(compute="_compute_kind_features")
    is_webhook = fields.Boolean(compute="_compute_kind_features")
    webhook_dated = fields.Boolean(
        compute="_compute_kind_features", help="Its deliveries carry a signed date."
    )
    credential_fields = fields.Char(
        compute="_compute_kind_features", help="The credential fields its kind uses."
    )
    platform = fields.Selection(
        PLATFORM_SELECTION,
        compute="_compute_platform",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        help="Platform of the mentions (for a feed: blog, review site, forum...).",
    )
    endpoint_url = fields.Char(
        string="Endpoint URL",
        tracking=True,
        help="Feed URL, or the API's base URL (empty: the platform's public API).",
    )
    query = fields.Char(
        string="Search query",
        help="What to search: words for search APIs, '#tag' for a Mastodon hashtag, a video "
        "id or 'channel:<id>' for YouTube, 'wall:<owner>_<post>' for VK wall comments.",
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, index=True, required=True
    )
    source_id = fields.Many2one(
        "social.interest.source",
        string="Interest source",
        help="Interest cards made from these mentions belong to this source.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        compute="_compute_team_id",
        store=True,
        readonly=False,
        help="Team that sees these mentions and works their cards.",
    )
    rule_ids = fields.Many2many(
        "social.listening.rule",
        "social_listening_connector_rule_rel",
        "connector_id",
        "rule_id",
        string="Keyword rules",
        help="Without rules every item is kept (your own pages, your review feeds); "
        "with rules, only the items that match one of them.",
    )
    # credentials: administrators only
    api_key = fields.Char(string="API key / client id", groups=ADMIN, copy=False)
    api_secret = fields.Char(string="API secret", groups=ADMIN, copy=False)
    access_token = fields.Char(string="Access / bearer token", groups=ADMIN, copy=False)
    login = fields.Char(
        string="Account", groups=ADMIN, copy=False, help="The account's handle or e-mail (Bluesky)."
    )
    app_password = fields.Char(
        groups=ADMIN,
        copy=False,
        help="An app password of the account (Bluesky: Settings > Privacy and security > App "
        "passwords), never the account's own password.",
    )
    session_data = fields.Text(
        groups=ADMIN,
        copy=False,
        help="The tokens of the connector's login, kept between runs (technical).",
    )
    auth_url = fields.Char(
        string="Token URL", groups=ADMIN, help="OAuth token endpoint (Reddit); empty: default."
    )
    webhook_secret = fields.Char(
        groups=ADMIN, copy=False, help="Shared secret of the HMAC-SHA256 signature."
    )
    verify_token = fields.Char(
        groups=ADMIN, copy=False, help="Token of Meta's subscription handshake (hub.verify_token)."
    )
    allow_private_network = fields.Boolean(
        groups=ADMIN,
        help="Allow an endpoint on a loopback or private address (an intranet forum). "
        "Off by default: user-given URLs may only reach public hosts.",
    )
    # polling and health
    poll_interval = fields.Integer(string="Poll every (minutes)", default=15)
    max_pages = fields.Integer(default=10, help="Pages read per run at most.")
    daily_quota = fields.Integer(
        string="Daily quota budget",
        default=10000,
        help="Quota units the connector may spend per day (YouTube: 10,000 a day per Google "
        "Cloud project unless Google granted more; a search costs 100, a page of comments 1). "
        "A run never exceeds it.",
    )
    quota_used = fields.Integer(
        string="Quota used today",
        compute="_compute_quota_used",
        compute_sudo=True,
        help="Units spent since midnight, Pacific time (YouTube's quota day).",
    )
    cursor = fields.Char(copy=False, groups=ADMIN, help="High-water mark of the last run.")
    state = fields.Selection(
        [("ok", "OK"), ("error", "Error"), ("rate_limited", "Rate limited")],
        default="ok",
        required=True,
        copy=False,
        tracking=True,
    )
    last_run_at = fields.Datetime(readonly=True, copy=False)
    last_success_at = fields.Datetime(readonly=True, copy=False)
    last_error = fields.Text(readonly=True, copy=False)
    last_error_at = fields.Datetime(readonly=True, copy=False)
    last_warning = fields.Text(
        readonly=True, copy=False, help="What the last run read despite a fault (a broken feed)."
    )
    next_run_at = fields.Datetime(copy=False, index=True, help="Not polled before this time.")
    failure_count = fields.Integer(readonly=True, copy=False, help="Failed runs in a row.")
    fetched_count = fields.Integer(string="Items read", readonly=True, copy=False)
    mention_count = fields.Integer(string="Mentions kept", readonly=True, copy=False)
    skipped_count = fields.Integer(string="Broken items skipped", readonly=True, copy=False)
    run_count = fields.Integer(string="Runs", readonly=True, copy=False)
    error_count = fields.Integer(string="Failed runs", readonly=True, copy=False)
    # triage: which mentions become interest cards on arrival
    triage_question = fields.Boolean(string="Card for questions", default=True)
    triage_negative = fields.Boolean(string="Card for negative posts", default=True)
    triage_product = fields.Boolean(string="Card when a product is named")
    triage_known_customer = fields.Boolean(string="Card for known customers", default=True)
    # spike alert
    spike_window_hours = fields.Integer(string="Spike window (hours)", default=1)
    spike_factor = fields.Float(
        default=3.0,
        help="Alert when negative mentions in the window exceed this many times "
        "the average of the previous seven days.",
    )
    spike_min_count = fields.Integer(
        string="Spike minimum", default=5, help="Never alert below this many negative mentions."
    )
    spike_active = fields.Boolean(readonly=True, copy=False)
    spike_alerted_at = fields.Datetime(readonly=True, copy=False)
    # incidents: a spike opens one, run by the playbook
    playbook_id = fields.Many2one(
        "social.playbook",
        string="Playbook for spikes",
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
        help="A spike opens an incident with this playbook's owners, checklist and holding "
        "statements; while one is open, new spikes are added to it.",
    )
    incident_ids = fields.One2many("social.incident", "connector_id", string="Incidents")
    incident_count = fields.Integer(compute="_compute_incident_count")
    # webhooks
    webhook_url = fields.Char(compute="_compute_webhook_url")
    replay_window = fields.Integer(
        string="Replay window (seconds)",
        default=MAX_REPLAY_WINDOW,
        help="Deliveries dated further than this from now are refused; a replay within it is "
        "recognised by its key and stored once. Platforms retry for hours after an outage: "
        "at most two days.",
    )
    delivery_ids = fields.One2many(
        "social.listening.delivery", "connector_id", string="Deliveries", groups=ADMIN
    )
    max_body_kb = fields.Integer(
        string="Size limit (KB)",
        default=DEFAULT_BODY_KB,
        help="Bigger webhook deliveries are refused (at most 10240 KB).",
    )
    mention_ids = fields.One2many("social.mention", "connector_id", string="Mentions")
    mention_new_count = fields.Integer(compute="_compute_mention_new_count")

    _sql_constraints = [
        ("poll_interval_positive", "CHECK(poll_interval > 0)", "Poll at least every minute."),
    ]

    # ------------------------------------------------------------------ computes

    @api.depends("kind")
    def _compute_kind_features(self):
        for connector in self:
            kind = KINDS.get(connector.kind)
            connector.is_polled = bool(kind and kind.polled)
            connector.is_webhook = bool(kind and kind.webhook_fed)
            connector.webhook_dated = bool(kind and kind.webhook and kind.webhook.delivered_at)
            connector.credential_fields = " ".join(kind.credentials) if kind else False

    @api.depends("kind")
    def _compute_platform(self):
        for connector in self:
            kind = KINDS.get(connector.kind)
            if not connector.platform or not (kind and kind.platform_choice):
                connector.platform = kind.platform if kind else "other"

    @api.depends("source_id")
    def _compute_team_id(self):
        for connector in self:
            if connector.source_id.team_id:
                connector.team_id = connector.source_id.team_id

    def _compute_webhook_url(self):
        base = self.get_base_url()
        for connector in self:
            if connector.is_webhook and connector.id:
                connector.webhook_url = f"{base}/social_listening/webhook/{connector.id}"
            else:
                connector.webhook_url = False

    @api.depends("session_data")
    def _compute_quota_used(self):
        today = datetime.now(ZoneInfo("America/Los_Angeles")).date().isoformat()
        for connector in self:
            session = connector._session()
            connector.quota_used = (
                session.get("quota_used", 0) if session.get("quota_day") == today else 0
            )

    def _compute_mention_new_count(self):
        counts = dict(
            self.env["social.mention"]._read_group(
                [("connector_id", "in", self.ids), ("state", "=", "new")],
                ["connector_id"],
                ["__count"],
            )
        )
        for connector in self:
            connector.mention_new_count = counts.get(connector, 0)

    def _compute_incident_count(self):
        counts = dict(
            self.env["social.incident"]._read_group(
                [("connector_id", "in", self.ids)], ["connector_id"], ["__count"]
            )
        )
        for connector in self:
            connector.incident_count = counts.get(connector, 0)

    @api.constrains("replay_window")
    def _check_replay_window(self):
        for connector in self:
            if not 0 < connector.replay_window <= MAX_REPLAY_WINDOW:
                raise ValidationError(
                    self.env._(
                        "The replay window is between 1 and %(max)s seconds: delivery keys are "
                        "not kept long enough to refuse the replays of a longer one.",
                        max=MAX_REPLAY_WINDOW,
                    )
                )

    @api.constrains("max_body_kb")
    def _check_max_body_kb(self):
        for connector in self:
            if not 0 < connector.max_body_kb <= MAX_BODY_KB:
                raise ValidationError(
                    self.env._(
                        "The size limit of a webhook delivery is between 1 and %(max)s KB.",
                        max=MAX_BODY_KB,
                    )
                )

    @api.constrains("kind", "query", "access_token")
    def _check_mastodon_search(self):
        for connector in self:
            query = (connector.query or "").strip()
            # sudo: only whether a token is there is read, never its value
            if (
                connector.kind == "mastodon"
                and query
                and not query.startswith("#")
                and not connector.sudo().access_token
            ):
                raise ValidationError(
                    self.env._(
                        "Mastodon answers a keyword search with posts only for a user's access "
                        "token: an administrator enters one (Credentials tab), or listen to a "
                        "hashtag (#tag), which needs none."
                    )
                )

    @api.constrains("endpoint_url")
    def _check_endpoint_url(self):
        for connector in self:
            if connector.endpoint_url and not safe_http_url(connector.endpoint_url):
                raise ValidationError(self.env._("The endpoint must be an http(s) URL."))

    # ------------------------------------------------------------------ credentials

    def _target_host(self):
        """The host the connector's requests go to (its endpoint's, or its kind's API's)."""
        self.ensure_one()
        kind = KINDS.get(self.kind)
        default = kind.poller.default_endpoint if kind and kind.poller else ""
        try:
            return (urlsplit(self.endpoint_url or default).hostname or "").lower()
        except ValueError:
            return ""

    def write(self, vals):
        """Only administrators point a connector that holds credentials at another host: when
        anyone else does, the credentials are cleared (an administrator enters them again),
        so that they are never sent where a sales manager chose."""
        if (
            not ({"endpoint_url", "kind"} & set(vals))
            or self.env.su
            or self.env.user.has_group(ADMIN)
        ):
            return super().write(vals)
        hosts = {connector.id: connector._target_host() for connector in self}
        result = super().write(vals)
        for connector in self:
            if connector._target_host() == hosts[connector.id]:
                continue
            # sudo: the credentials are admin-only fields; they are only read to know whether
            # there are any, and cleared, never shown
            secret = connector.sudo()
            if any(secret[field] for field in OUTBOUND_CREDENTIALS):
                secret.write(dict.fromkeys((*OUTBOUND_CREDENTIALS, "session_data"), False))
                connector.message_post(
                    body=self.env._(
                        "The connector now connects to %(host)s: its credentials were cleared. "
                        "An administrator enters them again.",
                        host=connector._target_host() or "?",
                    )
                )
        return result

    # ------------------------------------------------------------------ actions

    def action_poll(self):
        """Poll now (the same run as the scheduler's); sales managers only, checked here:
        the run reads the admin-only credentials and costs the platform's quota."""
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers poll a connector."))
        for connector in self:
            if not connector.is_polled:
                raise UserError(
                    self.env._("%(name)s receives webhooks: it is not polled.", name=connector.name)
                )
            if not connector._lock():
                raise UserError(
                    self.env._("%(name)s is being polled right now.", name=connector.name)
                )
            # sudo: credentials are admin-only fields; the run itself reads them on behalf of
            # the user allowed to poll (a sales manager) and never shows them.
            connector.sudo()._poll()
        return True

    def action_test_connection(self):
        """Ask the platform once, with the connector's settings and credentials, and show its
        answer; nothing is stored (no mention, no cursor, no run counted). Sales managers,
        as for polling."""
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers test a connector."))
        # sudo: the credentials are admin-only fields, used for the request, never shown
        ok, message = self.sudo()._test_connection()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Connection works") if ok else self.env._("Connection failed"),
                "message": message,
                "type": "success" if ok else "danger",
                "sticky": not ok,
            },
        }

    def _test_connection(self):
        """(works, what the platform answered) for one request of the connector."""
        if self.is_webhook:
            return self._test_webhook()
        try:
            connector = get_connector(self.kind, self._connector_config(), self._adapter())
            payload = connector.fetch_page(None, None)
            raws, _token = connector.split_page(payload)
            items = []
            for raw in raws:
                try:
                    item = connector.map_item(raw, payload)
                except Exception:  # noqa: S112 - counted as unreadable below
                    continue
                if item is not None:
                    items.append(item)
        except (FetchError, ValueError, KeyError, TypeError) as exc:
            return False, redact(exc)
        if not items:
            return True, self.env._(
                "The platform answered: nothing matches the query right now (%(count)s "
                "item(s) on the first page).",
                count=len(raws),
            )
        newest = (items[0]["body"] or items[0]["title"] or "").strip().replace("\n", " ")
        return True, self.env._(
            "The platform answered: %(count)s item(s) on the first page, %(readable)s "
            "readable. First: %(newest)s",
            count=len(raws),
            readable=len(items),
            newest=newest[:200],
        )

    def _test_webhook(self):
        """A webhook is not asked: its settings are checked and its last delivery shown."""
        missing = [
            self._fields[name].string
            for name in ("webhook_secret", "verify_token")
            if name in (self.credential_fields or "").split() and not self[name]
        ]
        if missing:
            return False, self.env._(
                "Missing: %(fields)s. Deliveries are refused until it is set.",
                fields=", ".join(missing),
            )
        last = self.env["social.listening.delivery"].search(
            [("connector_id", "=", self.id)], order="received_at desc", limit=1
        )
        if not last:
            return True, self.env._(
                "Ready: give the platform %(url)s; no delivery received yet.", url=self.webhook_url
            )
        return True, self.env._(
            "Ready: last delivery received on %(date)s (%(state)s).",
            date=fields.Datetime.to_string(last.received_at),
            state=dict(last._fields["state"]._description_selection(self.env))[last.state],
        )

    def action_reset_cursor(self):
        """Forget the high-water mark: the next run reads everything the platform still has
        (no duplicate: mentions are unique per connector and external id)."""
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(self.env._("Only administrators can reset a connector's cursor."))
        # sudo: the cursor is an admin-only technical field; the caller was checked above.
        self.sudo().write({"cursor": False, "next_run_at": False})

    def action_view_mentions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_listening.action_social_mention"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {"search_default_filter_new": 1}
        return action

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_listening.action_social_incident"
        )
        action["domain"] = [("connector_id", "=", self.id)]
        action["context"] = {"default_connector_id": self.id}
        return action

    # ------------------------------------------------------------------ scheduler

    @api.model
    def _cron_poll(self):
        """Poll one due connector per call, in its own transaction: the cron runner commits
        and calls again while some remain, so several workers share the connectors."""
        due = self.search(self._due_domain())
        if not due:
            return
        self.env.cr.execute(
            SQL(
                """SELECT id FROM social_listening_connector
                    WHERE id IN %s
                    ORDER BY next_run_at NULLS FIRST, id
                    LIMIT 1 FOR UPDATE SKIP LOCKED""",
                tuple(due.ids),
            )
        )
        remaining = len(due)
        row = self.env.cr.fetchone()
        if row:
            self.browse(row[0])._poll()
        self.env["ir.cron"]._notify_progress(done=1, remaining=max(remaining - 1, 0))

    @api.model
    def _due_domain(self):
        now = fields.Datetime.now()
        return [
            ("active", "=", True),
            ("kind", "in", polled_kinds()),
            "|",
            ("next_run_at", "=", False),
            ("next_run_at", "<=", now),
        ]

    def _lock(self):
        """Take the connector's row lock without waiting (False if another run holds it)."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM social_listening_connector WHERE id = %s FOR UPDATE SKIP LOCKED",
                self.id,
            )
        )
        return bool(self.env.cr.fetchone())

    # ------------------------------------------------------------------ the run

    def _adapter(self, retries=True):
        """The connector's HTTP adapter; ``retries=False`` for a POST that publishes (a
        retry there is decided by the caller, never by the adapter)."""
        extra = {} if retries else {"max_retries": 0}
        return HttpAdapter(
            allow_private=self.allow_private_network, resolve=configured_resolver(self.env), **extra
        )

    def _keep_session(self, session):
        """Keep a login's tokens between uses (a reply logs in as a run does)."""
        data = json.dumps(session or {})
        if data != (self.session_data or "{}"):
            self.session_data = data

    def _complete_delivered(self, scheme, items):
        """The delivered ``items`` completed by their kind (``WebhookScheme.complete``):
        what the platform must be asked with the connector's credentials. A platform that
        does not answer leaves the items as they came: the delivery is never lost for it."""
        self.ensure_one()
        try:
            # sudo: the credentials are read by the server to ask the platform; they never
            # reach a user (administrators alone read them)
            return scheme.complete(items, self.sudo()._connector_config(), self._adapter())
        except FetchError as error:
            _logger.warning("Connector %s: delivered items not completed: %s", self.id, error)
            return items

    def _connector_config(self):
        return Config(
            endpoint_url=self.endpoint_url or "",
            query=self.query or "",
            api_key=self.api_key or "",
            api_secret=self.api_secret or "",
            access_token=self.access_token or "",
            auth_url=self.auth_url or "",
            login=self.login or "",
            app_password=self.app_password or "",
            session=self._session(),
            platform=self.platform,
            max_pages=self.max_pages or 1,
            daily_quota=self.daily_quota,
        )

    def _poll(self):
        """Fetch, store and triage what is new; record the outcome on the connector.

        The new cursor is written in the same transaction as the mentions, so it can never
        be committed without them; on any failure it stays where it was and the next run
        back-fills from there.
        """
        self.ensure_one()
        now = fields.Datetime.now()
        counters = {"last_run_at": now, "run_count": self.run_count + 1}
        connector = None
        try:
            connector = get_connector(self.kind, self._connector_config(), self._adapter())
            result = connector.fetch(self.cursor)
        except RateLimited as exc:
            return self._record_failure(exc, counters, "rate_limited", exc.retry_after)
        except TransientError as exc:
            return self._record_failure(exc, counters, "error", exc.retry_after)
        except FetchError as exc:
            return self._record_failure(exc, counters, "error", None)
        except Exception as exc:
            # Fail loudly but keep the scheduler going: the error is shown on the connector.
            _logger.exception("Listening connector %s failed", self.id)
            return self._record_failure(exc, counters, "error", None)
        finally:
            # a login renewed during the run is kept even when the run failed: the old
            # refresh token may be spent
            if connector is not None and connector.session_changed:
                self.session_data = json.dumps(connector.session)
        try:
            # one bad row (a NUL byte, a clash with an archived record) fails this run of this
            # connector only: it is written on the connector, the scheduler goes on, and the
            # cursor stays where it was (nothing of the run is kept, nothing before is lost)
            with self.env.cr.savepoint():
                mentions = self._ingest(result.items)
        except Exception as exc:
            _logger.exception("Listening connector %s could not store its items", self.id)
            self.env.invalidate_all()
            return self._record_failure(exc, counters, "error", None)
        errors = [redact(error) for error in result.errors]
        for error in errors:
            _logger.warning("Connector %s skipped an item: %s", self.id, error)
        self.write(
            dict(
                counters,
                cursor=result.cursor,
                state="ok",
                last_success_at=now,
                last_error=("\n".join(errors[:20]) or False) if errors else False,
                last_warning="\n".join(redact(w) for w in result.warnings[:5]) or False,
                failure_count=0,
                # an incomplete run (stopped at max_pages) continues at once
                next_run_at=now if not result.complete else now + self._interval(),
                fetched_count=self.fetched_count + len(result.items),
                skipped_count=self.skipped_count + len(result.errors),
            )
        )
        return mentions

    def _session(self):
        try:
            session = json.loads(self.session_data or "{}")
        except ValueError:
            return {}
        return session if isinstance(session, dict) else {}

    def _interval(self):
        return timedelta(minutes=max(self.poll_interval, 1))

    def _record_failure(self, exc, counters, state, retry_after):
        failures = self.failure_count + 1
        if retry_after is None:
            minutes = min(self.poll_interval * 2 ** (failures - 1), MAX_BACKOFF_MINUTES)
            delay = timedelta(minutes=minutes)
        else:
            delay = timedelta(seconds=max(int(retry_after), 1))
        now = fields.Datetime.now()
        message = redact(exc)  # a URL in the error may carry the API key in its query
        _logger.warning("Listening connector %s: %s", self.id, message)
        self.write(
            dict(
                counters,
                state=state,
                last_error=message[:2000],
                last_error_at=now,
                failure_count=failures,
                error_count=self.error_count + 1,
                next_run_at=now + delay,
            )
        )
        return self.env["social.mention"]

    # ------------------------------------------------------------------ storing

    def _ingest(self, items):
        """Store ``items`` (mapped dicts) as mentions: new ones only, those the rules keep;
        then triage them and check for a spike. Returns the new mentions."""
        self.ensure_one()
        Mention = self.env["social.mention"]
        vals_list = Mention._prepare_mentions(self, items)
        mentions = Mention._create_idempotent(vals_list)
        if mentions:
            self.mention_count += len(mentions)
            mentions._triage()
            self._check_spike()
        return mentions

    def _check_spike(self):
        """Alert the sales managers once when negative mentions in the window exceed the
        baseline; re-armed when the window falls back under it."""
        self.ensure_one()
        if self.spike_window_hours <= 0:
            return False
        now = fields.Datetime.now()
        window = timedelta(hours=self.spike_window_hours)
        Mention = self.env["social.mention"]
        base = [("connector_id", "=", self.id), ("sentiment", "=", "negative")]
        recent = Mention.search_count([*base, ("posted_at", ">", now - window)])
        history = Mention.search_count(
            [
                *base,
                ("posted_at", ">", now - window - timedelta(days=7)),
                ("posted_at", "<=", now - window),
            ]
        )
        baseline = history / max((7 * 24) / self.spike_window_hours, 1)
        threshold = max(self.spike_min_count, self.spike_factor * baseline)
        if recent >= threshold and not self.spike_active:
            self.write({"spike_active": True, "spike_alerted_at": now})
            self._notify_spike(recent, baseline, self._spike_incident(recent, baseline))
            return True
        if recent < threshold and self.spike_active:
            self.spike_active = False
        return False

    def _spike_incident(self, recent, baseline):
        """The incident this spike opens with the playbook, or the open one it joins (one
        at a time per connector); none without a playbook.

        Opened (or joined) before the managers are told, so that their alert links it. Two
        concurrent runs of one connector cannot both open one: each updates the connector's
        row before the check (``_ingest``), so the second waits for the first and then fails
        on the concurrent update."""
        Incident = self.env["social.incident"]
        if not self.playbook_id:
            return Incident
        running = Incident.search(
            [("connector_id", "=", self.id), ("state", "in", OPEN_STATES)],
            order="opened_on desc",
            limit=1,
        )
        if running:
            running._post_new_spike(recent, baseline)
            return running
        return Incident._open_from_spike(self, recent, baseline)

    def _notify_spike(self, recent, baseline, incident=None):
        """Tell the company's sales managers; ``incident``: the playbook incident the spike
        opened or joined, linked in the message."""
        managers = self.env.ref("sales_team.group_sale_manager").users.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        )
        body = self.env._(
            "Negative mentions spike on %(name)s: %(recent)s in the last %(hours)s hour(s), "
            "against %(baseline).1f usually. Time for the contingency plan.",
            name=self.name,
            recent=recent,
            hours=self.spike_window_hours,
            baseline=baseline,
        )
        if incident:
            # a Markup argument makes the translation escaped and the result Markup: the
            # link stays a link, the names in it are escaped
            body = (
                escape(body)
                + Markup(" ")
                + self.env._(
                    "Incident under way: %(incident)s.", incident=incident._get_html_link()
                )
            )
        self.message_post(
            body=body,
            subject=self.env._("Negative mentions spike"),
            partner_ids=managers.partner_id.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
