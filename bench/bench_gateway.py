"""Mail gateway throughput: interest cards per second next to Odoo's own e-mail -> crm.lead.

Feeds N generated notifications (Facebook, Instagram, X, YouTube comments, website forms and
plain e-mails, English / Japanese / Russian) through ``mail.thread.message_process`` twice in
the same run: once to ``social.interest`` (our gateway: parsing rules, identities and
contacts, products, original kept) and once to ``crm.lead`` (Odoo's own gateway). The
out-of-hours acknowledgements the cards make due are sent afterwards, as the scheduled action
woken up on arrival does, and timed on their own line. As Odoo's fetchmail does, every e-mail
is committed on its own. One process, one worker; the two run in
interleaved chunks of ten so that both see the same load on a shared machine.

    /opt/odoo/venv/bin/python bench/bench_gateway.py [-d DATABASE] [-n 300] [--keep]

Works on a throwaway copy of DATABASE (a database with the addons installed, e.g. the one
``scripts/test`` leaves, with nobody connected), dropped at the end unless ``--keep``.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from email.message import EmailMessage
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]

TEMPLATES = (
    (
        "Facebook <notification@facebookmail.com>",
        "{name} commented on ACME Furniture's post.",
        '<p><a href="https://www.facebook.com/u{i}"><img src="https://scontent.xx.fbcdn.net/p/{i}.jpg">'
        '</a></p><p><a href="https://www.facebook.com/u{i}">{name}</a> commented on ACME '
        "Furniture's post.</p><p>“Is the Oak Dining Table available in white? #{i}”</p>"
        '<p><a href="https://www.facebook.com/acme/posts/1?comment_id={i}">View</a></p>',
    ),
    (
        "Instagram <no-reply@mail.instagram.com>",
        "user{i} commented on your post",
        '<p><a href="https://www.instagram.com/user{i}/"><img src="https://x.cdninstagram.com/{i}.jpg">'
        "</a> user{i} commented on your post:</p><p>「ベルベットソファの色は {i}」</p>"
        '<p><a href="https://www.instagram.com/p/Cx/c/{i}/">Reply</a></p>',
    ),
    (
        "X <notify@x.com>",
        "{name} (@user{i}) replied to your post",
        '<p><a href="https://x.com/user{i}"><img src="https://pbs.twimg.com/profile_images/{i}.jpg">'
        "</a></p><p>Replying to @acme</p><p>Есть ли книжный шкаф в наличии? {i}</p>"
        '<p><a href="https://x.com/user{i}/status/{i}">View on X</a></p>',
    ),
    (
        "YouTube <noreply@youtube.com>",
        "{name} commented on “How we build the Oak Dining Table”",
        '<p><a href="https://www.youtube.com/@user{i}"><img src="https://yt3.ggpht.com/{i}"></a> '
        "{name} commented on your video:</p><p>“Which finish is this? {i}”</p>"
        '<p><a href="https://www.youtube.com/watch?v=abc&amp;lc=Ug{i}">Reply</a></p>',
    ),
    (
        "ACME website <wordpress@acme.example.com>",
        "[ACME Furniture] New contact form submission",
        None,  # text form, below
    ),
    (
        "{name} <person{i}@example.com>",
        "Question about delivery {i}",
        None,
    ),
)


RECEIVING_SERVER = "mx.bench.example.com"


def notification(i):
    sender, subject, html = TEMPLATES[i % len(TEMPLATES)]
    name = f"Person {i} Tester"
    message = EmailMessage()
    # as the receiving server hands them on: platforms sign their notifications, and the
    # server says the signature passed (the gateway trusts its results, see measure)
    domain = sender.rpartition("@")[2].rstrip(">")
    message["Authentication-Results"] = f"{RECEIVING_SERVER}; dkim=pass header.d={domain}"
    message["From"] = sender.format(i=i, name=name)
    message["To"] = "social@acme.example.com"
    message["Subject"] = subject.format(i=i, name=name)
    message["Date"] = "Fri, 20 Nov 2026 10:00:00 +0000"
    message["Message-Id"] = f"<bench-{i}-{time.time_ns()}@bench.example.com>"
    if html:
        message.set_content("HTML only")
        message.add_alternative(html.format(i=i, name=name), subtype="html")
    elif "website" in sender:
        message.set_content(
            f"Name: {name}\nEmail: person{i}@example.com\nPhone: +1 555 {i:04d}\n"
            f"Page: https://acme.example.com/shop/velvet-sofa\nMessage:\nQuote for {i} sofas?\n"
        )
    else:
        message.set_content(f"Hello,\nDo you deliver the walnut bookcase to Osaka? ({i})\nKen\n")
    return bytes(message)


def run(env, model, raws):
    """Deliver the e-mails one by one, each in its own transaction (as fetchmail does)."""
    thread = env["mail.thread"]
    start = time.perf_counter()
    for raw in raws:
        thread.message_process(model, raw)
        env.cr.commit()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "-d", "--database", default=os.environ.get("SOCIAL_TEST_DB", "social_crm_test")
    )
    parser.add_argument("-n", "--count", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=24)
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    parser.add_argument(
        "--profile", type=int, default=0, help="print the N costliest calls of each gateway"
    )
    parser.add_argument(
        "--callees", default="", help="with --profile: what the functions matching this call"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(HERE / "bench"))
    import _odoo

    context = {"tracking_disable": False}
    with _odoo.throwaway_env(args.database, "bench_gateway", args.keep, context) as env:
        cards_rate, leads_rate, made, leads = measure(env, args)
        acks, acks_time = send_acknowledgements(env)
    print(f"mail gateway benchmark: {args.count} notifications, copy of {args.database}")
    print(f"  social.interest: {made} cards = {cards_rate:.1f} cards/s")
    print(f"  crm.lead (Odoo): {leads} leads = {leads_rate:.1f} leads/s")
    print(f"  ratio cards/leads: {cards_rate / leads_rate:.2f}x (target >= 1.0x, goal 1.5x)")
    if acks:
        print(
            f"  then the scheduled action sent {acks} out-of-hours acknowledgements in "
            f"{acks_time:.1f} s ({acks / acks_time:.1f}/s; not in the gateway's rate)"
        )
        whole = made / (made / cards_rate + acks_time)
        print(f"  counting them too: {whole / leads_rate:.2f}x")


def send_acknowledgements(env):
    """The acknowledgements the cards made due, sent as the scheduled action does."""
    start = time.perf_counter()
    sent = 0
    while batch := env["social.interest"]._cron_send_acknowledgements():
        sent += len(batch)
        env.cr.commit()
    return sent, time.perf_counter() - start


def prepare_gateway(env):
    """No photo downloads, the bench's receiving server trusted, and the platforms' senders
    allowed: they send every notification from one address, and Odoo's own gateway (its
    loop guard) would otherwise drop crm.lead mails after twenty."""
    env["ir.config_parameter"].set_param("social_interest.photo_download", "0")
    env["ir.config_parameter"].set_param("social_interest.trusted_mail_servers", RECEIVING_SERVER)
    for sender in (
        "notification@facebookmail.com",
        "no-reply@mail.instagram.com",
        "notify@x.com",
        "noreply@youtube.com",
        "wordpress@acme.example.com",
    ):
        env["mail.gateway.allowed"].create({"email": sender})


def measure(env, args):
    prepare_gateway(env)
    env.cr.commit()
    run(env, "social.interest", [notification(100000 + i) for i in range(args.warmup)])
    run(env, "crm.lead", [notification(200000 + i) for i in range(args.warmup)])

    # interleaved chunks: on a shared machine both gateways see the same load
    cards_time = leads_time = 0.0
    made = leads = 0
    profilers = {model: cProfile.Profile() for model in ("social.interest", "crm.lead")}

    def timed(model, raws):
        if not args.profile:
            return run(env, model, raws)
        profilers[model].enable()
        try:
            return run(env, model, raws)
        finally:
            profilers[model].disable()

    for start in range(0, args.count, 10):
        stop = min(start + 10, args.count)
        before = env["social.interest"].search_count([])
        cards_time += timed("social.interest", [notification(i) for i in range(start, stop)])
        made += env["social.interest"].search_count([]) - before
        before = env["crm.lead"].search_count([])
        leads_time += timed("crm.lead", [notification(500000 + i) for i in range(start, stop)])
        leads += env["crm.lead"].search_count([]) - before
    if args.profile:
        for model, profiler in profilers.items():
            print(f"== profile of the gateway to {model}")
            stats = pstats.Stats(profiler).sort_stats("cumulative")
            stats.print_stats(args.profile)
            if args.callees:
                stats.print_callees(args.callees)
    return made / cards_time, leads / leads_time, made, leads


if __name__ == "__main__":
    main()
