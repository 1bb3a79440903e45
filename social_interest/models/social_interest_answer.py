from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from ..lib import answer_search

MANAGER_GROUP = "sales_team.group_sale_manager"
# set by the code that counts a use (as superuser), never by hand
COUNTERS = frozenset({"use_count", "used_as_is_count", "edited_count"})
# what the suggestions' index is built from: a change of these rebuilds it
SEARCHED = frozenset({"question", "lang", "state", "active", "company_id"})


class SocialInterestAnswer(models.Model):
    """An answer worth giving again: a customer's question as asked and the reply sent.

    Saved by a rep from a replied card (``social.interest.answering``), reviewed and
    published by a sales manager, then suggested on new cards that ask the same thing
    (:meth:`_suggest`), in any language, Japanese included."""

    _name = "social.interest.answer"
    _description = "Saved answer (knowledge base)"
    _inherit = ["mail.thread"]
    _order = "state desc, used_as_is_count desc, use_count desc, id desc"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name", store=True)
    question = fields.Text(required=True, tracking=True, help="The customer's words, as asked.")
    answer = fields.Text(
        required=True,
        tracking=True,
        help='The reply as sent, plain text. "{name}" is replaced by the first name of the '
        "person answered.",
    )
    lang = fields.Char(string="Language", help="Language code of the question (en, ja...).")
    product_tmpl_ids = fields.Many2many("product.template", string="Products")
    tag_ids = fields.Many2many("social.interest.answer.tag", string="Topics")
    author_id = fields.Many2one(
        "res.users", string="Saved by", default=lambda self: self.env.user, index=True
    )
    interest_id = fields.Many2one(
        "social.interest", string="Source card", index="btree_not_null", ondelete="set null"
    )
    state = fields.Selection(
        [("draft", "Draft"), ("published", "Published"), ("archived", "Archived")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
    )
    active = fields.Boolean(default=True)
    use_count = fields.Integer(string="Uses", readonly=True, copy=False)
    used_as_is_count = fields.Integer(string="Sent as is", readonly=True, copy=False)
    edited_count = fields.Integer(string="Sent edited", readonly=True, copy=False)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    search_stamp = fields.Datetime(
        readonly=True, copy=False, help="Last change of what the suggestions search."
    )

    @api.depends("question")
    def _compute_name(self):
        for answer in self:
            first = (answer.question or "").strip().splitlines()
            text = first[0] if first else ""
            answer.name = text if len(text) <= 80 else text[:79] + "…"

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        manager = self._is_manager()
        now = fields.Datetime.now()
        for vals in vals_list:
            self._check_counters(vals)
            if not manager and vals.get("state", "draft") != "draft":
                raise AccessError(self.env._("A sales manager publishes the answers."))
            vals["search_stamp"] = now
        return super().create(vals_list)

    def write(self, vals):
        self._check_counters(vals)
        if "state" in vals and not self._is_manager():
            raise AccessError(
                self.env._("Only a sales manager publishes, archives or restores answers.")
            )
        if SEARCHED & set(vals):
            vals = dict(vals, search_stamp=fields.Datetime.now())
        return super().write(vals)

    @api.model
    def _check_counters(self, vals):
        if COUNTERS & set(vals) and not self.env.su:
            raise AccessError(self.env._("The use counters are counted, never written by hand."))

    @api.model
    def _is_manager(self):
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    # ------------------------------------------------------------------ actions

    def action_publish(self):
        """Publish the answers: from now on they are suggested on similar cards."""
        self.write({"state": "published", "active": True})
        return True

    def action_archive(self):
        """Archived answers are no longer suggested (and leave the lists)."""
        self.write({"state": "archived"})
        return super().action_archive()

    def action_unarchive(self):
        """Restored answers come back as drafts, to be read again before publishing."""
        result = super().action_unarchive()
        self.write({"state": "draft"})
        return result

    def action_merge(self):
        """Merge duplicates: the most used answer is kept and counts every use of the
        others, which are archived."""
        if len(self) < 2:
            raise UserError(self.env._("Select at least two answers to merge."))
        if not self._is_manager():
            raise AccessError(self.env._("Only a sales manager merges answers."))
        self.check_access("write")
        kept = self.sorted(
            lambda a: (a.state == "published", a.used_as_is_count, a.use_count, -a.id),
            reverse=True,
        )[0]
        others = self - kept
        # sudo: the counters are system fields; the caller is a manager who may write both
        # the kept answer and the merged ones (checked above)
        kept.sudo().write(
            {field: sum(self.mapped(field)) for field in sorted(COUNTERS)}
            | {
                "tag_ids": [fields.Command.link(tag.id) for tag in others.tag_ids],
                "product_tmpl_ids": [
                    fields.Command.link(product.id) for product in others.product_tmpl_ids
                ],
            }
        )
        others.action_archive()
        kept.message_post(
            body=self.env._(
                "Merged with: %(names)s", names=", ".join(others.mapped("display_name"))
            )
        )
        return kept.get_formview_action()

    # ------------------------------------------------------------------ suggestions

    @api.model
    def _suggest(self, text, lang=None, limit=3):
        """The published answers whose question is most like ``text``, best first: the
        answers in ``lang`` before the others, each lifted a little by its past uses
        (sent as is more than edited). Only answers the user may read."""
        self.check_access("read")
        if not (text or "").strip():
            return self.browse()
        matches = self._suggestion_index().search(text, limit=max(limit * 4, 12))
        found = self.browse([match.key for match in matches]).exists()._filtered_access("read")
        found = found.filtered(lambda a: a.state == "published" and a.active)
        scores = {match.key: match.score for match in matches}
        base = _base_lang(lang)

        def rank(answer):
            boost = answer_search.use_boost(answer.used_as_is_count, answer.edited_count)
            return (_base_lang(answer.lang) == base, scores[answer.id] * boost)

        return found.sorted(rank, reverse=True)[:limit]

    @api.model
    def _suggestion_index(self):
        """The published questions of the user's companies, indexed once per worker for
        as long as no question, language, state or company changes."""
        # sudo: only the last change and the number of answers, to know the index is current
        ((stamp, count),) = (
            self.sudo()
            .with_context(active_test=False)
            ._read_group([], aggregates=["search_stamp:max", "__count"])
        )
        return self._suggestion_index_cached(tuple(sorted(self.env.companies.ids)), stamp, count)

    @tools.ormcache("company_ids", "stamp", "count")
    def _suggestion_index_cached(self, company_ids, stamp, count):
        # sudo: the published questions of the companies of the key; the same for every user
        # who may read answers (checked by _suggest), whose results are filtered again by
        # the user's rules
        rows = (
            self.sudo()
            .with_context(active_test=True)
            .search_read(
                [
                    ("state", "=", "published"),
                    ("company_id", "in", [*company_ids, False]),
                ],
                ["question"],
            )
        )
        return answer_search.AnswerIndex((row["id"], row["question"]) for row in rows)

    def _personalised(self, first_name):
        """The answer's text for one person: "{name}" becomes their first name."""
        self.ensure_one()
        return (self.answer or "").replace("{name}", first_name or "").strip()


def _base_lang(code):
    return (code or "").replace("-", "_").split("_")[0].lower()
