from odoo import fields, models


def _lang_get(self):
    return self.env["res.lang"].get_installed()


class SocialPlaybookStatement(models.Model):
    """A holding statement: what to publish or send while the team investigates."""

    _name = "social.playbook.statement"
    _description = "Playbook Holding Statement"
    _order = "playbook_id, lang, id"

    playbook_id = fields.Many2one("social.playbook", required=True, index=True, ondelete="cascade")
    name = fields.Char(required=True, help="Where it goes, e.g. 'Public reply' or 'Press'.")
    lang = fields.Selection(_lang_get, string="Language", default=lambda self: self.env.lang)
    body = fields.Text(string="Statement", required=True)
