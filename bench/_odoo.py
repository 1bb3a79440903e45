"""Shared helpers of the benchmarks: find Odoo, open a registry, make a throwaway database."""

import contextlib
import os
import subprocess
import sys

ODOO_PATH = os.environ.get("ODOO_PATH", "/opt/odoo")
ADDONS_PATH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if ODOO_PATH not in sys.path:
    sys.path.insert(0, ODOO_PATH)

from psycopg2 import sql  # noqa: E402

import odoo  # noqa: E402
from odoo.modules.registry import Registry  # noqa: E402


def odoo_addons_path():
    """Our addons, then Odoo's own: ``odoo/addons`` of a source tree and the root
    ``addons/`` of a git clone of Odoo, where present."""
    paths = [ADDONS_PATH]
    for folder in (os.path.join(ODOO_PATH, "odoo", "addons"), os.path.join(ODOO_PATH, "addons")):
        if os.path.isfile(os.path.join(folder, "web", "__manifest__.py")):
            paths.append(folder)
    return ",".join(paths)


def setup_odoo():
    odoo.tools.config.parse_config([f"--addons-path={odoo_addons_path()}", "--log-level=warn"])


def registry(dbname):
    return Registry(dbname)


def create_database(dbname, template=None):
    """A throwaway database with social_interest installed: a copy of ``template`` (a
    database where the addons are installed, with no one connected) or a fresh install."""
    import psycopg2

    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
        if template:
            cr.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(dbname), sql.Identifier(template)
                )
            )
    conn.close()
    if not template:
        python = os.path.join(ODOO_PATH, "venv", "bin", "python")
        subprocess.run(
            [
                python if os.path.exists(python) else sys.executable,
                os.path.join(ODOO_PATH, "odoo-bin"),
                "-d",
                dbname,
                f"--addons-path={odoo_addons_path()}",
                "-i",
                "social_interest",
                "--without-demo=all",
                "--stop-after-init",
                "--no-http",
                "--log-level=warn",
            ],
            check=True,
        )


def drop_database(dbname):
    import psycopg2

    odoo.sql_db.close_db(dbname)
    conn = psycopg2.connect(dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cr:
        # a server the bench started may still be closing its connections
        cr.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        )
        cr.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(dbname)))
    conn.close()


@contextlib.contextmanager
def throwaway_env(template, suffix, keep=False, context=None):
    """A superuser environment on a copy of ``template`` (dropped afterwards unless
    ``keep``); the caller commits what it wants to measure."""
    setup_odoo()
    dbname = f"{template}_{suffix}"
    create_database(dbname, template)
    try:
        with registry(dbname).cursor() as cr:
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, context or {})
    finally:
        if not keep:
            drop_database(dbname)
