"""Spam scored by a real SpamAssassin spamd on loopback, for e-mails that carry no verdict."""

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

from odoo.tests import tagged

from ..parsing import spamd
from .gateway_common import GatewayCase, make_mail

# SpamAssassin's own test string (GTUBE): every SpamAssassin scores it 1000, whatever its
# rules' version (https://spamassassin.apache.org/gtube/)
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Spamd:
    """SpamAssassin's daemon from the system's package, on a free loopback port; local tests
    only (no network lookups), no user preferences."""

    def __init__(self):
        binary = shutil.which("spamd") or "/usr/sbin/spamd"
        self.port = free_port()
        self.folder = tempfile.mkdtemp(prefix="spamd-")
        command = [
            binary,
            f"--listen=127.0.0.1:{self.port}",
            "--local",
            "--nouser-config",
            "--max-children=1",
            "--syslog=stderr",
            f"--pidfile={self.folder}/spamd.pid",
        ]
        if os.geteuid() == 0:
            command.append("--username=nobody")
        self.log = open(os.path.join(self.folder, "spamd.log"), "wb")
        self.process = subprocess.Popen(command, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("spamd did not start")

    @property
    def address(self):
        return f"127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class OneAnswer:
    """A TCP server on loopback that answers every connection with the same bytes."""

    def __init__(self, answer):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.address = f"127.0.0.1:{self.socket.getsockname()[1]}"
        self.answer = answer
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _peer = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.recv(65536)
                connection.sendall(self.answer)

    def stop(self):
        self.socket.close()


@tagged("post_install", "-at_install")
class TestSpamd(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spamd = Spamd()
        cls.addClassCleanup(cls.spamd.stop)
        cls.env["ir.config_parameter"].set_param("social_interest.spamd", cls.spamd.address)

    def test_the_test_spam_is_set_aside(self):
        raw = make_mail(
            subject="Urgent request for quotation",
            body=f"Dear sir,\n{GTUBE}\n",
            message_id="<gtube-1@mail.example.com>",
        )
        self.process(raw)
        card = self.cards_of("<gtube-1@mail.example.com>")
        self.assertEqual(card.state, "ignored")
        self.assertTrue(card.spam_reason.startswith("SpamAssassin: 1"), card.spam_reason)

    def test_a_not_spam_header_written_by_the_sender_changes_nothing(self):
        raw = make_mail(
            body=f"Hello\n{GTUBE}\n",
            message_id="<gtube-2@mail.example.com>",
            headers={"X-Spam-Status": "No, score=-2.0", "X-Spam-Flag": "NO"},
        )
        self.process(raw)
        self.assertEqual(self.cards_of("<gtube-2@mail.example.com>").state, "ignored")

    def test_a_customers_question_reaches_the_queue(self):
        self.process(make_mail(message_id="<ham-1@mail.example.com>"))
        card = self.cards_of("<ham-1@mail.example.com>")
        self.assertNotEqual(card.state, "ignored")
        self.assertFalse(card.spam_reason)

    def test_spamd_down_loses_nothing(self):
        self.env["ir.config_parameter"].set_param(
            "social_interest.spamd", f"127.0.0.1:{free_port()}"
        )
        with self.assertLogs("odoo.addons.social_interest", "WARNING") as logs:
            self.process(make_mail(body=f"{GTUBE}\n", message_id="<down-1@mail.example.com>"))
        card = self.cards_of("<down-1@mail.example.com>")
        self.assertEqual(len(card), 1, "the e-mail is a card, not lost")
        self.assertFalse(card.spam_reason)
        self.assertIn("no spam score", "\n".join(logs.output))

    def test_answers_that_break_the_protocol_are_errors(self):
        for answer in (b"HTTP/1.1 200 OK\r\n\r\n", b"SPAMD/1.1 76 EX_PROTOCOL\r\n\r\n", b""):
            server = OneAnswer(answer)
            try:
                with self.assertRaises(spamd.SpamdError, msg=answer):
                    spamd.score(b"Subject: x\r\n\r\nhello\r\n", server.address)
            finally:
                server.stop()
        with self.assertRaises(spamd.SpamdError):
            spamd.score(b"x", "no-port-here")

    def test_a_large_email_is_not_sent(self):
        self.assertIsNone(spamd.score(b"x" * (spamd.MAX_SIZE + 1), self.spamd.address))
        value, threshold = spamd.score(
            f"Subject: x\r\n\r\n{GTUBE}\r\n".encode(), self.spamd.address
        )
        self.assertGreaterEqual(value, 1000)
        self.assertEqual(threshold, 5.0)
