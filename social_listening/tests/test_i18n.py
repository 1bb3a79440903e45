from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestListeningJapanese(TransactionCase):
    def test_menus_and_states_speak_japanese(self):
        self.env["res.lang"]._activate_lang("ja_JP")
        self.env["ir.module.module"]._load_module_terms(["social_listening"], ["ja_JP"])
        menu = self.env.ref("social_listening.menu_social_mention").with_context(lang="ja_JP")
        self.assertEqual(menu.name, "メンション")
        root = self.env.ref("social_listening.menu_social_listening_root").with_context(
            lang="ja_JP"
        )
        self.assertEqual(root.name, "リスニング")
