"""What the gateway knows of one e-mail, independent of Odoo's ``msg_dict``."""

import email
import email.policy
import email.utils
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..lib.html import html_to_text, parse_html


@dataclass
class Notification:
    """One incoming e-mail, decoded: addresses, subject, date, HTML and text bodies."""

    sender_email: str = ""
    sender_name: str = ""
    subject: str = ""
    date: datetime | None = None
    html: str = ""
    text: str = ""
    message_id: str = ""
    to: str = ""
    headers: dict = field(default_factory=dict)
    _tree: object = field(default=None, repr=False)

    @property
    def tree(self):
        """The HTML body as a safe lxml tree (parsed once), or None when there is none."""
        if self._tree is None and self.html:
            self._tree = parse_html(self.html)
        return self._tree

    @property
    def body_text(self):
        """The plain text of the message: the text part, else the HTML rendered as text."""
        if self.text:
            return self.text
        if self.tree is not None:
            self.text = html_to_text(self.tree)
        return self.text

    @classmethod
    def from_bytes(cls, raw):
        """Decode a raw RFC 5322 message (used by tests and tools, not by the gateway)."""
        message = email.message_from_bytes(raw, policy=email.policy.default)
        name, address = email.utils.parseaddr(str(message.get("From", "")))
        date = None
        try:
            date = email.utils.parsedate_to_datetime(str(message.get("Date", "")))
        except (TypeError, ValueError):
            date = None
        if date is not None and date.tzinfo is not None:
            date = date.astimezone(UTC).replace(tzinfo=None)
        html = text = ""
        for part in message.walk():
            if part.is_multipart() or part.get_filename():
                continue
            ctype = part.get_content_type()
            try:
                content = part.get_content()
            except (LookupError, UnicodeError, KeyError):
                payload = part.get_payload(decode=True) or b""
                content = payload.decode("utf-8", "replace")
            if ctype == "text/html" and not html:
                html = content
            elif ctype == "text/plain" and not text:
                text = content
        return cls(
            sender_email=address.lower(),
            sender_name=name,
            subject=str(message.get("Subject", "")),
            date=date,
            html=html,
            text=text if not html else "",
            message_id=str(message.get("Message-Id", "")).strip(),
            to=str(message.get("To", "")),
            headers=headers_of(message),
        )


_JOINED_HEADERS = ("authentication-results",)


def headers_of(message):
    """Lower-cased header names -> first value as text, read raw (no header objects built:
    the gateway only looks at a few flags, and a malformed header must not stop it)."""
    headers = {}
    try:
        items = message.raw_items()
    except (AttributeError, TypeError):
        items = message.items()
    for key, value in items:
        key = str(key).lower()
        if key not in headers:
            headers[key] = " ".join(str(value).split())
        elif key in _JOINED_HEADERS:
            # every server on the way adds its own: all of them are kept, the newest first
            headers[key] += " ; " + " ".join(str(value).split())
    return headers
