"""Mail that must never become a card: bounces, auto-replies, our own mail coming back."""

import re

BOUNCE_SENDERS = ("mailer-daemon", "postmaster")
BOUNCE_SUBJECTS = re.compile(
    r"^(undeliver(ed|able)|delivery (status notification|has failed|failure)|"
    r"returned mail|mail delivery failed|failure notice|"
    r"配信不能|不達|未配達|недоставлен|не доставлено)",
    re.IGNORECASE,
)
AUTO_REPLY_SUBJECTS = re.compile(
    r"^(auto(matic)?[- ]?(reply|response)|out of (the )?office|автоответ|автоматический ответ|"
    r"自動(返信|応答)|不在)",
    re.IGNORECASE,
)


def classify_message(headers, sender_email="", subject="", own_addresses=(), machine_ok=False):
    """Why a message must make no card, or ``None`` when it may.

    :param headers: lower-cased header names -> value
    :param own_addresses: normalised addresses of our company, aliases and gateway
    :param machine_ok: True when a parsing rule recognised the sender as a platform whose
        notifications are expected to be machine-sent (``Precedence: bulk``,
        ``Auto-Submitted: auto-generated``); an explicit auto-*reply* is refused anyway.
    :return: ``"bounce"``, ``"auto_reply"``, ``"own_address"``, ``"own_mail"`` or ``None``
    """
    headers = {key.lower(): (value or "") for key, value in (headers or {}).items()}
    sender = (sender_email or "").strip().lower()
    local = sender.split("@", 1)[0]
    content_type = headers.get("content-type", "").lower()
    null_sender = not sender or headers.get("return-path", "").strip() == "<>"
    if (
        local in BOUNCE_SENDERS
        or "x-failed-recipients" in headers
        or content_type.startswith("multipart/report")
        or (null_sender and BOUNCE_SUBJECTS.search(subject or ""))
    ):
        return "bounce"
    if sender and sender in set(own_addresses):
        return "own_address"
    if "x-odoo-objects" in headers:
        return "own_mail"
    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    precedence = headers.get("precedence", "").strip().lower()
    autoreply = any(
        headers.get(name, "").strip().lower() not in ("", "no")
        for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress-reply")
    )
    if (
        autoreply
        or auto_submitted.startswith("auto-replied")
        or precedence == "auto_reply"
        or AUTO_REPLY_SUBJECTS.search(subject or "")
    ):
        return "auto_reply"
    if not machine_ok and (
        (auto_submitted and auto_submitted != "no") or precedence in ("bulk", "junk", "list")
    ):
        return "auto_reply"
    return None


SPAM_SCORE = 5.0  # SpamAssassin's default threshold, when the server gives a score only
_AUTH_RESULT = re.compile(r"\b(dmarc|spf|dkim)\s{0,4}=\s{0,4}([a-z]{1,12})", re.IGNORECASE)


def spam_verdict(headers, threshold=SPAM_SCORE):
    """Why the receiving server judged the e-mail spam, or ``""``.

    Only verdicts against the e-mail count (``X-Spam-Flag: YES``, ``X-Spam-Status: Yes``, a
    score at or over ``threshold``, a DMARC failure in ``Authentication-Results``): a sender
    who writes one of them in his own mail only puts it aside himself, while a forged
    "not spam" changes nothing. An SPF failure alone is not spam: forwarding breaks SPF.

    :param headers: lower-cased header names -> value (one value per name; several
        ``Authentication-Results`` joined)
    """
    headers = {key.lower(): (value or "") for key, value in (headers or {}).items()}
    if headers.get("x-spam-flag", "").strip().lower().startswith("yes"):
        return "X-Spam-Flag: YES"
    status = headers.get("x-spam-status", "").strip()
    if status.lower().startswith("yes"):
        return f"X-Spam-Status: {status[:80]}"
    for name in ("x-spam-score", "x-spamd-score", "x-rspamd-score"):
        try:
            score = float(headers.get(name, "").strip().split()[0])
        except (ValueError, IndexError):
            continue
        if score >= threshold:
            return f"{name}: {score:g} (threshold {threshold:g})"
    for method, result in _AUTH_RESULT.findall(headers.get("authentication-results", "")[:4000]):
        if method.lower() == "dmarc" and result.lower() == "fail":
            return "Authentication-Results: dmarc=fail"
    return ""
