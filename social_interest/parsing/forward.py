"""A notification a rep forwarded from their own mailbox, read as the original.

Mail clients forward by writing the original's headers into the body, after a marker line:
Gmail ("---------- Forwarded message ---------", in the client's language), Outlook (a rule
or "-----Original Message-----" then "From: … Sent: … To: … Subject: …" with localized
labels), Apple Mail and iOS ("Begin forwarded message:"), Thunderbird ("-------- Forwarded
Message --------"). The reader finds the marker, reads the header block that follows (From,
Date, Subject), and keeps what comes after it as the original's body, HTML and text.
"""

import copy
import email.utils
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from lxml import html as lxml_html

_MARKERS = (
    r"forwarded message|forwarded e-?mail|original message|begin forwarded message|"
    r"weitergeleitete nachricht|ursprüngliche nachricht|anfang der weitergeleiteten nachricht|"
    r"message transféré|message d'origine|début du message (?:réexpédié|transféré)|"
    r"mensaje reenviado|mensaje original|inicio del mensaje reenviado|"
    r"mensagem encaminhada|mensagem original|início da mensagem (?:reencaminhada|encaminhada)|"
    r"messaggio inoltrato|messaggio originale|doorgestuurd bericht|oorspronkelijk bericht|"
    r"пересылаемое сообщение|пересланное сообщение|исходное сообщение|"
    r"начало переадресованного сообщения|"
    r"転送されたメッセージ|転送メッセージ|元のメッセージ|"
    r"전달된 메시지|원본 메시지|전달 메시지|"
    r"转发的邮件|转发邮件|原始邮件|轉寄的郵件|原始郵件|已转发邮件"
)
# a marker line: dashes around the words, or the words ending with a colon
MARKER = re.compile(
    rf"^\s*(?:-{{2,}}\s*(?:{_MARKERS})\s*-{{2,}}|(?:{_MARKERS})\s*:?)\s*$", re.IGNORECASE
)
RULE_LINE = re.compile(r"^\s*_{10,}\s*$")  # Outlook's rule above the header block

_LABELS = {
    "from": r"from|von|de|da|van|от|差出人|送信者|보낸 사람|발신|发件人|寄件者|寄件人",
    "date": (
        r"date|sent|datum|gesendet|envoyé|enviado|fecha|data|inviato|verzonden|дата|"
        r"отправлено|送信日時|日付|날짜|보낸 날짜|日期|发送时间|時間|寄件日期"
    ),
    "subject": r"subject|betreff|objet|asunto|assunto|oggetto|onderwerp|тема|件名|제목|主题|主旨",
    "to": r"to|an|à|a|para|aan|кому|宛先|받는 사람|收件人",
    "cc": r"cc|копия|kopie",
}
HEADER_LINE = re.compile(
    r"^[ \t]{0,8}(?:\*{1,2}[ \t]{0,4})?(?P<label>"
    + "|".join(f"(?:{v})" for v in _LABELS.values())
    + r")[ \t]{0,4}(?:\*{1,2}[ \t]{0,4})?[:：][ \t]{0,8}(?P<value>.*)$",
    re.IGNORECASE,
)
_LABEL_KIND = [
    (kind, re.compile(rf"^(?:{pattern})$", re.IGNORECASE)) for kind, pattern in _LABELS.items()
]
_ADDRESS = re.compile(r"[\w.+'-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")
_FWD_SUBJECT = re.compile(
    r"^\s*(?:(?:fwd?|fw|tr|wg|rv|enc|i|doorst|vs|πρθ|пересл|転送|전달|转发|轉寄)\s*[:：]\s*)+",
    re.IGNORECASE,
)


def unwrap_forward(notification):
    """The original notification inside a forwarded e-mail, or None if it was not forwarded.

    The forwarder (the rep) is kept in ``headers["x-social-forwarded-by"]``.
    """
    lines = notification.body_text.splitlines()
    start = _marker_index(lines)
    if start is None:
        return None
    fields, end = _header_block(lines, start + 1)
    if "from" not in fields:
        return None
    name, address = email.utils.parseaddr(fields["from"].replace("[mailto:", "<").replace("]", ">"))
    if not address or "@" not in address:
        found = _ADDRESS.search(fields["from"])
        address = found.group() if found else ""
        name = fields["from"].split("<")[0].strip(' "')
    if not address:
        return None
    subject = fields.get("subject") or _FWD_SUBJECT.sub("", notification.subject or "")
    date = parse_forwarded_date(fields.get("date", ""), notification) or notification.date
    text = "\n".join(lines[end:]).strip()
    html = _html_after(notification.tree, fields) if notification.tree is not None else ""
    headers = dict(notification.headers or {})
    headers["x-social-forwarded-by"] = notification.sender_email or ""
    # the platform's own headers are gone: nothing of the forwarder's mail describes it
    for key in list(headers):
        if key.startswith(("x-facebook", "x-linkedin", "x-twitter", "list-")):
            headers.pop(key)
    return replace(
        notification,
        sender_email=address.strip().lower(),
        sender_name=(name or "").strip().strip('"'),
        subject=subject.strip(),
        date=date,
        html=html,
        text="" if html else text,
        headers=headers,
        _tree=None,
    )


def _marker_index(lines):
    for index, line in enumerate(lines[:400]):
        if MARKER.match(line) and _has_from(lines, index + 1):
            return index
        if RULE_LINE.match(line) and _has_from(lines, index + 1):
            return index
    # Outlook without a rule: a header block of From, Sent/Date and Subject lines
    for index, line in enumerate(lines[:400]):
        match = HEADER_LINE.match(line)
        if match and _kind(match.group("label")) == "from":
            fields, _end = _header_block(lines, index)
            if {"from", "subject"} <= set(fields) and ("date" in fields or "to" in fields):
                return index - 1
    return None


def _has_from(lines, index):
    for line in lines[index : index + 4]:
        match = HEADER_LINE.match(line)
        if match and _kind(match.group("label")) == "from":
            return True
    return False


def _kind(label):
    label = label.strip()
    for kind, pattern in _LABEL_KIND:
        if pattern.match(label):
            return kind
    return ""


def _header_block(lines, index):
    """Header fields from ``index`` on, until the first line that is not a header."""
    fields = {}
    position = index
    last = None
    while position < len(lines) and position < index + 12:
        line = lines[position]
        if not line.strip():
            if fields:
                position += 1
                break
            position += 1
            continue
        match = HEADER_LINE.match(line)
        kind = _kind(match.group("label")) if match else ""
        if kind and kind not in fields:
            fields[kind] = match.group("value").strip()
            last = kind
        elif fields and last in ("to", "cc") and "@" in line and ":" not in line:
            pass  # a list of addresses wrapped on the next line
        elif fields:
            break
        position += 1
    return fields, position


def _html_after(tree, fields):
    """The original's HTML: what follows the forwarded header block in the body."""
    del fields  # the block is found again in the tree, by its labels
    root = copy.deepcopy(tree)
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    anchor = _find(elements, 0, lambda own, kind: MARKER.match(own) or RULE_LINE.match(own))
    start = elements.index(anchor) if anchor is not None else 0
    first = _find(elements, start, lambda own, kind: kind == "from")
    if first is None:
        return ""
    index = elements.index(first)
    subject = _find(elements, index, lambda own, kind: kind == "subject", limit=60)
    end = subject if subject is not None else first
    # lines of the block after the subject (To, Cc, a wrapped address list)
    for element in elements[elements.index(end) + 1 : elements.index(end) + 30]:
        own = _own(element)
        if not own:
            continue
        match = HEADER_LINE.match(own)
        if (match and _kind(match.group("label"))) or (len(own) < 200 and "@" in own):
            end = element
            continue
        break
    ancestors = set(end.iterancestors())
    for element in elements[: elements.index(end)]:
        if element in ancestors:
            element.text = None
        elif element.getparent() is not None:
            element.getparent().remove(element)
    end.text = None
    end.tail = None
    for child in list(end):
        end.remove(child)
    return lxml_html.tostring(root, encoding="unicode")


def _own(element):
    return ((element.text or "") + (element.tail or "")).strip()


def _find(elements, start, test, limit=None):
    stop = len(elements) if limit is None else min(len(elements), start + limit)
    for element in elements[start:stop]:
        own = _own(element)
        if not own:
            continue
        match = HEADER_LINE.match(own)
        if test(own, _kind(match.group("label")) if match else ""):
            return element
    return None


_JA_DATE = re.compile(
    r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?.*?(\d{1,2})[:時](\d{2})"
)
_NUMERIC = re.compile(
    r"(\d{1,4})[./-](\d{1,2})[./-](\d{2,4})\D+(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?", re.I
)


def parse_forwarded_date(value, notification):
    """A forwarded header's date in UTC (naive); local times are read in the forwarder's zone.

    Mail clients write the original's date in the forwarder's own zone, usually without
    saying which: the forwarding e-mail's own Date header is written in that same zone.
    """
    value = (value or "").strip()
    if not value:
        return None
    offset = _forwarder_offset(notification)
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC).replace(tzinfo=None)
        return (parsed - offset) if offset is not None else parsed
    except (TypeError, ValueError, IndexError):
        pass
    local, aware = _local_date(value)
    if local is None:
        return None
    return local if aware or offset is None else local - offset


def _forwarder_offset(notification):
    raw = (notification.headers or {}).get("date") or ""
    try:
        parsed = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return timedelta(0)
    return parsed.utcoffset() if parsed.tzinfo is not None else timedelta(0)


def _local_date(value):
    text = re.sub(r"\s+", " ", value)
    match = _JA_DATE.search(text)
    if match:
        y, mo, d, h, mi = (int(g) for g in match.groups())
        if re.search(r"午後|PM", text, re.I) and h < 12:
            h += 12
        return _safe(y, mo, d, h, mi), False
    try:
        from dateutil import parser as date_parser

        cleaned = re.sub(r"\b(at|um|à|a las|às|в|г)\b\.?", " ", _english_months(text), flags=re.I)
        # "GMT+9" is nine hours ahead (Apple Mail); the date parser reads it the POSIX way
        cleaned = re.sub(
            r"\b(?:GMT|UTC)\s*([+-])(\d{1,2})(?::?(\d{2}))?\b",
            lambda m: f"{m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}",
            cleaned,
        )
        parsed = date_parser.parse(
            cleaned, fuzzy=True, dayfirst=bool(re.search(r"\d\.\d", cleaned))
        )
        if parsed.tzinfo is not None:
            return parsed.astimezone(UTC).replace(tzinfo=None), True
        return parsed, False
    except (ValueError, OverflowError, ImportError):
        pass
    match = _NUMERIC.search(text)
    if match:
        a, b, c, h, mi, ampm = match.groups()
        a, b, c, h, mi = int(a), int(b), int(c), int(h), int(mi)
        if ampm and ampm.lower().startswith("p") and h < 12:
            h += 12
        year, month, day = (a, b, c) if a > 31 else (c if c > 99 else 2000 + c, b, a)
        return _safe(year, month, day, h, mi), False
    return None, False


# month names of the forwarding clients' languages -> English, for the date parser
_MONTHS = {
    "jan": ("januar", "janvier", "enero", "janeiro", "gennaio", "январ", "jänner"),
    "feb": ("februar", "février", "febrero", "fevereiro", "febbraio", "феврал"),
    "mar": ("märz", "mars", "marzo", "março", "март"),
    "apr": ("april", "avril", "abril", "aprile", "апрел"),
    "may": ("mai", "mayo", "maio", "maggio", "мая", "май"),
    "jun": ("juni", "juin", "junio", "junho", "giugno", "июн"),
    "jul": ("juli", "juillet", "julio", "julho", "luglio", "июл"),
    "aug": ("august", "août", "agosto", "август"),
    "sep": ("september", "septembre", "septiembre", "setembro", "settembre", "сентябр"),
    "oct": ("oktober", "octobre", "octubre", "outubro", "ottobre", "октябр"),
    "nov": ("november", "novembre", "noviembre", "novembro", "ноябр"),
    "dec": ("dezember", "décembre", "diciembre", "dezembro", "dicembre", "декабр"),
}
_MONTH_WORD = re.compile(
    r"\b("
    + "|".join(sorted({w for ws in _MONTHS.values() for w in ws}, key=len, reverse=True))
    + r")\w*\.?",
    re.IGNORECASE,
)
_MONTH_OF = {w: en for en, ws in _MONTHS.items() for w in ws}


def _english_months(text):
    return _MONTH_WORD.sub(lambda m: " " + _MONTH_OF[m.group(1).lower()] + " ", text)


def _safe(year, month, day, hour, minute):
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None
