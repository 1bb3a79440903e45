from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import SocialInterestCase


@tagged("post_install", "-at_install")
class TestSocialInterestJapanese(SocialInterestCase):
    """The Japanese translation is loaded and used: menus, states and messages from code."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ja_JP")
        cls.env["ir.module.module"]._load_module_terms(["social_interest"], ["ja_JP"])

    def test_menu_and_state_in_japanese(self):
        root = self.env.ref("social_interest.menu_social_interest_root")
        self.assertEqual(root.with_context(lang="ja_JP").name, "ソーシャル関心")
        states = dict(
            self.env["social.interest"]
            .with_context(lang="ja_JP")
            ._fields["state"]
            ._description_selection(self.env(context={"lang": "ja_JP"}))
        )
        self.assertEqual(states["processed"], "処理済")
        self.assertNotEqual(states["new"], "New")

    def test_claim_message_in_japanese(self):
        card = self.env["social.interest"].create(
            {
                "author_name": "Ken",
                "platform": "facebook",
                "action_type": "comment",
                "team_id": self.team_a.id,
                "user_id": self.rep_a.id,
            }
        )
        self.rep_a2.lang = "ja_JP"
        with self.assertRaises(UserError) as raised:
            card.with_user(self.rep_a2).with_context(lang="ja_JP").action_claim()
        message = str(raised.exception)
        self.assertIn("Rep A", message)
        self.assertNotIn("already took", message)
