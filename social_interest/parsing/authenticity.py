"""Did a "platform notification" really come from the platform?

Anyone can write ``From: notification@facebookmail.com``. A mail that claims a platform's
domain is **verified** when the receiving server we trust says so in its
``Authentication-Results`` (a DKIM signature of that domain passed, or DMARC passed), or,
when no trusted server says anything, when its own DKIM signature of that domain verifies
(the public key looked up in DNS). Otherwise it is **unverified**: read as usual, but never
linked to a known person and never answered automatically.
"""

import re

import dkim

from .platforms import sent_from_platform_domain

VERIFIED = "verified"
UNVERIFIED = "unverified"
_RESULT = re.compile(r"^\s{0,8}([a-z0-9-]{1,30})\s{0,4}=\s{0,4}([a-z]{1,12})\b(.{0,1000})$", re.I)
_PROPERTY = re.compile(
    r"\b([a-z0-9-]{1,30}\.[a-z0-9-]{1,30})\s{0,4}=\s{0,4}([^\s;()]{1,300})", re.I
)


def check_platform_mail(raw, sender_email, results=(), trusted_servers=(), dnsfunc=None):
    """``(verdict, how)``: ``VERIFIED`` or ``UNVERIFIED``, or ``("", "")`` when the mail
    does not claim to come from a platform.

    :param raw: the e-mail as received (bytes), for its DKIM signature
    :param results: the values of its ``Authentication-Results`` headers, newest first
    :param trusted_servers: authserv-ids of the receiving servers whose results count
        (lower-cased); results of any other server are ignored (a sender can write one)
    :param dnsfunc: ``dnsfunc(name, timeout=…)`` -> TXT record bytes, for DKIM keys
    """
    sender = (sender_email or "").strip().lower()
    if not sent_from_platform_domain(sender):
        return "", ""
    domain = sender.rpartition("@")[2]
    trusted = [r for r in results if _server_of(r) in trusted_servers]
    if trusted:
        for result in trusted:
            for method, outcome, props in _results_of(result):
                signer = props.get("header.d") or props.get("header.i", "").rpartition("@")[2]
                if method == "dkim" and outcome == "pass" and _aligned(signer, domain):
                    return VERIFIED, f"{_server_of(result)}: dkim=pass for {signer}"
                author = props.get("header.from", "").rpartition("@")[2]
                if method == "dmarc" and outcome == "pass" and _aligned(author, domain):
                    return VERIFIED, f"{_server_of(result)}: dmarc=pass for {author}"
        return UNVERIFIED, f"{_server_of(trusted[0])} found no valid signature of {domain}"
    return _check_dkim(raw or b"", domain, dnsfunc)


def _check_dkim(raw, domain, dnsfunc):
    match = re.search(
        rb"(?im)^dkim-signature:[^\n]{0,2000}?\bd\s{0,4}=\s{0,4}([a-z0-9.-]{1,255})", raw
    )
    if not match:
        return UNVERIFIED, f"no DKIM signature of {domain}"
    signer = match.group(1).decode("ascii", "replace").lower()
    if not _aligned(signer, domain):
        return UNVERIFIED, f"signed by {signer}, not by {domain}"
    try:
        kwargs = {"dnsfunc": dnsfunc} if dnsfunc else {}
        valid = dkim.verify(raw, timeout=5, **kwargs)
    except Exception as error:  # a malformed signature, a DNS failure: not verified
        return UNVERIFIED, f"DKIM signature of {signer} not checked: {type(error).__name__}"
    if valid:
        return VERIFIED, f"DKIM signature of {signer} verified"
    return UNVERIFIED, f"DKIM signature of {signer} does not verify"


def _server_of(result):
    return (result or "").split(";", 1)[0].strip().split()[0].lower() if result else ""


def _results_of(result):
    for part in (result or "")[:8000].split(";")[1:]:
        match = _RESULT.match(part)
        if match:
            props = {k.lower(): v.strip("\"'").lower() for k, v in _PROPERTY.findall(match[3])}
            yield match[1].lower(), match[2].lower(), props


def _aligned(signer, domain):
    """The signer is the sender's domain, or one under or above it (relaxed alignment)."""
    signer, domain = (signer or "").lower().strip("."), (domain or "").lower().strip(".")
    if not signer or signer.count(".") < 1:
        return False
    return signer == domain or domain.endswith("." + signer) or signer.endswith("." + domain)
