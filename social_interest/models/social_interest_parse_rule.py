from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from ..lib.selection import ACTION_TYPE_SELECTION, PLATFORM_SELECTION
from ..parsing import Rule, RuleError

LANG_SELECTION = [
    ("en", "English"),
    ("ja", "Japanese"),
    ("ru", "Russian"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("de", "German"),
    ("pt", "Portuguese"),
    ("ko", "Korean"),
    ("zh", "Chinese"),
    ("other", "Other"),
]


class SocialInterestParseRule(models.Model):
    """How one kind of notification e-mail becomes an interest card.

    Rules are tried by sequence; the first whose patterns all match wins. Admins edit them in
    the UI when a platform changes its e-mails; the shipped ones live in ``data/``.
    """

    _name = "social.interest.parse.rule"
    _description = "Social Interest Parsing Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Rules are tried in this order (priority).")
    active = fields.Boolean(default=True)
    platform = fields.Selection(PLATFORM_SELECTION, required=True, default="other")
    action_type = fields.Selection(
        ACTION_TYPE_SELECTION, string="Action", required=True, default="comment"
    )
    lang = fields.Selection(
        LANG_SELECTION,
        string="Language",
        help="Language of the notification's wording; the card's language is guessed from "
        "the person's own text and falls back to this one.",
    )
    sender_pattern = fields.Char(
        help="Regular expression searched in the sender, written as 'Name <address>', "
        "e.g. @facebookmail\\.com>. Named groups may capture values (see below).",
    )
    subject_pattern = fields.Char(
        help="Regular expression searched in the subject, case-insensitive, e.g. "
        "(?P<author>.+) commented on your post",
    )
    body_pattern = fields.Text(
        help="Regular expression searched in the text of the body (case-insensitive, '.' "
        "matches new lines). Named groups: author, handle, author_url, email, phone, url, "
        "external_id, product, rating, body, page, title, photo, others (the number of people "
        "grouped with the author, as in 'and (?P<others>\\d+) others').",
    )
    url_xpath = fields.Char(
        string="Deep link XPath",
        help="XPath in the HTML body giving the link to the comment, review or post, e.g. "
        "//a[contains(@href, 'comment_id=')]/@href. Google and platform redirect links are "
        "unwrapped.",
    )
    author_url_xpath = fields.Char(string="Profile link XPath")
    photo_xpath = fields.Char(
        string="Photo XPath", help="XPath giving the author's photo, e.g. //img[@width='50']/@src"
    )
    item_xpath = fields.Char(
        string="Item XPath",
        help="For digests: each element it selects becomes one card; the body pattern and "
        "the other XPaths then apply inside each element.",
    )
    external_id_pattern = fields.Char(
        string="External ID pattern",
        help="Regular expression applied to the deep link to get the item's id on its "
        "platform, e.g. comment_id=(?P<external_id>\\d+). Used against duplicates.",
    )
    ignore = fields.Boolean(
        string="Drop these e-mails",
        help="Matching e-mails make no card (e.g. a platform's weekly statistics).",
    )
    source_id = fields.Many2one(
        "social.interest.source",
        string="Source",
        help="Source of the cards this rule makes; otherwise the source is found by the "
        "alias, the page named in the e-mail or the platform.",
    )
    note = fields.Text(help="Which e-mails this rule is for, with an example subject.")
    timeout_ids = fields.One2many(
        "social.interest.parse.rule.timeout", "rule_id", string="Timeouts", readonly=True
    )
    timeout_count = fields.Integer(compute="_compute_timeout_count", string="Timed out")
    last_timeout_date = fields.Datetime(compute="_compute_timeout_count", string="Last timeout")

    @api.depends("timeout_ids")
    def _compute_timeout_count(self):
        groups = self.env["social.interest.parse.rule.timeout"]._read_group(
            [("rule_id", "in", self.ids)], ["rule_id"], ["__count", "create_date:max"]
        )
        found = {rule.id: (count, last) for rule, count, last in groups}
        for rule in self:
            rule.timeout_count, rule.last_timeout_date = found.get(rule.id, (0, False))

    @api.constrains(
        "sender_pattern",
        "subject_pattern",
        "body_pattern",
        "url_xpath",
        "author_url_xpath",
        "photo_xpath",
        "item_xpath",
        "external_id_pattern",
    )
    def _check_patterns(self):
        for rule in self:
            try:
                rule._to_rule().compile()
            except RuleError as error:
                raise ValidationError(
                    self.env._(
                        "The rule %(rule)s does not compile: %(error)s", rule=rule.name, error=error
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()
        return rules

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    def _to_rule(self):
        self.ensure_one()
        return Rule(
            name=self.name or "",
            platform=self.platform,
            action_type=self.action_type,
            lang=self.lang if self.lang != "other" else "",
            sender_pattern=self.sender_pattern or "",
            subject_pattern=self.subject_pattern or "",
            body_pattern=self.body_pattern or "",
            url_xpath=self.url_xpath or "",
            author_url_xpath=self.author_url_xpath or "",
            photo_xpath=self.photo_xpath or "",
            item_xpath=self.item_xpath or "",
            external_id_pattern=self.external_id_pattern or "",
            ignore=self.ignore,
            id=self.id,
        )

    @api.model
    def _gateway_rules(self):
        """The active rules, compiled once per registry (cleared when a rule changes)."""
        return self._gateway_rules_cached()

    @tools.ormcache()
    def _gateway_rules_cached(self):
        # sudo: rules are configuration read by the mail gateway, whoever runs it
        records = self.sudo().search([])
        return tuple(record._to_rule().compile() for record in records)
