from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..lib.matching import RuleMatcher, RuleSpec
from .selection import LISTENING_PLATFORMS


class SocialListeningRule(models.Model):
    """A keyword rule: which public posts are worth keeping as mentions."""

    _name = "social.listening.rule"
    _description = "Listening Keyword Rule"
    _order = "sequence, name, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    any_terms = fields.Text(
        string="Any of these words",
        help="One per line or comma-separated: a post with at least one of them matches.",
    )
    all_terms = fields.Text(
        string="All of these words", help="Every one of them must appear in the post."
    )
    exclude_terms = fields.Text(
        string="None of these words", help="A post with any of them never matches."
    )
    phrases = fields.Text(
        string="Exact phrases",
        help="One per line: the words in this order (an alternative to 'Any of these words').",
    )
    hashtags = fields.Char(help="Space or comma-separated, with or without '#', e.g. #odoo #crm.")
    langs = fields.Char(
        string="Languages",
        help="Language codes, comma-separated (e.g. en, ja); empty means every language.",
    )
    platforms = fields.Char(
        help="Platform codes, comma-separated (e.g. x, mastodon); empty means every platform. "
        f"Codes: {', '.join(LISTENING_PLATFORMS)}."
    )
    connector_ids = fields.Many2many(
        "social.listening.connector",
        "social_listening_connector_rule_rel",
        "rule_id",
        "connector_id",
        string="Connectors",
    )
    mention_count = fields.Integer(compute="_compute_mention_count")

    @api.constrains("any_terms", "all_terms", "phrases", "hashtags", "langs", "platforms")
    def _check_not_empty(self):
        for rule in self:
            spec = rule._spec()
            if not (spec.positive or spec.all_terms or spec.langs or spec.platforms):
                raise ValidationError(
                    self.env._("The rule %(name)s looks for nothing.", name=rule.name)
                )

    def _compute_mention_count(self):
        counts = dict(
            self.env["social.mention"]._read_group(
                [("rule_ids", "in", self.ids)], ["rule_ids"], ["__count"]
            )
        )
        for rule in self:
            rule.mention_count = counts.get(rule, 0)

    def _spec(self):
        self.ensure_one()
        return RuleSpec.from_strings(
            self.id,
            any_terms=self.any_terms or "",
            all_terms=self.all_terms or "",
            exclude_terms=self.exclude_terms or "",
            phrases=self.phrases or "",
            hashtags=self.hashtags or "",
            langs=self.langs or "",
            platforms=self.platforms or "",
        )

    def _matcher(self):
        """The rules compiled once, to match a whole batch of posts."""
        return RuleMatcher([rule._spec() for rule in self])

    def action_view_mentions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_listening.action_social_mention"
        )
        action["domain"] = [("rule_ids", "in", self.ids)]
        return action
