"""The general reader's layers, tested without the ORM, on wordings of their own."""

from datetime import datetime
from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from ..lib.lang import detect_lang
from ..parsing import Notification, parse_notification, reader
from ..parsing.forward import unwrap_forward
from ..parsing.platforms import external_id, platform_by_key, recognise
from ..parsing.vocabulary import find_action
from .gateway_common import make_mail


@tagged("post_install", "-at_install")
class TestVocabulary(BaseCase):
    # one headline per action and language, none of them a wording of the corpus
    HEADLINES = (
        ("Kim Lee left a comment on your reel", "comment", "en"),
        ("Kim Lee and 4 others replied to a thread you're in", "comment", "en"),
        ("You were mentioned by Kim Lee", "mention", "en"),
        ("Kim Lee tagged ACME Furniture in a photo", "mention", "en"),
        ("Kim Lee reacted 😮 to your comment", "like", "en"),
        ("Kim Lee sent you a new message", "message", "en"),
        ("Kim Lee wants to connect", "follow", "en"),
        ("Kim Lee rated ACME Furniture 3 stars", "review", "en"),
        ("山田さんがあなたの動画に返信しました", "comment", "ja"),
        ("山田さんがあなたを写真にタグ付けしました", "mention", "ja"),
        ("山田さんからメッセージが届きました", "message", "ja"),
        ("Мария Иванова ответила на ваш комментарий", "comment", "ru"),
        ("Мария Иванова поделилась вашей записью", "share", "ru"),
        ("Мария Иванова подписалась на вас", "follow", "ru"),
        ("José Pérez respondió a tu comentario", "comment", "es"),
        ("A José Pérez le gustó tu foto", "like", "es"),
        ("Léa Martin a réagi à votre publication", "like", "fr"),
        ("Léa Martin vous a envoyé un message", "message", "fr"),
        ("Jonas Klein folgt dir jetzt", "follow", "de"),
        ("Jonas Klein hat dich in einem Kommentar erwähnt", "mention", "de"),
        ("Bruna Lima curtiu seu comentário", "like", "pt"),
        ("Bruna Lima fez uma pergunta", "question", "pt"),
        ("박지훈님이 회원님을 댓글에서 언급했습니다", "mention", "ko"),
        ("박지훈님이 회원님의 릴스를 공유했습니다", "share", "ko"),
        ("王芳回复了你的评论", "comment", "zh"),
        ("王芳转发了你的帖子", "share", "zh"),
    )

    def test_every_language_names_every_action(self):
        for headline, action, lang in self.HEADLINES:
            with self.subTest(headline=headline):
                match = find_action(headline)
                self.assertIsNotNone(match)
                self.assertEqual((match.action, match.lang), (action, lang))

    def test_first_verb_names_the_action(self):
        self.assertEqual(find_action("Kim commented on a post you shared").action, "comment")
        self.assertEqual(find_action("Kim shared a post you commented on").action, "share")
        self.assertEqual(find_action("New comment on your video").action, "comment")
        self.assertEqual(find_action("New review for ACME").action, "review")
        self.assertIsNone(find_action("Your weekly summary"))
        self.assertIsNone(find_action(""))


@tagged("post_install", "-at_install")
class TestPlatforms(BaseCase):
    def test_sender_domain_and_headers_tell_the_platform(self):
        self.assertEqual(recognise("security@facebookmail.com")[0].key, "facebook")
        self.assertEqual(recognise("info@mail.instagram.com")[0].key, "instagram")
        self.assertEqual(recognise("googlealerts-noreply@google.com")[0].key, "google_alerts")
        # another Google sender is no platform of ours
        self.assertIsNone(recognise("calendar-notification@google.com")[0])
        # a platform's own header, whatever the sending domain
        spec, how = recognise("bounce@mailer.example.net", {"x-linkedin-class": "INVITE"})
        self.assertEqual((spec.key, how), ("linkedin", "header x-linkedin-class"))
        self.assertIsNone(recognise("jane@example.com", {"subject": "hi"})[0])
        # a look-alike domain is not the platform
        self.assertIsNone(recognise("notification@facebookmail.com.evil.example")[0])

    def test_external_id_comment_before_post(self):
        fb, yt = platform_by_key("facebook"), platform_by_key("youtube")
        self.assertEqual(
            external_id(fb, "https://www.facebook.com/a/posts/pfbid0X?comment_id=42&ref=n"), "42"
        )
        self.assertEqual(external_id(fb, "https://www.facebook.com/a/posts/pfbid0X"), "pfbid0X")
        self.assertEqual(external_id(yt, "https://www.youtube.com/watch?v=abc&lc=Ugx1"), "Ugx1")
        self.assertEqual(external_id(yt, "https://youtu.be/abcdefghijk"), "abcdefghijk")
        x = platform_by_key("x")
        self.assertEqual(external_id(x, "https://x.com/jane/status/1858?s=20"), "1858")
        self.assertEqual(external_id(platform_by_key("vk"), "https://vk.com/wall-1_2"), "-1_2")
        self.assertEqual(external_id(x, "not a url"), "")


@tagged("post_install", "-at_install")
class TestForwarded(BaseCase):
    ORIGINAL = (
        "Kim Lee commented on your video",
        "Kim Lee commented on your video:\n\n\u201cCan I order the oak table in black?\u201d\n\n"
        "Reply: https://www.youtube.com/watch?v=abcdefghijk&lc=UgyZ9\n",
    )

    def _forward(self, block, sender="Ken Sato <ken.sato@acme.example.com>"):
        raw = make_mail(
            subject="Fwd: " + self.ORIGINAL[0],
            body=block + "\n\n" + self.ORIGINAL[1],
            sender=sender,
            message_id="<fwd-1@acme.example.com>",
            date="Mon, 23 Nov 2026 10:02:11 +0900",
        )
        return Notification.from_bytes(raw)

    def _check(self, notification, when):
        original = unwrap_forward(notification)
        self.assertIsNotNone(original)
        self.assertEqual(original.sender_email, "noreply@youtube.com")
        self.assertEqual(original.subject, self.ORIGINAL[0])
        self.assertEqual(original.date, when)
        self.assertEqual(original.headers["x-social-forwarded-by"], "ken.sato@acme.example.com")
        result = parse_notification(notification, [])
        card = result.cards[0]
        self.assertEqual(
            (result.read_by, card.platform, card.action_type), ("reader", "youtube", "comment")
        )
        self.assertEqual(card.author_name, "Kim Lee")
        self.assertEqual(card.body, "Can I order the oak table in black?")
        self.assertEqual(card.external_id, "UgyZ9")
        self.assertEqual(result.forwarded_by, "ken.sato@acme.example.com")

    def test_thunderbird_plain_text(self):
        block = (
            "-------- Forwarded Message --------\nSubject: \tKim Lee commented on your video\n"
            "Date: \tSun, 22 Nov 2026 18:30:00 +0000\nFrom: \tYouTube <noreply@youtube.com>\n"
            "To: \tsocial@acme.example.com"
        )
        self._check(self._forward(block), datetime(2026, 11, 22, 18, 30))

    def test_outlook_localized_labels_in_the_forwarders_zone(self):
        block = (
            "________________________________\nVon: YouTube <noreply@youtube.com>\n"
            "Gesendet: Sonntag, 22. November 2026 19:30\nAn: social@acme.example.com\n"
            "Betreff: Kim Lee commented on your video"
        )
        notification = self._forward(block)
        notification.headers["date"] = "Mon, 23 Nov 2026 10:02:11 +0100"
        self._check(notification, datetime(2026, 11, 22, 18, 30))

    def test_korean_gmail_with_mailto(self):
        block = (
            "---------- 전달된 메시지 ---------\n보낸사람: YouTube [mailto:noreply@youtube.com]\n"
            "Date: 2026년 11월 23일 (월) 오전 3:30\nSubject: Kim Lee commented on your video\n"
            "To: <social@acme.example.com>"
        )
        notification = self._forward(block)
        self.assertIsNone(unwrap_forward(notification))  # "보낸사람" (no space) is not a label
        block = block.replace("보낸사람", "보낸 사람")
        original = unwrap_forward(self._forward(block))
        self.assertEqual(original.sender_email, "noreply@youtube.com")

    def test_not_a_forward(self):
        plain = Notification.from_bytes(
            make_mail(body="From: my side, all good.\nSubject to your approval, we order 4 tables.")
        )
        self.assertIsNone(unwrap_forward(plain))
        # a marker without the original's sender: the rep's own e-mail, read as it is
        broken = self._forward("---------- Forwarded message ---------\nno headers here")
        self.assertIsNone(unwrap_forward(broken))
        result = parse_notification(broken, [])
        self.assertEqual(result.read_by, "fallback")
        self.assertEqual(result.cards[0].author_email, "ken.sato@acme.example.com")


@tagged("post_install", "-at_install")
class TestLanguages(BaseCase):
    def test_languages_we_ship(self):
        for text, lang in (
            ("¿Tienen la mesa en color negro? Gracias", "es"),
            ("Est-ce que le canapé est disponible en bleu ?", "fr"),
            ("Ist der Tisch auch in Eiche hell lieferbar?", "de"),
            ("Vocês têm a mesa em preto? Obrigado", "pt"),
            ("소파 배송은 얼마나 걸리나요?", "ko"),
            ("这个沙发有黑色的吗？", "zh"),
            ("このソファは黒もありますか", "ja"),
            ("Есть ли диван в чёрном цвете?", "ru"),
            ("Do you have the sofa in black?", "en"),
        ):
            with self.subTest(text=text):
                self.assertEqual(detect_lang(text), lang)


@tagged("post_install", "-at_install")
class TestSummaries(BaseCase):
    def _block(self, handle, name, words, lc):
        return (
            f'<tr><td><a href="https://www.youtube.com/@{handle}"><img width="40" '
            f'src="https://yt3.ggpht.com/{handle}=s88"></a></td><td>'
            f'<a href="https://www.youtube.com/@{handle}">{name}</a><br>{words}<br>'
            f'<a href="https://www.youtube.com/watch?v=abcdefghijk&amp;lc={lc}">Reply</a>'
            "</td></tr>"
        )

    def test_a_summary_gives_one_card_per_comment(self):
        html = (
            "<table><tr><td>New comments on “Oak table build”</td></tr>"
            + self._block("kimlee", "Kim Lee", "Lovely grain!", "UgA")
            + self._block("bo.chen", "Bo Chen", "What finish is that?", "UgB")
            + self._block("ana", "Ana Silva", "Quanto custa a mesa?", "UgC")
            + "</table>"
        )
        raw = make_mail(
            subject="3 new comments on your video",
            sender="YouTube <noreply@youtube.com>",
            body="see HTML",
            html=html,
        )
        result = parse_notification(Notification.from_bytes(raw), [])
        self.assertEqual(len(result.cards), 3)
        self.assertEqual(
            [(c.author_name, c.author_handle, c.body, c.external_id) for c in result.cards],
            [
                ("Kim Lee", "kimlee", "Lovely grain!", "UgA"),
                ("Bo Chen", "bo.chen", "What finish is that?", "UgB"),
                ("Ana Silva", "ana", "Quanto custa a mesa?", "UgC"),
            ],
        )
        self.assertEqual(result.cards[2].lang, "pt")
        self.assertEqual(result.cards[1].author_image_url, "https://yt3.ggpht.com/bo.chen=s88")

    def test_a_reply_quoting_our_comment_is_one_card(self):
        html = (
            "<table><tr><td>Kim Lee replied to your comment</td></tr>"
            + self._block("acme", "ACME Furniture", "Thanks for watching!", "UgA")
            + self._block("kimlee", "Kim Lee", "You are welcome", "UgA.B1")
            + "</table>"
        )
        raw = make_mail(
            subject="Kim Lee replied to your comment",
            sender="YouTube <noreply@youtube.com>",
            body="see HTML",
            html=html,
        )
        result = parse_notification(Notification.from_bytes(raw), [])
        self.assertEqual(len(result.cards), 1)
        self.assertEqual(result.cards[0].author_name, "Kim Lee")


@tagged("post_install", "-at_install")
class TestPersonsWords(BaseCase):
    """Where the person's words are, in wordings of our own."""

    def _read(self, subject, body, sender="Facebook <notification@facebookmail.com>", html=None):
        raw = make_mail(subject=subject, sender=sender, body=body, html=html)
        return parse_notification(Notification.from_bytes(raw), []).cards[0]

    def test_who_said_it_before_the_quote(self):
        for said in ("Ana wrote:", "Ana a écrit :", "Ана написала:", "Ana schrieb:"):
            with self.subTest(said=said):
                card = self._read(
                    "Ana Reis mentioned ACME Furniture in a comment.",
                    f"Ana Reis mentioned ACME Furniture in a comment.\n\n"
                    f"{said} \u201cDoes ACME ship to Porto?\u201d\n\n"
                    "https://www.facebook.com/groups/1/permalink/2/?comment_id=3\n",
                )
                self.assertEqual(card.body, "Does ACME ship to Porto?")

    def test_a_verb_late_in_the_persons_words_is_theirs(self):
        card = self._read(
            "Ana Reis reviewed ACME Furniture",
            "Ana Reis reviewed ACME Furniture.\n\n"
            "Sturdy chairs, friendly delivery crew and fair prices overall. I recommend them!\n\n"
            "https://www.facebook.com/n/?story.php&story_fbid=777&id=1\n",
        )
        self.assertEqual(
            card.body,
            "Sturdy chairs, friendly delivery crew and fair prices overall. I recommend them!",
        )

    def test_a_label_above_its_link_is_not_said(self):
        card = self._read(
            "Ana Reis commented on your photo.",
            "Ana Reis commented on your photo.\n\nIs the lamp still available?\n"
            "Open the photo:\nhttps://www.facebook.com/photo.php?fbid=5&comment_id=6\n",
        )
        self.assertEqual(card.body, "Is the lamp still available?")

    def test_a_link_to_one_item_before_a_page_of_several(self):
        html = (
            '<p><a href="https://www.facebook.com/ana.reis">Ana Reis</a> reviewed ACME.</p>'
            "<p>Great service.</p>"
            '<p><a href="https://www.facebook.com/ACME/reviews">All reviews</a></p>'
            '<p><a href="https://www.facebook.com/n/?story.php&amp;story_fbid=4242&amp;id=9">'
            "See the review</a></p>"
        )
        card = self._read("Ana Reis reviewed ACME", "see HTML", html=html)
        self.assertEqual(card.external_id, "4242")

    def test_a_follow_leads_to_the_follower(self):
        card = self._read(
            "kim.designs started following you",
            "kim.designs started following you.\n\nhttps://www.instagram.com/kim.designs/\n",
            sender="Instagram <no-reply@mail.instagram.com>",
        )
        self.assertEqual(card.action_type, "follow")
        self.assertEqual(card.source_url, "https://www.instagram.com/kim.designs/")


@tagged("post_install", "-at_install")
class TestHostileStructure(BaseCase):
    """A notification of thousands of links costs its reader work in proportion to it."""

    def _links_mail(self, links):
        # every other link a person, every other a comment, two to a line: lines the words
        # could run into, each checked against every link's text
        rows = "".join(
            f'<p><a href="https://www.facebook.com/person.{k}">Person {k}</a> · '
            f'<a href="https://www.facebook.com/photo.php?fbid=7&amp;comment_id={k}">Reply</a></p>'
            for k in range(links // 2)
        )
        html = (
            '<p><a href="https://www.facebook.com/kim.lee">Kim Lee</a> commented on your post.</p>'
            "<p>Is the oak table still available?</p>" + rows
        )
        return make_mail(
            subject="Kim Lee commented on your post",
            sender="Facebook <notification@facebookmail.com>",
            body="see HTML",
            html=html,
        )

    def _read_counting(self, raw):
        """(card, names normalised, names compared one by one, lookups of the noise check)."""
        made = []
        names_of_mail = reader._Names

        def names(*args):
            made.append(names_of_mail(*args))
            return made[-1]

        with (
            patch.object(reader, "_Names", side_effect=names),
            patch.object(reader, "_name_key", wraps=reader._name_key) as keys,
            patch.object(reader, "_same_name", wraps=reader._same_name) as pairs,
        ):
            card = parse_notification(Notification.from_bytes(raw), []).cards[0]
        return card, keys.call_count, pairs.call_count, sum(n.probes for n in made)

    def test_the_noise_check_grows_with_the_links_not_with_links_times_lines(self):
        small = self._read_counting(self._links_mail(4_000))
        large = self._read_counting(self._links_mail(16_000))
        for card in (small[0], large[0]):
            self.assertEqual((card.author_name, card.action_type), ("Kim Lee", "comment"))
            self.assertEqual(card.author_url, "https://www.facebook.com/kim.lee")
            self.assertTrue(card.body.startswith("Is the oak table still available?"))
        _card, keys, pairs, probes = large
        # every name and line normalised once: linear in links and lines
        self.assertLessEqual(keys, 4.4 * small[1])
        self.assertLessEqual(keys, 16_000 + 2 * reader.MAX_LINES)
        # no line is compared with every name (that was MAX_LINES x 16,000 comparisons)
        self.assertLessEqual(pairs, small[2] + 10)
        self.assertLessEqual(probes, small[3] * 1.1)
        self.assertLessEqual(pairs + probes, 200 * reader.MAX_LINES)

    def test_a_line_that_repeats_a_name_is_noise_whichever_way_it_is_cut(self):
        names = reader._Names(["jane roe", "@kimlee", "acme furniture", "new comment on your post"])
        for line in ("Jane Roe", "Jane Roe ·", "@KimLee", "kimlee", "ACME Furniture:", "Roe"):
            with self.subTest(line=line):
                self.assertTrue(names.named(line))
        for line in ("Jo", "Is the oak table still available?", "Jane Roe wrote a lot here"):
            with self.subTest(line=line):
                self.assertFalse(names.named(line))

    def test_a_summary_of_more_comments_than_cards_says_how_many_were_read(self):
        blocks = "".join(
            f'<tr><td><a href="https://www.youtube.com/@p{k}">Person {k}</a><br>Words {k}<br>'
            f'<a href="https://www.youtube.com/watch?v=abcdefghijk&amp;lc=Ug{k}">Reply</a>'
            "</td></tr>"
            for k in range(reader.MAX_ITEMS + 40)
        )
        raw = make_mail(
            subject="65 new comments on your video",
            sender="YouTube <noreply@youtube.com>",
            body="see HTML",
            html=f"<table>{blocks}</table>",
        )
        result = parse_notification(Notification.from_bytes(raw), [])
        self.assertEqual(len(result.cards), reader.MAX_ITEMS)
        self.assertEqual(result.cards[-1].body, f"Words {reader.MAX_ITEMS - 1}")
        self.assertIn(
            f"the first {reader.MAX_ITEMS} of {reader.MAX_ITEMS + 40}", "\n".join(result.trace)
        )

    def test_people_beyond_the_cards_are_counted_on_the_first(self):
        people = "".join(
            f'<p><a href="https://www.instagram.com/person{k}/">person{k}</a></p>'
            for k in range(reader.MAX_ITEMS + 10)
        )
        raw = make_mail(
            subject=f"{reader.MAX_ITEMS + 10} new followers",
            sender="Instagram <no-reply@mail.instagram.com>",
            body="see HTML",
            html=f"<p>You have {reader.MAX_ITEMS + 10} new followers.</p>{people}",
        )
        cards = parse_notification(Notification.from_bytes(raw), []).cards
        self.assertEqual(len(cards), reader.MAX_ITEMS)
        self.assertEqual(cards[0].others_count, 10)
