import base64
import email
import email.policy
import re

from odoo import fields, models
from odoo.exceptions import UserError

from ..parsing.forward import unwrap_forward

# the fields of an InterestData shown, in the order a reader checks them
SHOWN = (
    "platform",
    "action_type",
    "author_name",
    "author_handle",
    "author_url",
    "author_email",
    "author_phone",
    "author_image_url",
    "source_url",
    "external_id",
    "rating",
    "lang",
    "product_name",
    "page",
    "title",
    "body",
)


class SocialInterestParseRuleTest(models.TransientModel):
    """Try the parsing rules on one e-mail without making a card."""

    _name = "social.interest.parse.rule.test"
    _description = "Try the parsing rules on an e-mail"

    eml_file = fields.Binary(string="E-mail file (.eml)")
    eml_filename = fields.Char()
    raw_email = fields.Text(
        string="E-mail source", help="The whole e-mail, headers included ('Show original')."
    )
    result = fields.Text(readonly=True)
    card_id = fields.Many2one("social.interest", string="Card", readonly=True)
    read_by = fields.Selection(
        [
            ("rule", "A parsing rule"),
            ("reader", "The general reader"),
            ("fallback", "A person's e-mail"),
        ],
        readonly=True,
    )
    rule_id = fields.Many2one("social.interest.parse.rule", string="New rule", readonly=True)

    def _raw(self):
        return base64.b64decode(self.eml_file) if self.eml_file else (self.raw_email or "").encode()

    def _reading(self):
        message = email.message_from_bytes(self._raw(), policy=email.policy.SMTP)
        msg_dict = self.env["mail.thread"].message_parse(message)
        # the gateway's own reading, the one an incoming e-mail gets, without making a card
        return msg_dict, self.env["social.interest"]._gateway_read(msg_dict, message=message)

    def action_read(self):
        """Show what the gateway would make of the e-mail: rule, refusal and card values."""
        self.ensure_one()
        msg_dict, reading = self._reading()
        if reading.error:
            raise UserError(reading.error)
        parsed, refusal = reading.result, reading.refusal
        self.read_by = parsed.read_by or False
        if parsed.rule:
            rule = parsed.rule.name
        elif parsed.read_by == "reader":
            rule = self.env._("none, the general reader read it")
        else:
            rule = self.env._("none (a person wrote to us)")
        lines = [self.env._("Rule: %(rule)s", rule=rule)]
        if refusal:
            lines.append(self.env._("No card: refused (%(reason)s).", reason=refusal))
        lines += [self.env._("Rule error: %(error)s", error=error) for error in parsed.errors]
        lines.append(self.env._("How it was read:"))
        lines += [f"  {line}" for line in parsed.trace]
        items = [] if refusal else self.env["social.interest"]._gateway_items(msg_dict, reading)
        for index, item in enumerate(items, 1):
            lines.append(self.env._("Card %(index)s:", index=index))
            lines += [f"  {key}: {item[key]}" for key in SHOWN if item[key]]
        self.result = "\n".join(lines)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_make_rule(self):
        """A new parsing rule (archived, to check) for e-mails like this one, then open it.

        The sender pattern is the sender's domain; the subject pattern is the subject with
        the author's name as the ``author`` group; platform, action and language are the
        ones the gateway read. Activate it once its patterns say what you want.
        """
        self.ensure_one()
        msg_dict, reading = self._reading()
        if reading.error or not reading.result or not reading.result.cards:
            raise UserError(
                self.env._("This e-mail could not be read: no rule can be made from it.")
            )
        card = reading.result.cards[0]
        notification = self.env["social.interest"]._gateway_notification(msg_dict)
        # rules read a forwarded notification as its original: the rule is the original's
        notification = unwrap_forward(notification) or notification
        domain = (notification.sender_email or "").rpartition("@")[2]
        subject = notification.subject or ""
        subject_pattern = re.escape(subject)
        if card.author_name and card.author_name in subject:
            subject_pattern = re.escape(subject).replace(
                re.escape(card.author_name), "(?P<author>.+?)", 1
            )
        langs = dict(self.env["social.interest.parse.rule"]._fields["lang"].selection)
        rule = self.env["social.interest.parse.rule"].create(
            {
                "name": self.env._(
                    "%(platform)s: %(action)s (from an e-mail)",
                    platform=card.platform or "other",
                    action=card.action_type or "other",
                ),
                "active": False,
                "sequence": 5,
                "platform": card.platform or "other",
                "action_type": card.action_type or "comment",
                "lang": card.lang if card.lang in langs else "other",
                "sender_pattern": re.escape("@" + domain) + ">" if domain else "",
                "subject_pattern": "^" + subject_pattern + "$" if subject else "",
                "note": subject,
            }
        )
        self.rule_id = rule
        return {
            "type": "ir.actions.act_window",
            "res_model": rule._name,
            "res_id": rule.id,
            "view_mode": "form",
            "target": "current",
        }
