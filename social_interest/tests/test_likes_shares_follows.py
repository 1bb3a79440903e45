"""Likes, shares and follows: interest without words of its own, one card per person."""

from odoo.tests import BaseCase, tagged

from ..parsing import Notification, parse_notification
from ..parsing.reader import audience_in, others_in
from .gateway_common import GatewayCase, as_verified, make_mail

# wordings of our own, after the platforms' help pages; none is a note of a shipped rule
X_DIGEST_HTML = """<html><body><table>
<tr><td><a href="https://x.com"><img src="https://abs.twimg.com/logo.png" width="30"></a></td></tr>
<tr><td><a href="https://x.com/mika_o"><img src="https://pbs.twimg.com/profile_images/1/m_normal.jpg"
 width="48"></a></td><td><a href="https://x.com/mika_o">Mika Ono</a> @mika_o · 2,310 followers</td></tr>
<tr><td><a href="https://x.com/pdurand"><img src="https://pbs.twimg.com/profile_images/2/p_normal.jpg"
 width="48"></a></td><td><a href="https://x.com/pdurand">Paul Durand</a> @pdurand · 4.5K followers</td>
</tr><tr><td><a href="https://x.com/lwong"><img src="https://pbs.twimg.com/profile_images/3/l_normal.jpg"
 width="48"></a></td><td><a href="https://x.com/lwong">Lin Wong</a> @lwong</td></tr>
<tr><td><a href="https://x.com/i/notifications">See who followed you</a></td></tr>
<tr><td>Unsubscribe from these e-mails: <a href="https://x.com/settings/email">settings</a></td></tr>
</table></body></html>"""

FB_GROUPED_HTML = """<html><body><a href="https://www.facebook.com/"><img src="https://static.xx.fbcdn.net/rsrc.php/logo.png" width="40"></a>
<p><a href="https://www.facebook.com/mika.ono.5">Mika Ono</a>, <a href="https://www.facebook.com/paul.durand.77">Paul Durand</a>
and 6 others reacted to your post in <a href="https://www.facebook.com/acmefurniture">ACME Furniture</a>.</p>
<a href="https://www.facebook.com/acmefurniture/posts/pfbid02Xy9">See post</a></body></html>"""

FB_ONE_HTML = """<html><body><p><a href="https://www.facebook.com/mika.ono.5">Mika Ono</a> liked
<a href="https://www.facebook.com/acmefurniture">ACME Furniture</a>'s post and
<a href="https://www.facebook.com/acmefurniture/posts/pfbid02Xy9">See post</a></p></body></html>"""


def _read(raw, rules=()):
    return parse_notification(Notification.from_bytes(raw), list(rules))


@tagged("post_install", "-at_install")
class TestCounts(BaseCase):
    def test_others_in_every_language(self):
        for text, count in (
            ("Mika Ono and 12 others reacted to your post", 12),
            ("Mika Ono, Paul Durand and 1,204 others liked your photo", 1204),
            ("Mika Ono and one other liked your reel", 1),
            ("Léa Martin et 3 autres personnes aiment votre publication", 3),
            ("小野 美香さん、他5人があなたの投稿に「いいね！」しました", 5),
            ("小野 美香さんとその他2人があなたをフォローしました", 2),
            ("박지훈님 외 4명이 회원님의 게시물을 좋아합니다", 4),
            ("Mika Ono liked your post", 0),
            ("Mika Ono and Paul Durand liked your post", 0),
        ):
            with self.subTest(text=text):
                self.assertEqual(others_in(text), count)

    def test_audience_shown_beside_a_name(self):
        for text, count in (
            ("Mika Ono @mika_o · 2,310 followers", 2310),
            ("Paul Durand · 4.5K followers", 4500),
            ("12K subscribers", 12000),
            ("フォロワー 1,204人", 1204),
            ("チャンネル登録者数 1.2万人", 12000),
            ("Mika Ono", 0),
            ("3 new followers this week", 0),
        ):
            with self.subTest(text=text):
                self.assertEqual(audience_in(text), count)


@tagged("post_install", "-at_install")
class TestPeopleDigests(BaseCase):
    def test_a_digest_of_followers_gives_one_card_per_person(self):
        raw = make_mail(
            subject="3 people followed you",
            body="Mika Ono @mika_o\nPaul Durand @pdurand\nLin Wong @lwong\n",
            sender="X <notify@x.com>",
            html=X_DIGEST_HTML,
        )
        cards = _read(raw).cards
        self.assertEqual([c.action_type for c in cards], ["follow"] * 3)
        self.assertEqual([c.author_handle for c in cards], ["mika_o", "pdurand", "lwong"])
        self.assertEqual([c.author_followers for c in cards], [2310, 4500, 0])
        self.assertEqual(cards[0].author_url, "https://x.com/mika_o")
        self.assertEqual(cards[0].source_url, "https://x.com/mika_o")  # a follow: the person
        self.assertIn("m_normal.jpg", cards[0].author_image_url)
        self.assertEqual(sum(c.others_count for c in cards), 0)

    def test_named_people_and_others_count_each_like_once(self):
        raw = make_mail(
            subject="Mika Ono, Paul Durand and 6 others reacted to your post",
            body="Mika Ono, Paul Durand and 6 others reacted to your post.",
            sender="Facebook <notification@facebookmail.com>",
            html=FB_GROUPED_HTML,
        )
        cards = _read(raw).cards
        self.assertEqual([c.author_name for c in cards], ["Mika Ono", "Paul Durand"])
        self.assertEqual([c.action_type for c in cards], ["like", "like"])
        self.assertEqual(1 + cards[0].others_count + 1 + cards[1].others_count, 8)
        self.assertEqual(
            {c.source_url for c in cards},
            {"https://www.facebook.com/acmefurniture/posts/pfbid02Xy9"},
        )

    def test_the_page_named_after_the_verb_is_not_a_second_person(self):
        raw = make_mail(
            subject="Mika Ono liked ACME Furniture's post",
            body="Mika Ono liked ACME Furniture's post",
            sender="Facebook <notification@facebookmail.com>",
            html=FB_ONE_HTML,
        )
        cards = _read(raw).cards
        self.assertEqual(len(cards), 1)
        self.assertEqual(
            (cards[0].author_name, cards[0].action_type, cards[0].others_count),
            ("Mika Ono", "like", 0),
        )


@tagged("post_install", "-at_install")
class TestShippedRules(GatewayCase):
    """The shipped rules on wordings of their own, through Odoo's gateway."""

    def _rules_for(self, platform, action):
        return self.env["social.interest.parse.rule"].search(
            [("platform", "=", platform), ("action_type", "=", action)]
        )

    def test_english_and_japanese_rules_for_every_platform(self):
        for platform in ("facebook", "instagram", "x", "linkedin", "youtube"):
            actions = ("like", "follow") if platform == "youtube" else ("like", "share", "follow")
            for action in actions:
                with self.subTest(platform=platform, action=action):
                    langs = set(self._rules_for(platform, action).mapped("lang"))
                    self.assertLessEqual({"en", "ja"}, langs)

    def test_rules_read_likes_shares_and_follows(self):
        cases = (
            # (sender, subject, platform, action, author or handle, others)
            (
                "Facebook <notification@facebookmail.com>",
                "Mika Ono and 6 others reacted to your post",
                "facebook",
                "like",
                "Mika Ono",
                6,
            ),
            (
                "Facebook <notification@facebookmail.com>",
                "小野 美香さんがあなたの写真をシェアしました",
                "facebook",
                "share",
                "小野 美香",
                0,
            ),
            (
                "Instagram <no-reply@mail.instagram.com>",
                "mika_o and 3 others liked your photo",
                "instagram",
                "like",
                "mika_o",
                3,
            ),
            (
                "Instagram <no-reply@mail.instagram.com>",
                "mika_oさんがあなたをフォローしました",
                "instagram",
                "follow",
                "mika_o",
                0,
            ),
            (
                "X <notify@x.com>",
                "Mika Ono (@mika_o) reposted your post",
                "x",
                "share",
                "Mika Ono",
                0,
            ),
            (
                "X <notify@x.com>",
                "小野 美香さん、他2人があなたのポストをいいねしました",
                "x",
                "like",
                "小野 美香",
                2,
            ),
            (
                "LinkedIn <notifications-noreply@linkedin.com>",
                "Mika Ono reposted ACME Furniture's post",
                "linkedin",
                "share",
                "Mika Ono",
                0,
            ),
            (
                "LinkedIn <notifications-noreply@linkedin.com>",
                "小野 美香さんがACME Furnitureをフォローしました",
                "linkedin",
                "follow",
                "小野 美香",
                0,
            ),
            (
                "YouTube <noreply@youtube.com>",
                "Mika Ono subscribed to your channel",
                "youtube",
                "follow",
                "Mika Ono",
                0,
            ),
            (
                "YouTube <noreply@youtube.com>",
                "小野 美香さんがあなたのコメントに高評価を付けました",
                "youtube",
                "like",
                "小野 美香",
                0,
            ),
        )
        for index, (sender, subject, platform, action, author, others) in enumerate(cases):
            with self.subTest(subject=subject):
                message_id = f"<lsf-{index}@notify.example.com>"
                self.process(
                    as_verified(
                        make_mail(
                            subject=subject, body=subject, sender=sender, message_id=message_id
                        )
                    )
                )
                card = self.cards_of(message_id)
                self.assertEqual(len(card), 1)
                self.assertEqual(
                    (card.platform, card.action_type, card.author_name, card.others_count),
                    (platform, action, author, others),
                )
                self.assertEqual(card.read_by[:4], "rule")

    def test_a_rule_never_merges_the_people_of_a_digest(self):
        message_id = "<fb-grouped@notify.example.com>"
        self.process(
            as_verified(
                make_mail(
                    subject="Mika Ono, Paul Durand and 6 others reacted to your post",
                    body="Mika Ono, Paul Durand and 6 others reacted to your post.",
                    sender="Facebook <notification@facebookmail.com>",
                    html=FB_GROUPED_HTML,
                    message_id=message_id,
                )
            )
        )
        cards = self.cards_of(message_id) | self.Interest.search(
            [("author_name", "in", ("Mika Ono", "Paul Durand")), ("platform", "=", "facebook")]
        )
        self.assertEqual(sorted(cards.mapped("author_name")), ["Mika Ono", "Paul Durand"])
        self.assertEqual(sum(1 + c.others_count for c in cards), 8)
        self.assertEqual(set(cards.mapped("action_type")), {"like"})

    def _like_figures(self):
        report = self.env["social.interest.report"]
        report._refresh()
        rows = report.search([("action_type", "=", "like"), ("platform", "=", "facebook")])
        return sum(rows.mapped("volume")), sum(rows.mapped("interaction_count"))

    def test_followers_reach_the_identity_and_the_analysis_counts_interactions(self):
        volume, interactions = self._like_figures()
        self.process(
            as_verified(
                make_mail(
                    subject="3 people followed you",
                    body="Mika Ono @mika_o\nPaul Durand @pdurand\nLin Wong @lwong\n",
                    sender="X <notify@x.com>",
                    html=X_DIGEST_HTML,
                    message_id="<x-followers@notify.example.com>",
                )
            )
        )
        cards = self.Interest.search([("platform", "=", "x"), ("action_type", "=", "follow")])
        self.assertEqual(len(cards), 3)
        mika = cards.filtered(lambda c: c.author_handle == "mika_o")
        self.assertEqual(mika.identity_id.followers, 2310)
        self.assertEqual(mika.followers, 2310)
        # the grouped like of another e-mail: 2 cards, 8 interactions
        self.test_a_rule_never_merges_the_people_of_a_digest()
        self.assertEqual(self._like_figures(), (volume + 2, interactions + 8))

    def test_two_people_liking_one_post_are_two_cards(self):
        source = self.env["social.interest.source"].create(
            {"name": "ACME on Instagram", "platform": "instagram"}
        )
        for index, handle in enumerate(("mika_o", "pdurand", "mika_o")):
            self.process(
                as_verified(
                    make_mail(
                        subject=f"{handle} liked your photo",
                        body=f"{handle} liked your photo\nhttps://www.instagram.com/p/DQx7Ab1/",
                        sender="Instagram <no-reply@mail.instagram.com>",
                        message_id=f"<ig-like-{index}@notify.example.com>",
                    )
                ),
                custom_values={"source_id": source.id},
            )
        cards = self.Interest.search([("external_id", "=", "DQx7Ab1")])
        # the same item, two people; the second e-mail of one person is the same card
        self.assertEqual(sorted(cards.mapped("author_handle")), ["mika_o", "pdurand"])
        self.assertEqual(cards.source_id, source)


@tagged("post_install", "-at_install")
class TestSharesAndBylines(BaseCase):
    def test_a_share_keeps_the_sharers_words_not_the_shared_post(self):
        html = """<html><body><p>Noor Haddad shared your post.</p>
<p>Finally a shop that answers on a Sunday.</p>
<p><a href="https://www.facebook.com/acmefurniture">ACME Furniture</a></p>
<p>Our spring collection is here.</p>
<a href="https://www.facebook.com/permalink.php?story_fbid=5550001&amp;id=42">View</a></body></html>"""
        raw = make_mail(
            subject="Noor Haddad shared your post.",
            body="Noor Haddad shared your post.\nFinally a shop that answers on a Sunday.\n",
            sender="Facebook <notification@facebookmail.com>",
            html=html,
        )
        card = _read(raw).cards[0]
        self.assertEqual(
            (card.action_type, card.body), ("share", "Finally a shop that answers on a Sunday.")
        )
        bare = html.replace("<p>Finally a shop that answers on a Sunday.</p>", "")
        raw = make_mail(
            subject="Noor Haddad shared your post.",
            body="Noor Haddad shared your post.\n",
            sender="Facebook <notification@facebookmail.com>",
            html=bare,
        )
        self.assertEqual(_read(raw).cards[0].body, "")  # our own post is not her words

    def test_handle_and_audience_on_the_byline_under_the_name(self):
        html = """<html><body><p><a href="https://www.youtube.com/channel/UCz9Q1w2E3r4T5y6U7i8O9p0">Aya Kimura</a>さんがチャンネル登録しました</p><p>@aya_makes · チャンネル登録者数 3.4万人</p></body></html>"""
        raw = make_mail(
            subject="Aya Kimuraさんがチャンネル登録しました",
            body="Aya Kimuraさんがチャンネル登録しました\n@aya_makes · チャンネル登録者数 3.4万人\n",
            sender="YouTube <noreply@youtube.com>",
            html=html,
        )
        card = _read(raw).cards[0]
        self.assertEqual(
            (card.action_type, card.author_handle, card.author_followers),
            ("follow", "aya_makes", 34000),
        )
