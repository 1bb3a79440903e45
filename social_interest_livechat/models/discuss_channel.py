from odoo import models
from odoo.tools import email_normalize, html2plaintext

from odoo.addons.social_interest.lib.interest_data import InterestData

# the visitor's words gathered on the card until the operator answers: enough for the
# question, bounded whatever a visitor pastes into the chat
MAX_BODY = 4000


class DiscussChannel(models.Model):
    """A visitor's live chat conversation is one interest card of the ``chat`` platform:
    the visitor's first words make it (through ``social.interest._ingest``), their next
    words before an answer complete it, the operator's first answer is its reply."""

    _inherit = "discuss.channel"

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        if self.channel_type == "livechat" and message.message_type == "comment":
            if self._social_is_operator_message(message):
                self._social_record_operator_answer()
            elif self._social_is_visitor_message(message):
                self._social_record_visitor_message(message)
        return result

    # ------------------------------------------------------------------ who wrote

    def _social_is_operator_message(self, message):
        """An answer of the company's people: an internal user posting as themselves."""
        user = self.env.user
        return bool(
            message.author_id and message.author_id == user.partner_id and user._is_internal()
        )

    def _social_is_visitor_message(self, message):
        """The visitor's words: a guest's, or a logged-in customer's; never the operator's
        (a chatbot posts as the channel's operator) nor Odoo's own notices."""
        if message.author_guest_id:
            return True
        author = message.author_id
        bots = self.livechat_operator_id | self.env.ref("base.partner_root")
        if self.chatbot_current_step_id:
            # sudo: the script's partner is compared, nothing of it is shown
            bots |= self.chatbot_current_step_id.sudo().chatbot_script_id.operator_partner_id
        # sudo: whether the author is one of the company's people, nothing of it is shown
        employee = any(not user.share for user in author.sudo().user_ids)
        return bool(author and author not in bots and not employee)

    # ------------------------------------------------------------------ the card

    def _social_source(self):
        source = self.env.ref("social_interest_livechat.source_livechat", raise_if_not_found=False)
        # sudo: the source is configuration the card is filed under, read for the visitor
        return source.sudo() if source and source.sudo().active else None

    def _social_card(self, source):
        """The conversation's card, found as the road finds it (its source and id)."""
        # sudo: a visitor and an operator may not read cards; the card of this
        # conversation is only looked up here, nothing of it is returned to them
        return (
            self.env["social.interest"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("source_id", "=", source.id), ("external_id", "=", str(self.id))],
                limit=1,
            )
        )

    def _social_record_visitor_message(self, message):
        """The first words make the card through the one road in; the next ones, until
        the operator answers, are added to its text (plain text, bounded)."""
        source = self._social_source()
        text = html2plaintext(message.body or "").strip()
        if not source or not text:
            return
        email = self._social_left_email(text)
        card = self._social_card(source)
        if not card:
            item, values = self._social_item(message, text, email)
            # sudo: the visitor's words become a card through the one road in, as the
            # mail gateway's do; the road stores them as text and decides the rest
            self.env["social.interest"].sudo()._ingest([item], source=source, values=values)
            return
        if not card.first_response_date and len(card.body or "") < MAX_BODY:
            # sudo: the text of the conversation's own card, completed by its visitor
            card.sudo().body = f"{card.body or ''}\n{text}".strip()[:MAX_BODY]
        if email and not card.author_email:
            # sudo: the address the visitor just gave the chatbot, on their own card; out of
            # hours, it is now due the acknowledgement its arrival could not send
            card.sudo().author_email = email
            card._social_acknowledge_out_of_hours()

    def _social_left_email(self, text):
        """The e-mail address the visitor gave when the chatbot asked for one (Odoo's
        own way for a visitor to leave an address in a live chat), else an empty text."""
        # sudo: the type of the script's current step is read, nothing of it is shown
        step = self.chatbot_current_step_id.sudo()
        if step.step_type != "question_email":
            return ""
        return email_normalize(text) or ""

    def _social_item(self, message, text, email):
        """The conversation as an item, and what the live chat knows of its person."""
        visitor = message.author_id
        item = InterestData(
            platform="chat",
            action_type="message",
            external_id=str(self.id),
            interest_date=message.date,
            body=text[:MAX_BODY],
            # the name the conversation shows the operator ("Visitor 42"), else the
            # guest's or the customer's own
            author_name=(visitor.name or self.anonymous_name or message.author_guest_id.name or ""),
            author_email=visitor.email or email,
        )
        if visitor:
            # a logged-in customer is known by their session: the contact, no guessing
            values = {"partner_id": visitor.id}
        else:
            # an anonymous visitor's name is the live chat's ("Visitor 42"), never matched to
            # the identity or contact of an earlier visitor of the same name
            values = {"identity_id": False, "partner_id": False}
        return item, values

    def _social_record_operator_answer(self):
        """The operator's first answer is the card's reply: replied by them, processed
        when the source says a reply processes its cards."""
        source = self._social_source()
        card = source and self._social_card(source)
        if not card or card.first_response_date or card.processed:
            return
        # sudo: the operator's answer in Odoo's own live chat is the reply; the reply's
        # bookkeeping (system fields) is written for the user who just answered
        card._mark_replied(False)
        if source.reply_marks_processed:
            card.processed = True
