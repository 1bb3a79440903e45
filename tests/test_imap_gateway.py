"""End to end: a real IMAP server (Dovecot on loopback) -> Odoo's fetchmail -> interest cards.

Dovecot runs from a private configuration in a temporary folder (plain-text passwd-file,
a free non-privileged port on 127.0.0.1, no TLS); the test delivers the sample notifications
into the mailbox with IMAP APPEND, points an Odoo ``fetchmail.server`` at it and runs
``fetch_mail()`` as the cron does.
"""

import imaplib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from odoo.tests import HttpCase, tagged

MAIL_DIR = Path(__file__).resolve().parents[1] / "data" / "mail"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "social", "s3cret-imap"

CONFIG = """
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal}
default_login_user = {internal}
first_valid_uid = {uid}
mail_location = maildir:{tmp}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {tmp}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@tagged("post_install", "-at_install")
class TestImapGateway(HttpCase):
    """Odoo's own fetchmail reads a real IMAP mailbox into interest cards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="social-imap-")
        cls.port = _free_port()
        # Dovecot refuses to serve mail as root: a system account owns the mailbox when the
        # tests run as root, the current user otherwise.
        account = pwd.getpwnam("nobody") if os.geteuid() == 0 else pwd.getpwuid(os.geteuid())
        internal = "dovenull" if os.geteuid() == 0 else account.pw_name
        for folder in ("run", "state", "mail"):
            os.makedirs(os.path.join(cls.tmp, folder))
        os.chmod(cls.tmp, 0o755)
        if os.geteuid() == 0:
            os.chown(os.path.join(cls.tmp, "mail"), account.pw_uid, account.pw_gid)
        Path(cls.tmp, "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
        config = Path(cls.tmp, "dovecot.conf")
        config.write_text(
            CONFIG.format(
                tmp=cls.tmp,
                port=cls.port,
                uid=account.pw_uid,
                gid=account.pw_gid,
                internal=internal,
            )
        )
        cls.dovecot = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        cls.addClassCleanup(cls._stop_dovecot)
        deadline = time.monotonic() + 15
        while True:
            try:
                with socket.create_connection(("127.0.0.1", cls.port), timeout=1):
                    break
            except OSError:
                if cls.dovecot.poll() is not None or time.monotonic() > deadline:
                    log = Path(cls.tmp, "dovecot.log")
                    raise RuntimeError(
                        "Dovecot did not start: "
                        + cls.dovecot.stderr.read().decode(errors="replace")
                        + (log.read_text() if log.exists() else "")
                    ) from None
                time.sleep(0.2)

    @classmethod
    def _stop_dovecot(cls):
        cls.dovecot.terminate()
        try:
            cls.dovecot.wait(timeout=10)
        except subprocess.TimeoutExpired:
            cls.dovecot.kill()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def _imap(self):
        imap = imaplib.IMAP4("127.0.0.1", self.port)
        imap.login(USER, PASSWORD)
        imap.select("INBOX")
        return imap

    def _deliver(self, *raws):
        imap = self._imap()
        try:
            for raw in raws:
                status, _data = imap.append(
                    "INBOX", None, None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                )
                self.assertEqual(status, "OK")
        finally:
            imap.logout()

    def test_fetchmail_turns_the_mailbox_into_cards(self):
        self.env["ir.config_parameter"].sudo().set_param("social_interest.photo_download", "0")
        facebook = (MAIL_DIR / "facebook" / "comment_en.eml").read_bytes()
        form = (MAIL_DIR / "website" / "contact_ja.eml").read_bytes()
        alert = (MAIL_DIR / "google_alerts" / "digest_en.eml").read_bytes()
        bounce = (
            b"From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\n"
            b"To: social@acme.example.com\nSubject: Undelivered Mail Returned to Sender\n"
            b"Message-Id: <imap-bounce-1@mx.example.com>\nContent-Type: text/plain\n\n"
            b"This is the mail system at host mx.example.com.\n"
        )
        bad_charset = (
            b"From: Ken Ito <ken.ito@example.com>\nTo: social@acme.example.com\n"
            b"Subject: Sofa\nMessage-Id: <imap-charset-1@example.com>\n"
            b'Content-Type: text/plain; charset="x-klingon"\n\nIs the sofa \xff in stock?\n'
        )
        self._deliver(facebook, form, alert, bounce, facebook, bad_charset)

        server = self.env["fetchmail.server"].create(
            {
                "name": "Social mailbox (test)",
                "server_type": "imap",
                "server": "127.0.0.1",
                "port": self.port,
                "is_ssl": False,
                "user": USER,
                "password": PASSWORD,
                "object_id": self.env["ir.model"]._get_id("social.interest"),
                "original": False,
            }
        )
        server.button_confirm_login()
        self.assertEqual(server.state, "done")
        before = self.env["social.interest"].search_count([])
        # fetch_mail() commits after each mail, as in the cron: run it on a cursor of its own
        # (in tests, the registry's test cursor turns those commits into savepoints)
        with self.registry.cursor() as cr:
            server.with_env(self.env(cr=cr)).fetch_mail()
        self.env.invalidate_all()

        Interest = self.env["social.interest"]
        self.assertEqual(Interest.search_count([]) - before, 1 + 1 + 2 + 1)
        comment = Interest.search([("external_id", "=", "1234567890123456")])
        self.assertEqual(len(comment), 1)
        self.assertEqual((comment.platform, comment.action_type), ("facebook", "comment"))
        self.assertEqual(comment.author_name, "Jane Roe")
        form_card = Interest.search([("author_email", "=", "taro.yamada@example.jp")])
        self.assertEqual((form_card.action_type, form_card.lang), ("form", "ja"))
        self.assertIn(
            "original_email.eml",
            self.env["ir.attachment"]
            .search([("res_model", "=", "social.interest"), ("res_id", "=", form_card.id)])
            .mapped("name"),
        )
        self.assertEqual(
            len(Interest.search([("source_url", "like", "interiorweekly.example")])), 1
        )
        self.assertTrue(Interest.search([("message_id", "=", "<imap-charset-1@example.com>")]))
        self.assertFalse(Interest.search([("message_id", "=", "<imap-bounce-1@mx.example.com>")]))

        imap = self._imap()
        try:
            _status, unseen = imap.search(None, "UNSEEN")
            _status, every = imap.search(None, "ALL")
        finally:
            imap.logout()
        self.assertEqual(unseen[0].split(), [])
        self.assertEqual(len(every[0].split()), 6, "fetchmail keeps every mail on the server")
