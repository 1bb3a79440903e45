import base64
import email
import email.policy

from odoo import fields, models
from odoo.exceptions import UserError

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

    def action_read(self):
        """Show what the gateway would make of the e-mail: rule, refusal and card values."""
        self.ensure_one()
        raw = base64.b64decode(self.eml_file) if self.eml_file else (self.raw_email or "").encode()
        message = email.message_from_bytes(raw, policy=email.policy.SMTP)
        msg_dict = self.env["mail.thread"].message_parse(message)
        # the gateway's own reading, the one an incoming e-mail gets, without making a card
        reading = self.env["social.interest"]._gateway_read(msg_dict, message=message)
        if reading.error:
            raise UserError(reading.error)
        parsed, refusal = reading.result, reading.refusal
        lines = [
            self.env._(
                "Rule: %(rule)s",
                rule=parsed.rule.name if parsed.rule else self.env._("none (a person wrote to us)"),
            ),
        ]
        if refusal:
            lines.append(self.env._("No card: refused (%(reason)s).", reason=refusal))
        lines += [self.env._("Rule error: %(error)s", error=error) for error in parsed.errors]
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
