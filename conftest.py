"""Suite-wide pytest policy: a skipped test is a failed run.

Odoo skips every browser tour silently when `websocket-client` or Chromium is missing;
a green run must mean that everything really ran.
"""


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
