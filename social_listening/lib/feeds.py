"""Turning untrusted XML and HTML into plain values (lxml, entities and network off)."""

import codecs
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import chardet
from lxml import etree

from odoo.addons.social_interest.lib.http import FetchError
from odoo.addons.social_interest.parsing.html import html_to_text as tree_to_text
from odoo.addons.social_interest.parsing.html import parse_html

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*\?>")


def safe_xml_parser():
    """A parser that never expands entities, loads DTDs or touches the network (no XXE)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(content, declared_charset=None):
    """Parse feed bytes in whatever encoding they come: the XML declaration or BOM first,
    then the HTTP charset, then a detected one. Raises :class:`FetchError` when malformed."""
    try:
        # the parser above has entities, DTDs and network off
        return etree.fromstring(content, parser=safe_xml_parser())  # noqa: S320
    except etree.XMLSyntaxError as exc:
        first_error = exc
    # The bytes do not match their declared (or default UTF-8) encoding: re-decode them.
    body = _DECLARATION.sub(b"", content, count=1)
    for charset in (declared_charset, chardet.detect(body[:65536]).get("encoding")):
        if not charset or not _known_codec(charset):
            continue
        try:
            text = body.decode(charset)
            return etree.fromstring(text.encode("utf-8"), parser=safe_xml_parser())  # noqa: S320
        except (UnicodeDecodeError, etree.XMLSyntaxError):
            continue
    raise FetchError(f"Malformed XML: {first_error}")


def _known_codec(name):
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def html_to_text(markup):
    """Plain text of an HTML fragment from the internet, read by the mail gateway's reader
    (lxml with network and entities off, scripts dropped, one line per block)."""
    if not markup:
        return ""
    if "<" not in markup and "&" not in markup:
        return markup.strip()
    root = parse_html(markup)
    return tree_to_text(root) if root is not None else markup.strip()


def parse_date(value):
    """A naive UTC datetime from ISO 8601, RFC 822 or epoch seconds; None when unreadable."""
    if value in (None, ""):
        return None
    try:
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            return datetime.fromtimestamp(float(value), UTC).replace(tzinfo=None)
        value = value.strip()
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
    if parsed.tzinfo:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed
