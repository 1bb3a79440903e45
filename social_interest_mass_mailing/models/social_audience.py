import ast
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Audiences refreshed per scheduled run; the runner calls again while work remains.
AUDIENCE_CRON_BATCH = 5


class SocialAudience(models.Model):
    """A saved filter on contacts that keeps a mailing list current.

    Built from the contact list (engagement segment, platform of an identity, a keyword
    rule's matches, a maturity quadrant, any filter) with "Add to mailing list"; refreshed
    by a scheduled action: new matches join the list, contacts who no longer match leave it
    if they were put there by the audience. Nobody who opted out of the list is added back.
    """

    _name = "social.audience"
    _description = "Social audience"
    _order = "name, id"

    name = fields.Char(required=True, translate=False)
    active = fields.Boolean(default=True)
    mailing_list_id = fields.Many2one(
        "mailing.list", string="Mailing list", required=True, ondelete="cascade", index=True
    )
    domain = fields.Char(
        string="Contacts",
        default="[]",
        required=True,
        help="The filter on contacts the list follows.",
    )
    auto_refresh = fields.Boolean(
        string="Keep current",
        default=True,
        help="Refreshed every day by a scheduled action.",
    )
    remove_unmatched = fields.Boolean(
        string="Remove who no longer matches",
        default=True,
        help="Contacts the audience put on the list leave it when they no longer match; "
        "contacts added by hand stay.",
    )
    member_ids = fields.Many2many(
        "mailing.contact",
        string="Added by this audience",
        copy=False,
        readonly=True,
    )
    last_refresh = fields.Datetime(readonly=True, copy=False)
    last_refresh_note = fields.Char(string="Last refresh", readonly=True, copy=False)
    match_count = fields.Integer(compute="_compute_match_count", string="Matching contacts")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    @api.constrains("domain")
    def _check_domain(self):
        for audience in self:
            try:
                self.env["res.partner"].search_count(audience._partner_domain(), limit=1)
            except (ValueError, SyntaxError, KeyError, TypeError) as error:
                raise ValidationError(
                    self.env._("The filter of %(name)s is not valid.", name=audience.name)
                ) from error

    @api.depends("domain")
    def _compute_match_count(self):
        for audience in self:
            try:
                audience.match_count = self.env["res.partner"].search_count(
                    audience._partner_domain()
                )
            except (ValueError, SyntaxError, KeyError, TypeError):
                audience.match_count = 0

    def _partner_domain(self):
        self.ensure_one()
        domain = ast.literal_eval(self.domain or "[]")
        if not isinstance(domain, list):
            raise ValueError(self.domain)
        return domain

    # ------------------------------------------------------------------ actions

    def action_refresh(self):
        """Bring the lists up to date now."""
        for audience in self:
            audience._refresh()
        return True

    def action_view_contacts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.name,
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": self._partner_domain(),
        }

    def action_view_list(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mailing.list",
            "res_id": self.mailing_list_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ refresh

    def _refresh(self):
        """Add the matching contacts to the list, remove the ones it added that no longer
        match (unless they opted out: their opt-out is kept), and say what changed."""
        self.ensure_one()
        partners = self.env["res.partner"].search(self._partner_domain())
        mailing_list = self.mailing_list_id
        contacts, added = self._add_to_list(mailing_list, partners)
        removed = self.env["mailing.contact"]
        if self.remove_unmatched:
            leaving = self.env["mailing.subscription"].search(
                [
                    ("list_id", "=", mailing_list.id),
                    ("contact_id", "in", (self.member_ids - contacts).ids),
                    ("opt_out", "=", False),
                ]
            )
            removed = leaving.contact_id
            leaving.unlink()
        self.write(
            {
                "member_ids": [fields.Command.set(((self.member_ids - removed) | added).ids)],
                "last_refresh": fields.Datetime.now(),
                "last_refresh_note": self.env._(
                    "%(added)s added, %(removed)s removed, %(skipped)s without e-mail",
                    added=len(added),
                    removed=len(removed),
                    skipped=len(partners.filtered(lambda p: not p.email_normalized)),
                ),
            }
        )
        return added, removed

    @api.model
    def _add_to_list(self, mailing_list, partners):
        """Subscribe ``partners`` with an address to ``mailing_list`` (one mailing contact
        per address, reused or created; a subscription already there, opted out or not,
        is left as it is). Returns (their mailing contacts, the ones newly subscribed)."""
        contacts = self._mailing_contacts(partners)
        on_list = (
            self.env["mailing.subscription"]
            .search([("list_id", "=", mailing_list.id), ("contact_id", "in", contacts.ids)])
            .contact_id
        )
        added = contacts - on_list
        self.env["mailing.subscription"].create(
            [{"list_id": mailing_list.id, "contact_id": contact.id} for contact in added]
        )
        return contacts, added

    @api.model
    def _mailing_contacts(self, partners):
        """The mailing contacts of ``partners`` (one per e-mail address), created as needed."""
        Contact = self.env["mailing.contact"]
        by_email = {}
        for partner in partners.filtered("email_normalized"):
            by_email.setdefault(partner.email_normalized, partner)
        if not by_email:
            return Contact
        existing = Contact.search([("email_normalized", "in", list(by_email))], order="id")
        found = {}
        for contact in existing:
            found.setdefault(contact.email_normalized, contact)
        missing = [email for email in by_email if email not in found]
        created = Contact.create(
            [
                {
                    "name": by_email[email].name,
                    "email": by_email[email].email,
                    "company_name": by_email[email].commercial_company_name or False,
                    "country_id": by_email[email].country_id.id,
                }
                for email in missing
            ]
        )
        return Contact.browse([c.id for c in found.values()]) | created

    @api.model
    def _cron_refresh(self):
        """Scheduled action: refresh the audiences kept current, oldest first, a few per
        transaction."""
        # not refreshed in the last 20 hours: the runner's next call finds the rest
        stale = fields.Datetime.now() - timedelta(hours=20)
        audiences = self.search(
            [
                ("auto_refresh", "=", True),
                "|",
                ("last_refresh", "=", False),
                ("last_refresh", "<", stale),
            ],
            order="last_refresh asc nulls first, id",
        )
        batch = audiences[:AUDIENCE_CRON_BATCH]
        for audience in batch:
            audience._refresh()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(audiences) - len(batch))
        return len(batch)
