import base64
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .gateway_common import MAIL_DIR, GatewayCase, as_verified, make_mail

FB_PROFILE = "https://www.facebook.com/profile.php?id="


@tagged("post_install", "-at_install")
class TestGatewayDuplicates(GatewayCase):
    def test_same_message_id_twice_makes_one_card(self):
        raw = make_mail(message_id="<dup-1@mail.example.com>")
        self.process(raw)
        self.process(raw)
        self.assertEqual(len(self.cards_of("<dup-1@mail.example.com>")), 1)

    def test_same_platform_item_is_logged_on_the_existing_card(self):
        raw = (MAIL_DIR / "facebook" / "comment_en.eml").read_bytes()
        first_id = self.process(raw)
        again = raw.replace(
            b"<f3b2a1c0d9e8.1732122902@facebookmail.com>", b"<resent-1@facebookmail.com>"
        )
        second_id = self.process(again)
        self.assertEqual(first_id, second_id)
        card = self.Interest.browse(first_id)
        self.assertEqual(self.Interest.search_count([("external_id", "=", "1234567890123456")]), 1)
        logged = card.message_ids.filtered(lambda m: m.message_id == "<resent-1@facebookmail.com>")
        self.assertEqual(len(logged), 1)

    def test_same_deep_link_without_id_is_one_card(self):
        raw = (MAIL_DIR / "linkedin" / "message_en.eml").read_bytes()
        first_id = self.process(raw)
        later = raw.replace(b"<1795412346.2346", b"<1795412399.2399")
        self.assertEqual(self.process(later), first_id)

    def test_archived_card_still_stops_a_duplicate(self):
        raw = (MAIL_DIR / "x" / "reply_en.eml").read_bytes()
        card = self.Interest.browse(self.process(raw))
        card.active = False
        self.process(raw.replace(b"<20261118154512.7d1", b"<20261118999999.7d1"))
        self.assertEqual(
            self.Interest.with_context(active_test=False).search_count(
                [("external_id", "=", "1858912345678901234")]
            ),
            1,
        )

    def test_digest_makes_one_card_per_result_and_not_twice(self):
        raw = (MAIL_DIR / "google_alerts" / "digest_ja.eml").read_bytes()
        self.process(raw)
        self.process(raw.replace(b"<000000000000abcd2205", b"<000000000000abcd9905"))
        urls = self.Interest.search([("platform", "=", "rss")]).mapped("source_url")
        self.assertEqual(len([u for u in urls if "example.jp" in u]), 3)
        self.assertNotIn("google.com/url", " ".join(urls))


@tagged("post_install", "-at_install")
class TestGatewayRefusals(GatewayCase):
    def _assert_no_card(self, raw, message_id):
        before = self.Interest.with_context(active_test=False).search_count([])
        self.process(raw)
        self.assertFalse(self.cards_of(message_id))
        self.assertEqual(self.Interest.with_context(active_test=False).search_count([]), before)

    def test_bounce_from_mailer_daemon_makes_no_card(self):
        raw = make_mail(
            sender="Mail Delivery System <MAILER-DAEMON@mx.example.com>",
            subject="Undelivered Mail Returned to Sender",
            body="This is the mail system. I'm sorry to have to inform you...",
            message_id="<bounce-1@mx.example.com>",
        )
        self._assert_no_card(raw, "<bounce-1@mx.example.com>")

    def test_bounce_with_failed_recipients_header_makes_no_card(self):
        raw = make_mail(
            sender="postmaster@mx.example.com",
            subject="Delivery Status Notification (Failure)",
            message_id="<bounce-2@mx.example.com>",
            headers={"X-Failed-Recipients": "nobody@example.com"},
        )
        self._assert_no_card(raw, "<bounce-2@mx.example.com>")

    def test_auto_reply_makes_no_card(self):
        for index, headers in enumerate(
            (
                {"Auto-Submitted": "auto-replied"},
                {"X-Autoreply": "yes"},
                {"Precedence": "auto_reply"},
            )
        ):
            with self.subTest(headers=headers):
                message_id = f"<ooo-{index}@mail.example.com>"
                raw = make_mail(subject="I am away", message_id=message_id, headers=headers)
                self._assert_no_card(raw, message_id)

    def test_bulk_mail_from_an_unknown_sender_makes_no_card(self):
        raw = (MAIL_DIR / "email" / "bulk_newsletter_ru.eml").read_bytes()
        self._assert_no_card(raw, "<news.20261108@mebel-market.example.ru>")

    def test_bulk_notification_of_a_known_platform_makes_a_card(self):
        raw = (MAIL_DIR / "facebook" / "comment_en.eml").read_bytes()
        raw = raw.replace(b"MIME-Version: 1.0\n", b"Precedence: bulk\nMIME-Version: 1.0\n", 1)
        raw = raw.replace(
            b"Auto-Submitted", b"X-Nothing"
        )  # only Precedence is added to the real format
        self.assertTrue(self.process(raw))

    def test_mail_from_our_company_address_makes_no_card(self):
        self.env.company.email = "info@acme.example.com"
        raw = make_mail(sender="ACME <Info@acme.example.com>", message_id="<own-1@acme>")
        self._assert_no_card(raw, "<own-1@acme>")

    def test_mail_from_one_of_our_aliases_makes_no_card(self):
        domain = self.env["mail.alias.domain"].create({"name": "gw-test.example.com"})
        self.env["mail.alias"].create(
            {
                "alias_name": "sales-gw",
                "alias_domain_id": domain.id,
                "alias_model_id": self.env["ir.model"]._get_id("crm.lead"),
            }
        )
        raw = make_mail(sender="sales-gw@gw-test.example.com", message_id="<own-2@acme>")
        self._assert_no_card(raw, "<own-2@acme>")

    def test_our_own_outgoing_mail_coming_back_makes_no_card(self):
        raw = make_mail(message_id="<own-3@acme>", headers={"X-Odoo-Objects": "crm.lead-7"})
        self._assert_no_card(raw, "<own-3@acme>")

    def test_a_rule_can_drop_a_kind_of_notification(self):
        raw = make_mail(
            sender="Facebook <notification@facebookmail.com>",
            subject="Your Page's weekly summary",
            message_id="<weekly-1@facebookmail.com>",
        )
        self._assert_no_card(raw, "<weekly-1@facebookmail.com>")

    def test_a_person_writing_makes_a_question_from_the_sender(self):
        raw = (MAIL_DIR / "email" / "question_en.eml").read_bytes()
        card = self.Interest.browse(self.process(raw))
        self.assertEqual(card.action_type, "question")
        self.assertEqual(card.author_email, "ken.ito@example.com")
        self.assertEqual(card.partner_id.email_normalized, "ken.ito@example.com")
        self.assertNotIn("Thank you for your interest", card.body)


@tagged("post_install", "-at_install")
class TestGatewayMalformed(GatewayCase):
    def test_unknown_charset_still_makes_a_card(self):
        raw = (
            b"From: Ken Ito <ken.ito@example.com>\r\nTo: social@acme.example.com\r\n"
            b"Subject: =?x-unknown-42?q?Caf=E9?=\r\nMessage-Id: <charset-1@example.com>\r\n"
            b"Date: Fri, 20 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: text/plain; charset="x-unknown-42"\r\n\r\n'
            b"Caf\xe9 table \xff\xfe in stock?\r\n"
        )
        card = self.cards_of("<charset-1@example.com>") or self.Interest.browse(self.process(raw))
        self.assertEqual(len(card), 1)
        self.assertIn("table", card.body)

    def test_broken_mime_still_makes_a_card(self):
        raw = (
            b"From: Ken Ito <ken.ito@example.com>\r\nTo: social@acme.example.com\r\n"
            b"Subject: Broken\r\nMessage-Id: <mime-1@example.com>\r\nMIME-Version: 1.0\r\n"
            b'Content-Type: multipart/mixed; boundary="never-closed"\r\n\r\n'
            b"--never-closed\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            b"SGVsbG8gd29ybGQ=!!*not base64*\r\n--never-closed\r\nContent-Type: text/html\r\n\r\n"
            b"<p>Do you have <b>the sofa</p></div></td>"
        )
        self.process(raw)
        card = self.cards_of("<mime-1@example.com>")
        self.assertEqual(len(card), 1)
        self.assertEqual(card.author_email, "ken.ito@example.com")

    def test_mail_without_date_is_dated_on_arrival(self):
        raw = make_mail(date=None, message_id="<nodate-1@example.com>")
        self.process(raw)
        card = self.cards_of("<nodate-1@example.com>")
        self.assertLess(abs(card.interest_date - fields.Datetime.now()), timedelta(minutes=5))

    def test_huge_body_is_cut_but_kept_in_the_original(self):
        body = "Please call me back. " + "x" * 3_000_000
        raw = make_mail(body=body, message_id="<huge-1@example.com>")
        self.process(raw)
        card = self.cards_of("<huge-1@example.com>")
        self.assertTrue(card.body.startswith("Please call me back."))
        self.assertLessEqual(len(card.body), 20000)
        original = self.env["ir.attachment"].search(
            [
                ("res_model", "=", card._name),
                ("res_id", "=", card.id),
                ("name", "=", "original_email.eml"),
            ]
        )
        self.assertGreater(original.file_size, 3_000_000)

    def test_ten_megabyte_attachment_is_kept(self):
        from email.message import EmailMessage

        message = EmailMessage()
        message["From"] = "Ken Ito <ken.ito@example.com>"
        message["To"] = "social@acme.example.com"
        message["Subject"] = "Floor plan for the quote"
        message["Message-Id"] = "<big-1@example.com>"
        message.set_content("Please see the floor plan attached.")
        message.add_attachment(
            b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024),
            maintype="application",
            subtype="pdf",
            filename="plan.pdf",
        )
        self.process(bytes(message))
        card = self.cards_of("<big-1@example.com>")
        names = (
            self.env["ir.attachment"]
            .search([("res_model", "=", card._name), ("res_id", "=", card.id)])
            .mapped("name")
        )
        self.assertIn("plan.pdf", names)
        self.assertIn("original_email.eml", names)

    def test_markup_in_names_and_links_stays_text(self):
        raw = (
            b'From: "<script>alert(1)</script>" <evil@example.com>\r\n'
            b"To: social@acme.example.com\r\nSubject: hi\r\nMessage-Id: <xss-1@example.com>\r\n"
            b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
            b"Name: <img src=x onerror=alert(1)>\nEmail: evil@example.com\n"
            b"Page: javascript:alert(1)\nMessage:\n<b>bold</b> question\n"
        )
        self.process(raw)
        card = self.cards_of("<xss-1@example.com>")
        self.assertEqual(card.action_type, "form")
        self.assertEqual(card.author_name, "<img src=x onerror=alert(1)>")
        self.assertEqual(card.source_url, "javascript:alert(1)")
        self.assertFalse(card.source_link)
        self.assertEqual(card.body, "<b>bold</b> question")

    def test_direct_call_without_body_makes_a_fallback_card(self):
        card = self.Interest.message_new(
            {"message_id": "<direct-1@example.com>", "email_from": "Ana <ana@example.com>"}
        )
        self.assertEqual(card.action_type, "question")
        self.assertEqual(card.author_name, "Ana")


@tagged("post_install", "-at_install")
class TestGatewayIdentities(GatewayCase):
    """People of notifications that our receiving server found signed by the platform."""

    def process(self, raw, model="social.interest", **kwargs):
        return super().process(as_verified(raw), model=model, **kwargs)

    def test_same_handle_gives_one_identity(self):
        for name in ("comment_en", "mention_en"):
            raw = (MAIL_DIR / "tiktok" / f"{name}.eml").read_bytes()
            self.process(raw.replace(b"loft.living", b"janeroe"))
        identities = self.env["social.identity"].search(
            [("platform", "=", "tiktok"), ("handle", "=", "janeroe")]
        )
        self.assertEqual(len(identities), 1)
        self.assertEqual(len(identities.interest_ids), 2)

    def test_profile_url_matches_an_existing_identity(self):
        partner = self.env["res.partner"].create({"name": "Jane R."})
        identity = self.env["social.identity"].create(
            {
                "name": "Jane",
                "platform": "facebook",
                "profile_url": "https://facebook.com/jane.roe.5/",
                "partner_id": partner.id,
            }
        )
        card = self.Interest.browse(
            self.process((MAIL_DIR / "facebook" / "comment_en.eml").read_bytes())
        )
        self.assertEqual(card.identity_id, identity)
        self.assertEqual(card.partner_id, partner)

    def test_known_email_never_duplicates_the_partner(self):
        partner = self.env["res.partner"].create(
            {"name": "Jane Roe (customer)", "email": "JANE.ROE@example.com"}
        )
        count = self.env["res.partner"].search_count([])
        card = self.Interest.browse(
            self.process((MAIL_DIR / "website" / "contact_en.eml").read_bytes())
        )
        self.assertEqual(card.partner_id, partner)
        self.assertEqual(self.env["res.partner"].search_count([]), count)

    def test_full_name_creates_a_partner_once(self):
        for index, review_id in enumerate(("6731a2b3c4d5e6f708190001", "6731a2b3c4d5e6f708190002")):
            html = (
                f"<p>Rated 5 out of 5 stars</p><p>“Отличный диван, спасибо!”</p>"
                f'<p><a href="https://business.trustpilot.com/reviews/{review_id}">Reply</a></p>'
            )
            self.process(
                make_mail(
                    sender="Trustpilot <noreply@trustpilot.com>",
                    subject="New 5-star review from Мария Соколова-Гвоздева",
                    message_id=f"<tp-name-{index}@trustpilot.com>",
                    html=html,
                )
            )
        cards = self.Interest.search([("author_name", "=", "Мария Соколова-Гвоздева")])
        self.assertEqual(len(cards), 2)
        partners = self.env["res.partner"].search([("name", "=", "Мария Соколова-Гвоздева")])
        self.assertEqual(len(partners), 1)
        self.assertEqual(cards.partner_id, partners)

    def test_new_contacts_get_the_defaults_of_a_contact_made_by_hand(self):
        # the road works the defaults out once per batch: they must be a contact's own
        Interest = self.Interest.with_context(default_function="Buyer")
        outcomes = Interest._ingest(
            [
                {
                    "platform": "google_business",
                    "action_type": "review",
                    "external_id": f"r{i}",
                    "body": "Great sofa",
                    "author_name": f"Ana Ruiz {i}",
                }
                for i in range(2)
            ]  # fmt: skip
        )
        by_hand = (
            self.env["res.partner"]
            .with_context(default_function="Buyer")
            .create({"name": "Ana Ruiz by hand"})
        )
        made = outcomes[0].card.partner_id | outcomes[1].card.partner_id
        self.assertEqual(len(made), 2)
        names = ("lang", "tz", "active", "type", "company_id", "function", "color")
        for partner in made:
            for name in names:
                self.assertEqual(partner[name], by_hand[name], name)
        self.assertEqual(made.mapped("function"), ["Buyer", "Buyer"])

    def test_handle_only_makes_an_identity_without_partner(self):
        card = self.Interest.browse(
            self.process((MAIL_DIR / "instagram" / "mention_en.eml").read_bytes())
        )
        self.assertEqual(card.identity_id.handle, "mark_designs")
        self.assertFalse(card.partner_id)

    def test_profile_urls_naming_the_account_in_their_query_are_told_apart(self):
        match = self.env["social.identity"]._match_for_ingestion
        jane = match("facebook", name="Jane Roe", profile_url=f"{FB_PROFILE}100012345678901")
        john = match("facebook", name="John Doe", profile_url=f"{FB_PROFILE}100098765432101")
        self.assertNotEqual(jane, john)
        again = match(
            "facebook",
            name="Jane Roe",
            profile_url="https://m.facebook.com/profile.php?ref=notif&id=100012345678901",
        )
        self.assertEqual(again, jane)
        hn_user = "https://news.ycombinator.com/user?id="
        alice = match("hackernews", name="Alice", profile_url=f"{hn_user}Alice")
        bob = match("hackernews", name="Bob", profile_url=f"{hn_user}bob")
        other_alice = match("hackernews", name="alice", profile_url=f"{hn_user}alice")
        self.assertEqual(len(alice | bob | other_alice), 3)


@tagged("post_install", "-at_install")
class TestGatewayAliases(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create({"name": "gw-alias.example.com"})

    def test_mail_to_a_source_alias_becomes_a_card_of_that_source(self):
        self.source_web.write({"alias_name": "web-leads", "alias_domain_id": self.alias_domain.id})
        self.assertIn(f"'source_id': {self.source_web.id}", self.source_web.alias_defaults)
        raw = make_mail(to="web-leads@gw-alias.example.com", message_id="<alias-1@example.com>")
        self.process(raw, model=None)
        card = self.cards_of("<alias-1@example.com>")
        self.assertEqual(card.source_id, self.source_web)
        self.assertEqual(card.team_id, self.team_a)

    def test_changing_the_team_of_a_source_updates_its_alias(self):
        self.source_web.write({"alias_name": "web-b", "alias_domain_id": self.alias_domain.id})
        self.source_web.team_id = self.team_b
        self.assertIn(f"'team_id': {self.team_b.id}", self.source_web.alias_defaults)

    def test_default_alias_is_set_in_settings(self):
        settings = self.env["res.config.settings"].create(
            {
                "social_interest_alias_prefix": "interest",
                "social_interest_alias_domain_id": self.alias_domain.id,
            }
        )
        settings.execute()
        alias = self.env.ref("social_interest.mail_alias_social_interest")
        self.assertEqual(alias.alias_full_name, "interest@gw-alias.example.com")
        self.process(
            make_mail(to=alias.alias_full_name, message_id="<alias-2@example.com>"), model=None
        )
        self.assertEqual(len(self.cards_of("<alias-2@example.com>")), 1)
        values = self.env["res.config.settings"].default_get(["social_interest_alias_prefix"])
        self.assertEqual(values["social_interest_alias_prefix"], "interest")

    def test_reply_from_the_author_reopens_a_processed_card(self):
        card = self.Interest.browse(self.process(make_mail(message_id="<thread-1@example.com>")))
        card.action_mark_processed()
        reply = make_mail(
            subject="Re: Question about your sofa",
            body="One more thing: is it washable?",
            message_id="<thread-2@example.com>",
            headers={
                "In-Reply-To": "<thread-1@example.com>",
                "References": "<thread-1@example.com>",
            },
        )
        self.assertEqual(self.process(reply), card.id)
        self.assertEqual(card.state, "new")
        self.assertFalse(card.processed)


@tagged("post_install", "-at_install")
class TestGatewayParseRules(GatewayCase):
    def test_a_broken_pattern_is_refused_on_save(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.env["social.interest.parse.rule"].create(
                {"name": "Bad", "subject_pattern": "(?P<author>unclosed"}
            )
        with self.assertRaises(ValidationError):
            self.env["social.interest.parse.rule"].create(
                {"name": "Bad XPath", "url_xpath": "//a[@href"}
            )

    def test_an_edited_rule_reads_the_next_mail(self):
        self.env["social.interest.parse.rule"].create(
            {
                "name": "Shop order notification",
                "sequence": 1,
                "platform": "website",
                "action_type": "order",
                "sender_pattern": r"@shop\.example\.com>",
                "subject_pattern": r"^New order from (?P<author>.+)$",
            }
        )
        raw = make_mail(
            sender="Shop <orders@shop.example.com>",
            subject="New order from Mia Wong",
            message_id="<order-1@shop.example.com>",
        )
        self.process(raw)
        card = self.cards_of("<order-1@shop.example.com>")
        self.assertEqual((card.action_type, card.author_name), ("order", "Mia Wong"))
        self.assertTrue(card.parse_rule_id)

    def test_rule_source_and_source_team_fill_the_card(self):
        rule = self.env.ref("social_interest.rule_trustpilot_review_en")
        source = self.env["social.interest.source"].create(
            {"name": "Trustpilot", "platform": "review_site", "team_id": self.team_b.id}
        )
        rule.source_id = source
        card = self.Interest.browse(
            self.process((MAIL_DIR / "trustpilot" / "review_en.eml").read_bytes())
        )
        self.assertEqual(card.source_id, source)
        self.assertEqual(card.team_id, self.team_b)

    def test_original_is_attached_to_the_card(self):
        raw = (MAIL_DIR / "youtube" / "comment_en.eml").read_bytes()
        card = self.Interest.browse(self.process(raw))
        original = self.env["ir.attachment"].search(
            [
                ("res_model", "=", card._name),
                ("res_id", "=", card.id),
                ("name", "=", "original_email.eml"),
            ]
        )
        self.assertIn(b"noreply@youtube.com", base64.b64decode(original.datas))


@tagged("post_install", "-at_install")
class TestGatewayPhotos(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from .gateway_common import start_image_server
        from .test_parsing_lib import png_bytes

        cls.server, cls.base = start_image_server(png_bytes((300, 300)), b"")
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("social_interest.photo_download", "1")
        params.set_param("social_interest.photo_allow_private_hosts", "1")
        params.set_param("social_interest.photo_timeout", "1")
        cls.env["social.interest.parse.rule"].create(
            {
                "name": "Photo test network",
                "sequence": 1,
                "platform": "other",
                "sender_pattern": r"@photos\.example>",
                "subject_pattern": r"^(?P<author>.+) \(@(?P<handle>\w+)\) commented",
                "body_pattern": r"said:\n(?P<body>[^\n]+)",
                "author_url_xpath": "//a[img]/@href",
                "photo_xpath": "//a/img/@src",
            }
        )

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def _notification(self, photo, index):
        html = (
            f'<p><a href="https://photos.example/photo_{index}"><img src="{photo}"></a></p>'
            f"<p>Photo Person said:</p><p>Nice table</p>"
        )
        return make_mail(
            sender="Photos <notify@photos.example>",
            subject=f"Photo Person (@photo_{index}) commented",
            message_id=f"<photo-{index}@photos.example>",
            html=html,
        )

    def test_a_card_with_a_huge_photo_url_is_made_without_photo_and_without_fetching(self):
        # a forged notification's photo URL would reach redact() and the guard: refused
        for index, size in enumerate((3_000, 500_000), 20):
            with self.subTest(size=size):
                self.server.paths.clear()
                url = f"{self.base}/photo.png?" + "?" * size
                card = self.Interest.browse(self.process(self._notification(url, index)))
                self.assertTrue(card.exists())
                self.assertFalse(card.author_image)
                self.assertFalse(self.server.paths)
                self.assertLessEqual(len(card.author_image_url or ""), 2000)

    def test_photo_is_downloaded_for_card_and_identity(self):
        card = self.Interest.browse(self.process(self._notification(f"{self.base}/photo.png", 1)))
        self.assertTrue(card.author_image)
        self.assertTrue(card.identity_id.image_128)

    def test_the_photo_setting_switches_downloads_off_and_on(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.social_interest_photo_download)
        settings.social_interest_photo_download = False
        settings.execute()  # unticked: Odoo deletes the parameter
        self.assertFalse(self.env["res.config.settings"].create({}).social_interest_photo_download)
        card = self.Interest.browse(self.process(self._notification(f"{self.base}/photo.png", 7)))
        self.assertFalse(card.author_image, "switched off means off")
        settings = self.env["res.config.settings"].create({"social_interest_photo_download": True})
        settings.execute()
        card = self.Interest.browse(self.process(self._notification(f"{self.base}/photo.png", 8)))
        self.assertTrue(card.author_image)

    def test_a_bad_photo_never_blocks_the_card(self):
        for index, path in enumerate(("/page.html", "/broken.png", "/missing.png"), 2):
            with self.subTest(path=path):
                card = self.Interest.browse(
                    self.process(self._notification(f"{self.base}{path}", index))
                )
                self.assertEqual(card.body, "Nice table")
                self.assertFalse(card.author_image)

    def test_private_hosts_are_refused_by_default(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "social_interest.photo_allow_private_hosts", "0"
        )
        card = self.Interest.browse(self.process(self._notification(f"{self.base}/photo.png", 9)))
        self.assertFalse(card.author_image)
        self.assertEqual(card.author_image_url, f"{self.base}/photo.png")


@tagged("post_install", "-at_install")
class TestGatewaySameSource(GatewayCase):
    def test_items_without_platform_id_share_a_source(self):
        self.source_web.write(
            {
                "alias_name": "forms-same",
                "alias_domain_id": self.env["mail.alias.domain"]
                .create({"name": "gw-same.example.com"})
                .id,
            }
        )
        for index in range(3):
            self.process(
                make_mail(
                    to="forms-same@gw-same.example.com",
                    sender=f"Person {index} <p{index}@example.com>",
                    message_id=f"<same-{index}@example.com>",
                ),
                model=None,
            )
        cards = self.Interest.search([("source_id", "=", self.source_web.id)])
        self.assertEqual(len(cards), 3)
        self.assertFalse(any(cards.mapped("external_id")))

    def test_same_external_id_on_the_same_source_is_one_card(self):
        rule = self.env["social.interest.parse.rule"].create(
            {
                "name": "Shop review",
                "sequence": 1,
                "platform": "other",
                "action_type": "review",
                "sender_pattern": r"@reviews\.example>",
                "subject_pattern": r"review (?P<external_id>\d+) by (?P<author>.+)$",
                "source_id": self.source_web.id,
            }
        )
        first = self.process(
            make_mail(
                sender="r@reviews.example",
                subject="review 42 by Ann Lee",
                message_id="<rv-1@reviews.example>",
            )
        )
        rule.platform = "review_site"
        second = self.process(
            make_mail(
                sender="r@reviews.example",
                subject="review 42 by Ann Lee",
                message_id="<rv-2@reviews.example>",
            )
        )
        self.assertEqual(first, second)


@tagged("post_install", "-at_install")
class TestParseRuleTry(GatewayCase):
    def test_trying_the_rules_shows_the_card_and_makes_none(self):
        raw = (MAIL_DIR / "trustpilot" / "review_ja.eml").read_bytes()
        before = self.Interest.search_count([])
        wizard = self.env["social.interest.parse.rule.test"].create(
            {"eml_file": base64.b64encode(raw), "eml_filename": "review_ja.eml"}
        )
        wizard.action_read()
        self.assertIn("Trustpilot: review (Japanese)", wizard.result)
        self.assertIn("rating: 4", wizard.result)
        self.assertIn("author_name: 佐藤 花子", wizard.result)
        self.assertEqual(self.Interest.search_count([]), before)

    def test_trying_a_bounce_says_it_is_refused(self):
        wizard = self.env["social.interest.parse.rule.test"].create(
            {
                "raw_email": make_mail(
                    sender="MAILER-DAEMON@mx.example.com", subject="Undelivered Mail"
                ).decode()
            }
        )
        wizard.action_read()
        self.assertIn("bounce", wizard.result)
        self.assertNotIn("Card 1", wizard.result)
