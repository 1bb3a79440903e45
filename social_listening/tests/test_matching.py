from odoo.tests import BaseCase, tagged

from ..lib.matching import RuleMatcher, RuleSpec, normalize


def rules(*specs):
    return RuleMatcher([RuleSpec.from_strings(i, **spec) for i, spec in enumerate(specs)])


@tagged("post_install", "-at_install")
class TestRuleMatching(BaseCase):
    def test_any_term_matches_a_whole_word_in_any_case(self):
        matcher = rules({"any_terms": "odoo, crm"})
        self.assertEqual(matcher.match("We love ODOO!"), [0])
        self.assertEqual(matcher.match("an odooist wrote"), [])

    def test_full_width_latin_is_the_same_word(self):
        self.assertEqual(rules({"any_terms": "odoo"}).match("\uff2f\uff44\uff4f\uff4f最高"), [0])

    def test_latin_word_glued_to_japanese_matches(self):
        self.assertEqual(rules({"any_terms": "odoo"}).match("Odooを使っています"), [0])

    def test_japanese_term_matches_inside_a_sentence_without_spaces(self):
        matcher = rules({"any_terms": "椅子"})
        self.assertEqual(matcher.match("アクメの椅子が届きました"), [0])
        self.assertEqual(matcher.match("机が届きました"), [])

    def test_half_width_katakana_matches_full_width_term(self):
        self.assertEqual(rules({"any_terms": "アクメ"}).match("ｱｸﾒの机"), [0])

    def test_all_terms_must_all_be_present(self):
        matcher = rules({"all_terms": "acme, refund"})
        self.assertEqual(matcher.match("ACME refund please"), [0])
        self.assertEqual(matcher.match("ACME is great"), [])

    def test_exclusion_wins(self):
        matcher = rules({"any_terms": "acme", "exclude_terms": "acme bank, 銀行"})
        self.assertEqual(matcher.match("ACME Bank raised rates"), [])
        self.assertEqual(matcher.match("アクメ acme 銀行"), [])
        self.assertEqual(matcher.match("ACME chairs"), [0])

    def test_phrase_needs_its_words_in_order(self):
        matcher = rules({"phrases": "customer service"})
        self.assertEqual(matcher.match("Great customer   service today"), [0])
        self.assertEqual(matcher.match("service for the customer"), [])

    def test_overlapping_phrases_both_match(self):
        matcher = rules({"phrases": "new york"}, {"phrases": "york city"})
        self.assertEqual(matcher.match("New York City"), [0, 1])

    def test_hashtag_matches_the_whole_tag_only(self):
        matcher = rules({"hashtags": "#acme ソーシャル"})
        self.assertEqual(matcher.match("so good #ACME"), [0])
        self.assertEqual(matcher.match("#acmefans unite"), [])
        self.assertEqual(matcher.match("#ソーシャル です"), [0])
        self.assertEqual(matcher.match("acme without the tag"), [])

    def test_language_and_platform_filters(self):
        matcher = rules({"any_terms": "acme", "langs": "ja", "platforms": "x"})
        self.assertEqual(matcher.match("acme", "ja_JP", "x"), [0])
        self.assertEqual(matcher.match("acme", "en", "x"), [])
        self.assertEqual(matcher.match("acme", "ja", "mastodon"), [])

    def test_rule_with_only_filters_keeps_every_text_of_its_language(self):
        matcher = rules({"langs": "ja"})
        self.assertEqual(matcher.match("なんでも", "ja"), [0])
        self.assertEqual(matcher.match("anything", "en"), [])

    def test_many_rules_return_each_matching_key(self):
        matcher = RuleMatcher(
            [RuleSpec.from_strings(f"r{i}", any_terms=f"term{i}") for i in range(200)]
        )
        self.assertEqual(matcher.match("term7 and term150 and term7"), ["r7", "r150"])
        self.assertEqual(len(matcher.match_many([("term1", None, None)] * 3)), 3)

    def test_markup_in_terms_and_texts_is_plain_text(self):
        matcher = rules({"any_terms": "<b>, (a|b)"})
        self.assertEqual(matcher.match("(a|b) as written"), [0])
        self.assertEqual(matcher.match("a"), [])

    def test_normalize_folds_width_case_and_spaces(self):
        self.assertEqual(normalize("  \uff21\uff23\uff2d\uff25\n Chair "), "acme chair")
