"""What a person's words say about an order, read without the ORM."""

import time

from odoo.tests import BaseCase, tagged

from ..lib.quantity import asks_to_buy, order_references, quantity


@tagged("post_install", "-at_install")
class TestQuantity(BaseCase):
    def test_a_number_before_the_product_is_its_quantity(self):
        self.assertEqual(quantity("how much for 6 desks?", ["Desk"]), 6)
        self.assertEqual(quantity("Price for 12 oak desks please", ["Desk"]), 12)

    def test_japanese_counters_and_full_width_digits(self):
        self.assertEqual(quantity("デスクを6台ください"), 6)
        self.assertEqual(quantity("椅子を６脚お願いします"), 6)
        self.assertEqual(quantity("これを3個"), 3)

    def test_explicit_units(self):
        self.assertEqual(quantity("2 pcs please"), 2)
        self.assertEqual(quantity("qty: 12"), 12)
        self.assertEqual(quantity("x4"), 4)
        self.assertEqual(quantity("we need 10 of them"), 10)

    def test_prices_years_and_durations_are_not_quantities(self):
        self.assertIsNone(quantity("is the desk still $600?", ["Desk"]))
        self.assertIsNone(quantity("6000円ですか"))
        self.assertIsNone(quantity("a desk for 2026?", ["Desk"]))
        self.assertIsNone(quantity("I need it for 3 days"))
        self.assertIsNone(quantity("20% off?"))

    def test_no_number_no_quantity(self):
        self.assertIsNone(quantity("how much is the desk?", ["Desk"]))
        self.assertIsNone(quantity(""))
        self.assertIsNone(quantity(None))

    def test_asking_a_price_or_to_buy(self):
        for text in ("how much for 6 desks?", "Could you send me a quote for 12 chairs?",
                     "What's the price of the oak table?", "I'd like to order two lamps",
                     "Is the green chair in stock?", "このデスクはいくらですか", "見積をお願いします",
                     "ソファを購入したいです", "Do you offer a bulk discount?"):  # fmt: skip
            with self.subTest(text=text):
                self.assertTrue(asks_to_buy(text))
        for text in ("Where is my order S00042?", "Love the new chair!", "配送はいつですか",
                     "The delivery was late", "", None):  # fmt: skip
            with self.subTest(text=text):
                self.assertFalse(asks_to_buy(text))

    def test_order_references(self):
        self.assertEqual(order_references("Where is my order S00042?"), ["S00042"])
        self.assertEqual(order_references("SO/2026/0042 is late"), ["SO/2026/0042"])
        self.assertEqual(order_references("S00042 and S00042 again"), ["S00042"])
        self.assertEqual(order_references("no reference here, 42 desks"), [])

    def test_hostile_text_is_read_in_linear_time(self):
        for text in ("6" * 65536, "S" * 65536, "6 " * 32768, "for 1" * 13000, "台6" * 32768,
                     "want " * 13000, "want to want to " * 4000):  # fmt: skip
            start = time.perf_counter()
            quantity(text, ["Desk", "desk desk"])
            order_references(text)
            asks_to_buy(text)
            self.assertLess(time.perf_counter() - start, 1.0, text[:10])
