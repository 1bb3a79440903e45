"""A client of SpamAssassin's spamd (its SPAMC protocol, ``CHECK`` command), no Odoo.

The gateway asks it for e-mails the receiving server did not judge spam, when an admin
configured one: ``score(raw, "127.0.0.1:783")`` -> ``(score, spamd's own threshold)``.
"""

import re
import socket

MAX_SIZE = 512 * 1024  # as spamc: a larger e-mail is not sent (spam is small)
_STATUS = re.compile(rb"^SPAMD/\d+\.\d+ (\d+) (\S+)")
_SPAM = re.compile(rb"^Spam: (True|False|Yes|No) ; (-?[\d.]+) / (-?[\d.]+)", re.IGNORECASE)


class SpamdError(Exception):
    """spamd could not be asked, or did not answer as its protocol says."""


def parse_address(address):
    host, _sep, port = (address or "").strip().rpartition(":")
    if not host or not port.isdigit():
        raise SpamdError(f"spamd address must be host:port, not {address!r}")
    return host.strip("[]"), int(port)


def score(raw, address, timeout=5.0):
    """``(score, threshold)`` of the e-mail ``raw`` (bytes) by the spamd at ``address``
    ("host:port"), or None when it is too large to be scored."""
    if len(raw) > MAX_SIZE:
        return None
    host, port = parse_address(address)
    request = b"CHECK SPAMC/1.5\r\nContent-length: %d\r\n\r\n" % len(raw) + raw
    try:
        with socket.create_connection((host, port), timeout=timeout) as connection:
            connection.sendall(request)
            connection.shutdown(socket.SHUT_WR)
            answer = b""
            while len(answer) < 64 * 1024:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                answer += chunk
    except OSError as exc:
        raise SpamdError(f"spamd at {address}: {exc}") from exc
    lines = answer.split(b"\r\n")
    status = _STATUS.match(lines[0])
    if not status:
        raise SpamdError(f"spamd at {address}: unexpected answer {lines[0][:80]!r}")
    if status.group(1) != b"0":
        raise SpamdError(f"spamd at {address}: {status.group(2).decode('ascii', 'replace')}")
    for line in lines[1:]:
        spam = _SPAM.match(line)
        if spam:
            return float(spam.group(2)), float(spam.group(3))
    raise SpamdError(f"spamd at {address}: no Spam header in its answer")
