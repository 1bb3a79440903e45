from odoo.tests import BaseCase, tagged

from ..lib import sensitive


@tagged("post_install", "-at_install")
class TestSensitiveDetector(BaseCase):
    def kinds(self, text):
        return sensitive.sensitive_kinds(text)

    def test_luhn_valid_card_number_is_found_and_keeps_its_last_four(self):
        text = "My card is 4111 1111 1111 1111, charge it"
        self.assertEqual(self.kinds(text), ["card"])
        self.assertEqual(
            sensitive.mask_sensitive(text), "My card is •••• •••• •••• 1111, charge it"
        )

    def test_card_number_failing_luhn_is_not_a_card(self):
        self.assertFalse(sensitive.luhn_valid("4111 1111 1111 1112"))
        self.assertEqual(self.kinds("ref 4111-1111-1111-1112"), [])

    def test_dashed_and_compact_card_numbers(self):
        self.assertEqual(self.kinds("5500-0000-0000-0004"), ["card"])
        self.assertEqual(self.kinds("378282246310005 (amex)"), ["card"])

    def test_iban_with_valid_mod97_is_found(self):
        self.assertTrue(sensitive.iban_valid("GB82 WEST 1234 5698 7654 32"))
        self.assertEqual(self.kinds("IBAN GB82 WEST 1234 5698 7654 32 please refund"), ["iban"])
        self.assertEqual(
            sensitive.mask_sensitive("DE89370400440532013000"), "DE••••••••••••••••3000"
        )

    def test_iban_with_wrong_check_digits_is_ignored(self):
        self.assertFalse(sensitive.iban_valid("GB83 WEST 1234 5698 7654 32"))
        self.assertEqual(self.kinds("GB83 WEST 1234 5698 7654 32"), [])

    def test_my_number_with_valid_check_digit_is_found(self):
        self.assertTrue(sensitive.my_number_valid("123456789018"))
        self.assertEqual(self.kinds("マイナンバーは 1234 5678 9018 です"), ["my_number"])
        self.assertEqual(sensitive.mask_sensitive("1234-5678-9018"), "••••-••••-••••")

    def test_my_number_with_wrong_check_digit_is_ignored(self):
        self.assertFalse(sensitive.my_number_valid("123456789017"))
        self.assertEqual(self.kinds("番号 1234 5678 9017"), [])

    def test_us_ssn_is_found_and_invalid_areas_are_not(self):
        self.assertEqual(self.kinds("SSN 123-45-6789"), ["ssn"])
        self.assertEqual(self.kinds("SSN 666-45-6789"), [])
        self.assertEqual(self.kinds("SSN 000-45-6789"), [])
        self.assertEqual(self.kinds("SSN 900-45-6789"), [])
        self.assertEqual(self.kinds("SSN 123-00-6789"), [])

    def test_phone_numbers_international_separated_and_japanese_mobile(self):
        self.assertEqual(self.kinds("call +81 90-1234-5678"), ["phone"])
        self.assertEqual(self.kinds("call (555) 123-4567"), ["phone"])
        self.assertEqual(self.kinds("電話 03-1234-5678"), ["phone"])
        self.assertEqual(self.kinds("携帯 09012345678"), ["phone"])
        self.assertEqual(sensitive.mask_sensitive("03-1234-5678"), "••-••••-••78")

    def test_email_address_is_found_and_masked(self):
        self.assertEqual(self.kinds("write to jane.roe@example.com"), ["email"])
        self.assertEqual(
            sensitive.mask_sensitive("write to jane.roe@example.com"), "write to j•••@example.com"
        )

    def test_dates_prices_and_order_numbers_are_not_sensitive(self):
        for text in (
            "Ordered on 2024-01-15, order 20240115",
            "Price 1,299.00 yen for 2 chairs",
            "Version 18.0.1.0.0",
            "Room 12, floor 3",
            "",
            None,
        ):
            with self.subTest(text=text):
                self.assertEqual(self.kinds(text), [])

    def test_several_kinds_are_masked_in_one_text(self):
        text = "Card 4111111111111111, mail a@b.co, tel +1 555 123 4567"
        self.assertEqual(self.kinds(text), ["card", "email", "phone"])
        masked = sensitive.mask_sensitive(text)
        self.assertNotIn("4111111111111111", masked)
        self.assertNotIn("a@b.co", masked)
        self.assertNotIn("555 123", masked)
        self.assertTrue(masked.startswith("Card ••••••••••••1111"))

    def test_markup_around_numbers_stays_text(self):
        text = "<script>alert(1)</script> 4111 1111 1111 1111"
        self.assertEqual(
            sensitive.mask_sensitive(text), "<script>alert(1)</script> •••• •••• •••• 1111"
        )
