"""Forged platform notifications: real DKIM signatures, keys served by a real DNS server."""

import base64

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from odoo.tests import tagged

from ..parsing.authenticity import UNVERIFIED, VERIFIED, check_platform_mail
from .dns_server import LoopbackDNS
from .gateway_common import TRUSTED_SERVER, GatewayCase, make_mail

SELECTOR = b"s2026"
DOMAIN = b"facebookmail.com"


def key_server(records):
    """A DNS server on loopback answering the TXT records it is given."""

    def answer(name, rdtype):
        text = records.get(name)
        if not text or rdtype != "TXT":
            return None
        # a TXT string holds 255 characters: a 2048-bit key takes several
        return [("TXT", " ".join(f'"{text[i : i + 250]}"' for i in range(0, len(text), 250)))]

    return LoopbackDNS(answer)


@tagged("post_install", "-at_install")
class TestSenderCheck(GatewayCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        cls.private_pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
        public_der = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        record = "v=DKIM1; k=rsa; p=" + base64.b64encode(public_der).decode()
        cls.dns = key_server({f"{SELECTOR.decode()}._domainkey.{DOMAIN.decode()}": record})
        cls.addClassCleanup(cls.dns.stop)
        config = cls.env["ir.config_parameter"].sudo()
        config.set_param("social_interest.dns_server", cls.dns.address)
        config.set_param("social_interest.trusted_mail_servers", "")
        cls.customer = cls.env["res.partner"].create({"name": "Megan Clarke (customer)"})
        cls.identity = cls.env["social.identity"].create(
            {
                "name": "Megan Clarke",
                "platform": "facebook",
                "profile_url": "https://www.facebook.com/megan.clarke.3321",
                "partner_id": cls.customer.id,
            }
        )

    def _notification(self, number, sign=True, sender="notification@facebookmail.com"):
        raw = make_mail(
            subject="Megan Clarke commented on your post.",
            sender=f"Facebook <{sender}>",
            body="Megan Clarke commented on your post.\n\n"
            "\u201cDoes the oak table come in a lighter finish?\u201d\n",
            html='<p><a href="https://www.facebook.com/megan.clarke.3321">Megan Clarke</a> '
            "commented on your post.</p><p>\u201cDoes the oak table come in a lighter "
            'finish?\u201d</p><p><a href="https://www.facebook.com/acme/posts/1?comment_id='
            f'{7000 + number}">View</a></p>',
            message_id=f"<check-{number}@facebookmail.com>",
        ).replace(b"\n", b"\r\n")
        if sign:
            signature = dkim.sign(
                raw, SELECTOR, DOMAIN, self.private_pem, include_headers=[b"from", b"subject"]
            )
            raw = signature + raw
        return raw

    def test_a_signed_notification_is_verified_and_finds_its_person(self):
        card = self.Interest.browse(self.process(self._notification(1)))
        self.assertEqual(card.sender_check, VERIFIED)
        self.assertIn("verified", card.sender_check_note)
        self.assertEqual(card.identity_id, self.identity)
        self.assertEqual(card.partner_id, self.customer)

    def test_a_forged_notification_is_unverified_and_linked_to_no_one(self):
        card = self.Interest.browse(self.process(self._notification(2, sign=False)))
        self.assertEqual(card.sender_check, UNVERIFIED)
        self.assertIn("no DKIM signature", card.sender_check_note)
        self.assertEqual(card.author_name, "Megan Clarke", "read as usual")
        self.assertFalse(card.identity_id)
        self.assertFalse(card.partner_id)
        self.assertNotIn(card, self.customer.interest_ids)

    def test_a_signature_broken_by_a_change_is_unverified(self):
        raw = self._notification(3).replace(b"lighter finish", b"darker finish")
        card = self.Interest.browse(self.process(raw))
        self.assertEqual(card.sender_check, UNVERIFIED)
        self.assertIn("does not verify", card.sender_check_note)
        self.assertFalse(card.identity_id)

    def test_a_signature_of_another_domain_does_not_count(self):
        raw = self._notification(4, sign=False)
        signature = dkim.sign(raw, SELECTOR, b"attacker.example", self.private_pem)
        verdict, note = check_platform_mail(
            signature + raw, "notification@facebookmail.com", dnsfunc=None
        )
        self.assertEqual(verdict, UNVERIFIED)
        self.assertEqual(note, "signed by attacker.example, not by facebookmail.com")

    def test_only_the_trusted_servers_results_count(self):
        forged = b"Authentication-Results: mx.google.com; dkim=pass header.d=facebookmail.com\r\n"
        raw = forged + self._notification(5, sign=False)
        card = self.Interest.browse(self.process(raw))
        self.assertEqual(card.sender_check, UNVERIFIED, "a result the sender wrote himself")
        config = self.env["ir.config_parameter"].sudo()
        config.set_param("social_interest.trusted_mail_servers", f"{TRUSTED_SERVER}, mx2.example")
        ours = (
            f"Authentication-Results: {TRUSTED_SERVER}; spf=pass; "
            "dkim=pass header.d=facebookmail.com\r\n"
        ).encode()
        card = self.Interest.browse(self.process(ours + self._notification(6, sign=False)))
        self.assertEqual(card.sender_check, VERIFIED)
        self.assertEqual(card.identity_id, self.identity)
        failed = f"Authentication-Results: {TRUSTED_SERVER}; dkim=fail\r\n".encode()
        card = self.Interest.browse(self.process(failed + self._notification(7)))
        self.assertEqual(card.sender_check, UNVERIFIED, "our server's word over the signature")

    def test_mail_that_claims_no_platform_is_not_checked(self):
        card = self.Interest.browse(self.process(make_mail(message_id="<plain@example.com>")))
        self.assertFalse(card.sender_check)
