from odoo import api, fields, models


class SocialInterestParseRuleTimeout(models.Model):
    """One e-mail on which a rule's pattern ran out of time (see ``parsing.rules``).

    Rows are only ever inserted, by the mail gateway of any worker at the same time: no
    shared row is updated while e-mails are delivered. Kept 30 days.
    """

    _name = "social.interest.parse.rule.timeout"
    _description = "Social Interest Parsing Rule Timeout"
    _order = "id desc"

    rule_id = fields.Many2one(
        "social.interest.parse.rule", required=True, ondelete="cascade", index=True
    )
    message_id = fields.Char(string="E-mail", readonly=True)
    error = fields.Char(readonly=True)

    @api.model
    def _gateway_note(self, rule_ids, message_id, errors):
        # sudo: the gateway notes its own finding on configuration records; nothing is read
        rules = self.env["social.interest.parse.rule"].sudo().browse(rule_ids).exists()
        detail = "; ".join(errors)[:500]
        self.sudo().create(
            [
                {"rule_id": rule.id, "message_id": (message_id or "")[:250], "error": detail}
                for rule in rules
            ]
        )

    @api.autovacuum
    def _gc_old_timeouts(self):
        limit = fields.Datetime.subtract(fields.Datetime.now(), days=30)
        self.search([("create_date", "<", limit)]).unlink()
