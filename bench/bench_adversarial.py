"""Hostile e-mails through the real mail gateway: worst and median seconds per mail.

Delivers N (default 1,000) e-mails written to hurt a parser through
``mail.thread.message_process`` to ``social.interest``, each committed on its own as
fetchmail does: lines of 64 KB of ``<``, ``@``, quotes and guillemets (as a platform's
notification and as a stranger's mail), HTML nested 10,000 deep, a 10 MB body, 1,000
attachments, header folding bombs, broken MIME, every charset Python knows, NUL bytes and
lone surrogates. Each must give a card or a clear refusal, never an exception; the script
prints the worst and median seconds per mail, the slowest kinds, and what did not end well.

    /opt/odoo/venv/bin/python bench/bench_adversarial.py [-d DATABASE] [-n 1000] [--keep]

Works on a throwaway copy of DATABASE (a database with the addons installed, e.g. the one
``scripts/test`` leaves, with nobody connected), dropped at the end unless ``--keep``.
"""

import argparse
import encodings.aliases
import os
import statistics
import sys
import time
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
LINE = 65536

SENDERS = (
    "Facebook <notification@facebookmail.com>",
    "Instagram <no-reply@mail.instagram.com>",
    "Stranger <someone@example.net>",
)


def _mail(i, subject, body, sender=None, html=None, headers=None):
    message = EmailMessage()
    message["From"] = sender or SENDERS[i % len(SENDERS)]
    message["To"] = "social@acme.example.com"
    message["Subject"] = subject
    message["Message-Id"] = f"<hostile-{i}@bench.example.com>"
    message["Date"] = "Fri, 20 Nov 2026 10:00:00 +0000"
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return bytes(message)


def long_lines(i):
    unit = ("<", "@", '"', "«", "<a@", " ", "\u201c", '\n"x', "Replying to @a\nx")[i % 9]
    line = (unit * (LINE // len(unit) + 1))[:LINE]
    return "long line", _mail(i, "Kim Lee commented on your post", "Kim Lee commented:\n" + line)


def long_html(i):
    unit = ("<", "@", '"', "«")[i % 4]
    html = "<html><body><p>" + (unit * LINE).replace("<", "&lt;") + "</p></body></html>"
    return "long HTML line", _mail(i, "New comment", "see HTML", html=html)


def deep_html(i):
    html = "<div>" * 10_000 + "Kim Lee commented: deep" + "</div>" * 10_000
    return "HTML nested 10,000 deep", _mail(i, "Kim Lee commented on your post", "x", html=html)


def big_body(i):
    body = ("Is the oak table still available? " * 300 + "\n") * 1000  # about 10 MB
    return "10 MB body", _mail(i, "Question", body[: 10 * 1024 * 1024])


def many_attachments(i):
    message = EmailMessage()
    message["From"] = SENDERS[i % len(SENDERS)]
    message["To"] = "social@acme.example.com"
    message["Subject"] = "Photos of my order"
    message["Message-Id"] = f"<hostile-{i}@bench.example.com>"
    message.set_content("See the attached photos.")
    for n in range(1000):
        message.add_attachment(b"x" * 64, maintype="image", subtype="png", filename=f"p{n}.png")
    return "1,000 attachments", bytes(message)


def folding_bomb(i):
    folded = "\r\n ".join(["x" * 70] * 3000)
    raw = (
        f"From: {SENDERS[i % len(SENDERS)]}\r\nTo: social@acme.example.com\r\n"
        f"Subject: {folded}\r\nX-Junk: {folded}\r\nMessage-Id: <hostile-{i}@bench.example.com>\r\n"
        "Content-Type: text/plain\r\n\r\nHello\r\n"
    )
    return "header folding bomb", raw.encode()


def broken_mime(i):
    kinds = (
        # a boundary that never comes
        'Content-Type: multipart/mixed; boundary="never"\r\n\r\n--other\r\nHello\r\n',
        # nested multiparts with no end
        'Content-Type: multipart/mixed; boundary="a"\r\n\r\n--a\r\n'
        + 'Content-Type: multipart/mixed; boundary="a"\r\n\r\n--a\r\n' * 200,
        # base64 that is not
        "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!not base64!!!\r\n",
        # quoted-printable garbage and a bad charset
        'Content-Type: text/plain; charset="x-no-such"\r\n'
        "Content-Transfer-Encoding: quoted-printable\r\n\r\n=ZZ=0=\r\n",
        # no body at all, no headers but From
        "",
    )
    raw = (
        f"From: {SENDERS[i % len(SENDERS)]}\r\nTo: social@acme.example.com\r\nSubject: broken\r\n"
        f"Message-Id: <hostile-{i}@bench.example.com>\r\n" + kinds[i % len(kinds)]
    )
    return "broken MIME", raw.encode()


CHARSETS = sorted(set(encodings.aliases.aliases.values()))


def charset(i):
    name = CHARSETS[i % len(CHARSETS)]
    text = "Kim Lee commented: Is the oak table still available? Ça coûte combien? 値段は?"
    try:
        payload = text.encode(name, errors="replace")
    except (LookupError, TypeError, ValueError, UnicodeError):
        payload = text.encode("utf-8")
    raw = (
        f"From: {SENDERS[i % len(SENDERS)]}\r\nTo: social@acme.example.com\r\n"
        "Subject: Kim Lee commented on your post\r\n"
        f"Message-Id: <hostile-{i}@bench.example.com>\r\n"
        f'Content-Type: text/plain; charset="{name}"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'
    ).encode() + payload
    return f"charset {name}", raw


def control_characters(i):
    body = "Kim Lee commented:\n\x00 NUL \udcff lone surrogate \x1b[31m escape \u202e bidi"
    raw = _mail(i, "Kim Lee commented on your post\x00", "x").replace(
        b"x\n", body.encode("utf-8", errors="surrogateescape") + b"\n", 1
    )
    return "NUL bytes and surrogates", raw


FAMILIES = (
    (long_lines, 300),
    (long_html, 60),
    (deep_html, 20),
    (big_body, 5),
    (many_attachments, 5),
    (folding_bomb, 40),
    (broken_mime, 100),
    (charset, 400),
    (control_characters, 70),
)


def hostile_mails(count):
    total = sum(share for _family, share in FAMILIES)
    i = 0
    for family, share in FAMILIES:
        for _n in range(max(1, round(count * share / total))):
            yield family(i)
            i += 1


def measure(env, count):
    thread = env["mail.thread"]
    times, by_kind, problems = [], {}, []
    cards = refused = 0
    for kind, raw in hostile_mails(count):
        before = env["social.interest"].search_count([])
        start = time.perf_counter()
        try:
            result = thread.message_process("social.interest", raw)
            env.cr.commit()
        except Exception as error:  # the bench reports what the gateway let through
            env.cr.rollback()
            problems.append(f"{kind}: {type(error).__name__}: {str(error)[:120]}")
            result = None
        spent = time.perf_counter() - start
        times.append(spent)
        by_kind.setdefault(kind.split(" ")[0] if kind.startswith("charset") else kind, []).append(
            spent
        )
        if env["social.interest"].search_count([]) > before:
            cards += 1
        elif result is False:
            refused += 1
    return times, by_kind, problems, cards, refused


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-d", "--database", default=os.environ.get("SOCIAL_TEST_DB", "social_crm_test")
    )
    parser.add_argument("-n", "--count", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()

    sys.path.insert(0, str(HERE / "bench"))
    import _odoo

    with _odoo.throwaway_env(args.database, "bench_adversarial", args.keep) as env:
        env["ir.config_parameter"].set_param("social_interest.photo_download", "0")
        env.cr.commit()
        times, by_kind, problems, cards, refused = measure(env, args.count)
    print(f"adversarial mail benchmark: {len(times)} hostile e-mails, copy of {args.database}")
    print(f"  cards {cards}, clear refusals {refused}, failures {len(problems)}")
    print(
        f"  seconds per mail: worst {max(times):.3f}, median {statistics.median(times):.3f} "
        "(target: worst <= 1 s)"
    )
    slowest = sorted(((max(spent), kind) for kind, spent in by_kind.items()), reverse=True)[:6]
    for worst, kind in slowest:
        print(f"    {kind}: worst {worst:.3f} s over {len(by_kind[kind])}")
    for problem in problems[:20]:
        print(f"  FAILED {problem}")


if __name__ == "__main__":
    main()
