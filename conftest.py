"""Suite-wide pytest policy: a skipped test is a failed run.

Odoo skips every browser tour silently when `websocket-client` or Chromium is missing;
a green run must mean that everything really ran.
"""

import logging

import pytest


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and exitstatus == 0:
        session.exitstatus = 1


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped:
        terminalreporter.write_line(
            f"FAILED RUN: {len(skipped)} test(s) skipped; the suite allows none.", red=True
        )


class _DropTestFrameworkImportError(logging.Filter):
    """pytest-odoo imports odoo.tests before it turns test mode on (it must: turning it on
    earlier would run every module's at_install tests). Odoo then logs a misleading ERROR."""

    def filter(self, record):
        return not str(record.msg).startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_DropTestFrameworkImportError())


@pytest.fixture(scope="session", autouse=True)
def _parse_odoo_manifests_once(request):
    """Read every addon's manifest once, in the main thread, before tours start.

    Odoo's HTTP server reads the manifests lazily on its first request, from whichever
    worker thread gets it; CPython 3.11's compile() is not thread-safe and concurrent first
    requests can fail with "AST constructor recursion depth mismatch".
    """
    if request.config.getoption("--odoo-http", default=False):
        import odoo.http

        _ = odoo.http.root.statics
    return
