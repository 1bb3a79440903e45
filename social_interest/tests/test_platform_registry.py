"""The platform registry: every platform complete, every reader reading it, a new platform
one module away. (Its connector kinds and reply writer are checked by social_listening,
where those live: ``social_listening/tests/test_platform_parts.py``.)"""

import re

from odoo.tests import TransactionCase, tagged

from .. import platforms
from ..lib.identity import normalize_handle
from ..lib.selection import PLATFORM_SELECTION
from ..parsing import platforms as mail_platforms
from ..platforms.base import MailSpec, Platform

# the platform selection as shipped: these values are stored on cards, sources, identities
# and mentions, and their order is the users' (a new platform may be added, none changed)
SHIPPED = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("x", "X (Twitter)"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("vk", "VK"),
    ("tiktok", "TikTok"),
    ("mastodon", "Mastodon"),
    ("reddit", "Reddit"),
    ("hackernews", "Hacker News"),
    ("bluesky", "Bluesky"),
    ("website", "Website"),
    ("review_site", "Review site"),
    ("email", "E-mail"),
    ("chat", "Chat"),
    ("forum", "Forum"),
    ("rss", "RSS / blog"),
    ("other", "Other"),
]

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


def _is_text(value):
    return isinstance(value, str) and bool(value.strip())


def _is_count(value):
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def missing_parts(platform):
    """What ``platform`` lacks or gets wrong, in words; empty when it is complete."""
    problems = []
    if not (isinstance(platform.code, str) and _CODE.match(platform.code)):
        problems.append("code (lower-case letters, digits and _)")
    if not _is_text(platform.label):
        problems.append("label")
    if not _is_count(platform.sequence):
        problems.append("sequence")
    if not (isinstance(platform.icon, str) and re.match(r"^fa-[a-z0-9-]+$", platform.icon)):
        problems.append("icon (a Font Awesome 4.7 class, fa-...)")
    problems += _handle_problems(platform)
    if not (_is_text(platform.utm_source_name) and _is_text(platform.utm_medium_name)):
        problems.append("UTM source and medium names")
    problems += _reply_problems(platform)
    if not isinstance(platform.private, bool):
        problems.append("private (True or False)")
    if not (
        isinstance(platform.connector_kinds, tuple)
        and all(_is_text(kind) for kind in platform.connector_kinds)
    ):
        problems.append("connector_kinds (a tuple of kind codes)")
    for spec in platform.mail_specs:
        if not (isinstance(spec, MailSpec) and spec.platform == platform.code and spec.key):
            problems.append(f"mail spec {getattr(spec, 'key', spec)!r} (a MailSpec of this code)")
    return problems


def _handle_problems(platform):
    try:
        handle = platform.normalize_handle(" @SomeOne_42 ")
        again = platform.normalize_handle(handle)
        empty = platform.normalize_handle("")
    except Exception as error:  # any failure is the finding
        return [f"normalize_handle ({error!r})"]
    if not (
        isinstance(handle, str) and handle.strip() == handle and "someone_42" in handle.lower()
    ):
        return [f"normalize_handle (gave {handle!r})"]
    if again != handle or empty != "":
        return ["normalize_handle (not idempotent, or a form for no handle)"]
    return []


def _reply_problems(platform):
    try:
        counts = platform.reply_count("Hello 👋"), platform.reply_count("")
        limits = platform.reply_limit(), platform.reply_limit("message")
    except Exception as error:  # any failure is the finding
        return [f"reply rule ({error!r})"]
    problems = []
    if not (all(_is_count(count) for count in counts) and counts[0] > 0 and counts[1] == 0):
        problems.append(f"reply_count (gave {counts})")
    if not all(_is_count(limit) for limit in limits):
        problems.append(f"reply_limit (gave {limits})")
    if not isinstance(platform.reply_writer, str):
        problems.append("reply_writer (a writer name or '')")
    elif platform.reply_writer:
        if not limits[0]:
            problems.append("reply_limit (a platform answered through a writer has one)")
        if platform.reply_writer not in platform.connector_kinds:
            problems.append("reply_writer (one of its connector kinds)")
    return problems


class Toy(Platform):
    code = "toy_network"
    label = "Toy network"
    sequence = 999
    utm_medium = "Toys"


@tagged("post_install", "-at_install")
class TestPlatformRegistry(TransactionCase):
    def test_every_registered_platform_is_complete(self):
        self.assertTrue(platforms.platforms())
        for platform in platforms.platforms():
            with self.subTest(platform=platform.code):
                self.assertEqual(missing_parts(platform), [])
                self.assertIs(platforms.get(platform.code), platform)

    def test_the_card_shows_its_platforms_icon(self):
        Interest = self.env["social.interest"]
        self.assertEqual(Interest.new({"platform": "whatsapp"}).platform_icon, "fa-whatsapp")
        self.assertEqual(Interest.new({"platform": "line"}).platform_icon, "fa-commenting")
        self.assertEqual(Interest.new({"platform": "other"}).platform_icon, "fa-question-circle-o")

    def test_each_shipped_platform_is_the_module_named_after_its_code(self):
        for platform in platforms.platforms():
            with self.subTest(platform=platform.code):
                self.assertEqual(type(platform).__module__, f"{platforms.__name__}.{platform.code}")

    def test_an_incomplete_platform_is_reported_part_by_part(self):
        class Broken(Platform):
            code = "Broken Platform"
            label = ""
            utm_medium = ""
            reply_writer = "nowhere"
            connector_kinds = ["nowhere"]
            mail_specs = (MailSpec(key="broken", platform="elsewhere", label="Broken"),)

            def normalize_handle(self, handle):
                return None

            def reply_count(self, text):
                return None

        problems = " | ".join(missing_parts(Broken()))
        for part in (
            "code",
            "label",
            "normalize_handle",
            "UTM",
            "reply_count",
            "reply_limit",
            "connector_kinds",
            "mail spec",
        ):
            self.assertIn(part, problems)

    def test_the_shipped_values_are_kept_in_their_order(self):
        selection = platforms.selection()
        self.assertEqual([pair for pair in selection if pair in SHIPPED], SHIPPED)
        self.assertEqual(PLATFORM_SELECTION, selection)

    def test_the_models_platform_fields_are_the_registry(self):
        codes = {code for code, _label in platforms.selection()}
        for model in ("social.interest", "social.interest.source", "social.identity"):
            with self.subTest(model=model):
                field = self.env[model]._fields["platform"]
                self.assertEqual(field.selection, platforms.selection())
                stored = self.env["ir.model.fields.selection"].search(
                    [("field_id.model", "=", model), ("field_id.name", "=", "platform")]
                )
                self.assertEqual(set(stored.mapped("value")), codes)

    def test_a_registered_platform_joins_the_selection_and_leaves_it(self):
        platforms.register(Toy)
        self.addCleanup(platforms.unregister, Toy.code)
        self.assertIsInstance(platforms.get("toy_network"), Toy)
        self.assertEqual(platforms.selection()[-1], ("toy_network", "Toy network"))
        self.assertEqual(missing_parts(platforms.get("toy_network")), [])
        platforms.unregister("toy_network")
        self.assertIsNone(platforms.get("toy_network"))
        self.assertNotIn(("toy_network", "Toy network"), platforms.selection())

    def test_register_refuses_a_platform_without_code_or_label_or_twice(self):
        class Nameless(Platform):
            code = "nameless"

        with self.assertRaises(ValueError):
            platforms.register(Nameless)
        with self.assertRaises(ValueError):
            platforms.register(type(platforms.get("x")))
        with self.assertRaises(TypeError):
            platforms.register(object)
        self.assertIsNone(platforms.get("nameless"))

    def test_the_mail_gateway_reads_the_platforms_mail_specs(self):
        self.assertEqual(mail_platforms.PLATFORMS, platforms.mail_specs())
        keys = [spec.key for spec in mail_platforms.PLATFORMS]
        self.assertEqual(len(keys), len(set(keys)))
        # one card platform, several senders: Google's business profile and Trustpilot
        review = [spec.key for spec in platforms.get("review_site").mail_specs]
        self.assertIn("google_business", review)
        self.assertIn("trustpilot", review)
        spec, how = mail_platforms.recognise("googlealerts-noreply@google.com")
        self.assertEqual((spec.key, spec.platform), ("google_alerts", "rss"))
        self.assertIn("sender", how)

    def test_a_list_id_names_a_platform_only_by_its_domain(self):
        recognise = mail_platforms.recognise
        newsletter = {"list-id": "Acme news <newsletter.acme-shop.example>"}
        self.assertEqual(recognise("news@acme-shop.example", newsletter), (None, ""))
        relayed = {"list-id": "LinkedIn <notifications.linkedin.com>"}
        spec, how = recognise("relay@lists.example", relayed)
        self.assertEqual((spec.key, how), ("linkedin", "header list-id"))
        # Google's senders share google.com: its list ids name none of them
        google = {"list-id": "<alerts.google.com>"}
        self.assertEqual(recognise("relay@lists.example", google), (None, ""))

    def test_identity_normalisation_is_the_platforms(self):
        for platform in platforms.platforms():
            with self.subTest(platform=platform.code):
                for handle in (" @JaneRoe ", "u/Chair_Fan", "UCuAXFkgsw1L7xaCfnd5JJOw"):
                    self.assertEqual(
                        normalize_handle(handle, platform.code), platform.normalize_handle(handle)
                    )
        # a code nobody registered: the default form
        self.assertEqual(normalize_handle(" @JaneRoe ", "unknown"), "janeroe")
        self.assertEqual(normalize_handle(" @JaneRoe "), "janeroe")

    def test_sources_credit_the_platforms_utm_names(self):
        for platform in platforms.platforms():
            with self.subTest(platform=platform.code):
                source = self.env["social.interest.source"].create(
                    {"name": f"Test {platform.label}", "platform": platform.code}
                )
                self.assertEqual(
                    source.utm_source_id.name.lower(), platform.utm_source_name.lower()
                )
                self.assertEqual(
                    source.utm_medium_id.name.lower(), platform.utm_medium_name.lower()
                )

    def test_private_platforms_are_email_and_chat(self):
        private = {platform.code for platform in platforms.platforms() if platform.private}
        self.assertEqual(private, {"email", "chat", "line", "telegram", "whatsapp"})

    def test_reply_rules_differ_where_the_platforms_differ(self):
        x, mastodon = platforms.get("x"), platforms.get("mastodon")
        self.assertEqual(x.reply_count("こんにちは"), 10)  # X counts CJK twice
        self.assertEqual(platforms.get("bluesky").reply_count("こんにちは"), 5)
        self.assertEqual(mastodon.reply_count("https://acme.example.com/" + "a" * 80), 23)
        self.assertEqual(mastodon.reply_count("hi @yuki@fedibird.com"), len("hi @yuki"))
        facebook, instagram = platforms.get("facebook"), platforms.get("instagram")
        self.assertEqual((facebook.reply_limit(), facebook.reply_limit("message")), (8000, 2000))
        self.assertEqual((instagram.reply_limit(), instagram.reply_limit("message")), (2200, 2000))
        self.assertEqual(platforms.get("hackernews").reply_limit(), 0)  # none known
