import time

from stdnum.iso7064 import mod_97_10

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

    def test_iban_of_a_wrong_length_for_its_country_is_ignored(self):
        # the check digits are right (mod 97): only the country's own layout tells
        for text in ("DE51 3704 0044 0532 0130 0", "GB04 WEST 1234 5698 7654"):
            with self.subTest(text=text):
                compact = text.replace(" ", "")
                self.assertTrue(mod_97_10.is_valid(compact[4:] + compact[:4]))
                self.assertFalse(sensitive.iban_valid(text))
                self.assertEqual(self.kinds(f"IBAN {text}"), [])

    def test_iban_of_no_country_is_ignored(self):
        self.assertTrue(mod_97_10.is_valid("370400440532013000XX46"))
        self.assertEqual(self.kinds("IBAN XX46 3704 0044 0532 0130 00"), [])

    def test_iban_of_a_bank_missing_from_the_shipped_bank_list_is_still_masked(self):
        self.assertEqual(self.kinds("IBAN BE68 5390 0754 7034"), ["iban"])

    def test_my_number_with_valid_check_digit_is_found(self):
        self.assertTrue(sensitive.my_number_valid("123456789018"))
        self.assertEqual(self.kinds("マイナンバーは 1234 5678 9018 です"), ["my_number"])
        self.assertEqual(sensitive.mask_sensitive("1234-5678-9018"), "••••-••••-••••")

    def test_my_number_with_wrong_check_digit_is_ignored(self):
        self.assertFalse(sensitive.my_number_valid("123456789017"))
        self.assertEqual(self.kinds("番号 1234 5678 9017"), [])

    def test_my_number_agrees_with_python_stdnum_reference_numbers(self):
        # stdnum.jp.in_'s own examples (python-stdnum 2.0; Odoo 18 pins 1.19)
        self.assertEqual(self.kinds("6214 9832 0257"), ["my_number"])
        self.assertEqual(self.kinds("6214 9832 0258"), [])

    def test_us_ssn_is_found_and_invalid_areas_are_not(self):
        self.assertEqual(self.kinds("SSN 123-45-6789"), ["ssn"])
        self.assertEqual(self.kinds("SSN 666-45-6789"), [])
        self.assertEqual(self.kinds("SSN 000-45-6789"), [])
        self.assertEqual(self.kinds("SSN 900-45-6789"), [])
        self.assertEqual(self.kinds("SSN 123-00-6789"), [])

    def test_void_us_ssns_are_not_ssns(self):
        # the Woolworth wallet card's and the SSA's own advertisement's numbers
        self.assertEqual(self.kinds("SSN 078-05-1120"), [])
        self.assertEqual(self.kinds("SSN 219-09-9999"), [])

    def test_us_ssn_written_with_spaces_is_found(self):
        self.assertEqual(sensitive.mask_sensitive("SSN 123 45 6789"), "SSN ••• •• ••••")

    def test_phone_numbers_international_separated_and_japanese_mobile(self):
        self.assertEqual(self.kinds("call +81 90-1234-5678"), ["phone"])
        self.assertEqual(self.kinds("call (555) 123-4567"), ["phone"])
        self.assertEqual(self.kinds("電話 03-1234-5678"), ["phone"])
        self.assertEqual(self.kinds("携帯 09012345678"), ["phone"])
        self.assertEqual(sensitive.mask_sensitive("03-1234-5678"), "••-••••-••78")

    def test_international_phone_fits_the_plan_of_its_country(self):
        self.assertEqual(
            sensitive.mask_sensitive("call +44 20 7946 0958 today"), "call +•• •• •••• ••58 today"
        )
        self.assertEqual(self.kinds("Niue: +683 4002"), ["phone"], "7 digits, a valid number")
        self.assertEqual(self.kinds("+999 1234 5678"), [], "no country has code 999")
        self.assertEqual(self.kinds("+1 212 555 01234"), [], "11 digits after +1")

    def test_digits_no_country_writes_as_a_phone_are_not_a_phone(self):
        self.assertEqual(self.kinds("ticket 1234-567-890"), [])
        self.assertEqual(self.kinds("ref 12 3456 7890"), [])

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


@tagged("post_install", "-at_install")
class TestSensitiveDetectorTime(BaseCase):
    """Masking a hostile text takes time in proportion to it: patterns, validators and
    the bookkeeping of what is already found (a quadratic one took 1.5 s on 64 KB of
    e-mail addresses, 16 times its time on 16 KB)."""

    SIZE = 65536  # one line of 64 KB, as in test_hostile_text
    UNITS = (
        "1",
        "1 ",
        "1-",
        "+1 ",
        "(1)",
        "a@",
        "a.",
        "GB82 ",
        "4111 1111 1111 1111, ",
        "DE89370400440532013000 ",
        "1234 5678 9018 ",
        "123-45-6789 ",
        "(555) 123-4567 ",
        "+81 90-1234-5678 ",
        "a@b.co ",
    )

    def _seconds(self, unit, size):
        text = (unit * (size // len(unit) + 1))[:size]
        start = time.process_time()  # CPU time: a loaded machine does not count
        sensitive.mask_sensitive(text)
        return time.process_time() - start

    def test_masking_time_grows_linearly_with_the_text(self):
        for unit in self.UNITS:
            with self.subTest(unit=unit):
                quarter = self._seconds(unit, self.SIZE // 4)
                whole = self._seconds(unit, self.SIZE)
                self.assertLess(whole, 5.0)
                # linear: 4 times the quarter's; quadratic: 16 times
                self.assertLess(whole, 8 * quarter + 0.1, f"{whole:.2f}s vs {quarter:.2f}s")
