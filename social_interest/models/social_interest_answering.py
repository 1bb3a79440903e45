import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext, plaintext2html

from ..lib import sensitive

NAME_PLACEHOLDER = "{name}"
# what a reply leaves on the card: the e-mail sent (a comment), or the note of a reply
# made on the platform (posted as a notification)
REPLY_TYPES = ("comment", "notification")


class SocialInterestAnswering(models.AbstractModel):
    """The knowledge base on the card: save the reply of a replied card as an answer, see
    the published answers that fit a new card, use one in the reply and count whether it
    went out as it was or edited.

    An abstract mixin of the card (``social.interest``), as the time on cards is."""

    _name = "social.interest.answering"
    _description = "Saved answers on interest cards"
    # a thread's mixin, as mail.thread.cc: its reply hook comes before mail.thread's
    _inherit = ["mail.thread"]

    suggested_answer_ids = fields.Many2many(
        "social.interest.answer",
        compute="_compute_suggested_answer_ids",
        string="Suggested answers",
        help="Published answers to questions like this card's, in its language first.",
    )
    answer_pending_id = fields.Many2one(
        "social.interest.answer",
        string="Answer being used",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The saved answer put into the reply being written: when the reply goes out, "
        "it counts as sent as is or edited.",
    )

    @api.depends("body", "lang")
    def _compute_suggested_answer_ids(self):
        Answer = self.env["social.interest.answer"]
        may_read = Answer.has_access("read")
        for card in self:
            card.suggested_answer_ids = (
                card._suggest_answers(card) if may_read and card.body else Answer
            )

    # ------------------------------------------------------------------ actions

    def action_save_as_answer(self):
        """Save the card's question and the reply sent as a draft answer, and open it to
        be edited (a sales manager publishes it). Personal details are masked and the
        author's name becomes "{name}"."""
        self.ensure_one()
        self.check_access("read")
        if not self.reply_date:
            raise UserError(self.env._("Reply to the card first: the answer is the reply sent."))
        reply = self._answer_reply_text()
        if not reply:
            raise UserError(self.env._("No reply text was found on this card."))
        answer = self.env["social.interest.answer"].create(self._prepare_answer_values(reply))
        return {
            "type": "ir.actions.act_window",
            "res_model": answer._name,
            "res_id": answer.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def action_use_answer(self, answer_id):
        """Put a published answer, with the author's first name, into the reply: the
        composer (e-mail) or the reply text to paste under the post. The use is counted,
        and whether the reply goes out as it was or edited."""
        self.ensure_one()
        self.check_access("write")
        answer = self.env["social.interest.answer"].browse(int(answer_id)).exists()
        if not answer or answer.state != "published" or not answer.active:
            raise UserError(self.env._("This answer is not published."))
        answer.check_access("read")
        text = answer._personalised(self._answer_first_name())
        # sudo: a use counter (a system field) of a published answer the user may read
        answer.sudo().use_count += 1
        self.answer_pending_id = answer
        return self._reply_with_text(text, self.env._("Reply with a saved answer"))

    def _reply_with_text(self, text, title):
        """Answer the person with ``text`` written in the reply, where they spoke: the
        e-mail composer, else the reply text to paste under the post (titled ``title``);
        social_listening sends it through the channel where a connector answers. The one
        way a prepared text (a saved answer, a quotation's link) reaches the reply."""
        self.ensure_one()
        if self.reply_mode == "email":
            action = self._action_reply_by_email()
            action["context"]["default_body"] = plaintext2html(text)
            return action
        reply = self.env["social.interest.canned.reply"].create(
            {"interest_id": self.id, "reply_text": text}
        )
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": reply._name,
            "res_id": reply.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    # ------------------------------------------------------------------ mail

    def _message_post_after_hook(self, message, msg_vals):
        """A reply that goes out after an answer was used counts the answer as sent as
        it was (the same words) or edited."""
        result = super()._message_post_after_hook(message, msg_vals)
        if message.message_type not in REPLY_TYPES or not self.env.user._is_internal():
            return result
        for card in self.filtered("answer_pending_id"):
            answer = card.answer_pending_id
            expected = _flat(answer._personalised(card._answer_first_name()))
            lines = _flat_lines(html2plaintext(message.body or ""))
            as_is = expected in (" ".join(lines), _without_heading(lines))
            field = "used_as_is_count" if as_is else "edited_count"
            # sudo: a use counter (a system field) of the answer this user put in the reply
            answer.sudo()[field] += 1
            card.answer_pending_id = False
        return result

    # ------------------------------------------------------------------ helpers

    @api.model
    def _suggest_answers(self, card, limit=3):
        """The published answers that best fit ``card``'s words (see
        ``social.interest.answer._suggest``)."""
        return self.env["social.interest.answer"]._suggest(card.body or "", card.lang, limit)

    def _answer_reply_text(self):
        """The reply sent, as plain text: the platform's copy when the listening addon
        recorded one, else the last message of a colleague on the card (the e-mail sent,
        or the note of a reply made on the platform)."""
        self.ensure_one()
        if "reply_text" in self._fields and self["reply_text"]:
            return self["reply_text"].strip()
        acknowledgement = self.env.ref("social_interest.mt_acknowledgement")
        odoobot = self.env.ref("base.partner_root")
        heading = self.env._("Reply started on the platform:\n%(text)s", text="").strip()
        for message in self.message_ids.sorted("id", reverse=True):
            if message.message_type not in REPLY_TYPES or message.subtype_id == acknowledgement:
                continue
            staff = message.author_id.user_ids.filtered(lambda user: not user.share)
            if not staff or message.author_id == odoobot:
                continue
            text = html2plaintext(message.body or "").strip()
            if text.startswith(heading):
                text = text[len(heading) :].strip()
            if text:
                return text
        return ""

    def _prepare_answer_values(self, reply):
        self.ensure_one()
        answer = sensitive.mask_sensitive(reply)
        for name in self._answer_author_names():
            answer = _replace_name(answer, name)
        return {
            "question": sensitive.mask_sensitive(self.body or "") or self.name,
            "answer": answer,
            "lang": self.lang or False,
            "product_tmpl_ids": [fields.Command.set(self.product_tmpl_id.ids)],
            "interest_id": self.id,
            "company_id": self.company_id.id,
            "author_id": self.env.uid,
        }

    def _answer_author_names(self):
        """The author's full name, then first name: replaced by "{name}" in a saved answer."""
        full = (self.author_name or self.partner_id.name or "").strip()
        first = self._answer_first_name()
        return [name for name in dict.fromkeys((full, first)) if len(name) >= 2]

    def _answer_first_name(self):
        """How the author is greeted: the first word of their name (a Japanese name's
        family name, as greetings use it), else their handle."""
        name = (self.author_name or self.partner_id.name or "").strip()
        if name:
            return name.split()[0]
        return (self.author_handle or "").lstrip("@")


def _flat(text):
    return " ".join((text or "").split())


def _flat_lines(text):
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


def _without_heading(lines):
    """The reply's words without a heading line of ours ("Reply started on the platform:")."""
    if len(lines) > 1 and lines[0].endswith(":"):
        lines = lines[1:]
    return " ".join(lines)


def _replace_name(text, name):
    """``name`` replaced by "{name}", as a whole word where words are spaced."""
    if re.search(r"[\u3040-\u30ff\u3400-\u9fff]", name):
        return text.replace(name, NAME_PLACEHOLDER)
    return re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", NAME_PLACEHOLDER, text)
