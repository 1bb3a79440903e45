"""A person's mentions follow their identity: linked to a contact, merged with another
identity, or carried along when Odoo's merge wizard merges two contacts."""

from odoo.tests import tagged

from .common import ListeningCase


@tagged("post_install", "-at_install")
class TestMentionsFollowThePerson(ListeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connector = cls.env["social.listening.connector"].create(
            {"name": "Search", "kind": "generic_webhook", "source_id": cls.source_listening.id}
        )

    def _mention(self, external_id, handle):
        # the author is known on X (an identity): the mention is linked to it when heard
        self.env["social.identity"]._match_for_ingestion("x", name=handle, handle=handle)
        item = {"body": "nice desk", "platform": "x", "posted_at": False, "author_handle": handle}
        return self.connector._ingest([dict(item, external_id=external_id)])

    def test_linking_the_identity_moves_its_mentions(self):
        mention = self._mention("m1", "deskfan")
        self.assertTrue(mention.identity_id)
        self.assertFalse(mention.partner_id)
        customer = self.env["res.partner"].create({"name": "Desk Fan"})
        mention.identity_id.partner_id = customer
        self.assertEqual(mention.partner_id, customer)

    def test_merging_identities_moves_their_mentions(self):
        first, second = self._mention("m2", "deskfan2"), self._mention("m3", "deskfan_two")
        (first.identity_id | second.identity_id).action_merge()
        self.assertEqual(first.identity_id, second.identity_id)
        self.assertTrue(first.identity_id.exists())

    def test_odoos_contact_merge_carries_cards_identities_and_mentions(self):
        mention = self._mention("m4", "merged_person")
        old = self.env["res.partner"].create({"name": "Merged Person", "email": "mp@a.example"})
        kept = self.env["res.partner"].create({"name": "Merged Person", "email": "mp@b.example"})
        identity = mention.identity_id
        identity.partner_id = old
        card = self._card(partner_id=old.id, identity_id=identity.id)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((old | kept).ids, kept)
        self.assertFalse(old.exists())
        self.assertEqual(identity.partner_id, kept)
        self.assertEqual(card.partner_id, kept)
        self.assertEqual(mention.partner_id, kept)

    def test_mentions_count_in_the_engagement_segment(self):
        customer = self.env["res.partner"].create({"name": "Loud Customer"})
        self.assertFalse(customer.engagement_segment)
        identity = self.env["social.identity"]._match_for_ingestion("x", handle="loudone")
        identity.partner_id = customer
        item = {"body": "talking about acme", "platform": "x", "author_handle": "loudone"}
        self.connector._ingest([dict(item, external_id="loud-1", posted_at=False)])
        self.assertEqual(customer.engagement_segment, "occasional")
        self.connector._ingest(
            [dict(item, external_id=f"loud-{i}", posted_at=False) for i in range(2, 9)]
        )
        self.assertEqual(customer.engagement_segment, "active")


@tagged("post_install", "-at_install")
class TestMentionBulkActions(ListeningCase):
    def test_create_cards_and_ignore_many_mentions(self):
        connector = self.env["social.listening.connector"].create(
            {"name": "Bulk", "kind": "generic_webhook", "source_id": self.source_listening.id}
        )
        item = {"body": "seen the acme lamp", "platform": "x", "posted_at": False}
        mentions = connector._ingest([dict(item, external_id=f"b{i}") for i in range(4)])
        to_cards, to_ignore = mentions[:2], mentions[2:]
        for xmlid, records in (
            ("social_listening.action_social_mention_bulk_cards", to_cards),
            ("social_listening.action_social_mention_bulk_ignore", to_ignore | to_cards),
        ):
            self.env.ref(xmlid).with_user(self.rep_a).with_context(
                active_model="social.mention", active_ids=records.ids
            ).run()
        self.assertEqual(set(to_cards.mapped("state")), {"card"}, "cards are not ignored")
        self.assertTrue(all(to_cards.mapped("interest_id")))
        self.assertEqual(set(to_ignore.mapped("state")), {"ignored"})


@tagged("post_install", "-at_install")
class TestAuthorsOfListeningCards(ListeningCase):
    def test_influence_and_photo_reach_the_card_and_the_identity(self):
        from odoo.addons.social_interest.tests.gateway_common import start_image_server
        from odoo.addons.social_interest.tests.test_parsing_lib import png_bytes

        server, base = start_image_server(png_bytes((64, 64)), b"")
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        params = self.env["ir.config_parameter"]
        params.set_param("social_interest.photo_download", "1")
        params.set_param("social_interest.photo_allow_private_hosts", "1")
        connector = self.env["social.listening.connector"].create(
            {"name": "Agency", "kind": "generic_webhook", "source_id": self.source_listening.id}
        )
        item = {
            "external_id": "inf-1",
            "body": "Where can I buy the ACME lamp?",  # a question: triaged into a card
            "platform": "x",
            "posted_at": False,
            "author_handle": "lampfan",
            "author_name": "Lamp Fan",
            "author_followers": 15230,
            "author_image_url": f"{base}/photo.png",
        }
        mention = connector._ingest([item])
        card = mention.interest_id
        self.assertTrue(card)
        self.assertEqual(card.followers, 15230)
        self.assertEqual(card.identity_id.followers, 15230)
        self.assertTrue(card.author_image)
        self.assertTrue(card.identity_id.image_128)
