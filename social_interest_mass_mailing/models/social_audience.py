import ast
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

# Audiences refreshed per scheduled run; the runner calls again while work remains.
AUDIENCE_CRON_BATCH = 5


class SocialAudience(models.Model):
    """A saved filter on contacts that keeps a mailing list current.

    Built from the contact list (engagement segment, platform of an identity, a keyword
    rule's matches, a maturity quadrant, any filter) with "Add to mailing list"; refreshed
    by a scheduled action: new matches join the list, contacts who no longer match leave it
    if they were put there by the audience. Nobody who opted out of the list is added back.

    The filter is always run as the audience's owner (who wrote it) and in the audience's
    company only, with their record rules: the scheduled action, which runs as the
    superuser, never reads more contacts than the owner may.
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
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
        help="The filter runs with this user's access rights; whoever rewrites the filter "
        "becomes its owner.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

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

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_owner_change(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_owner_change(vals)
        if not self.env.su and ("domain" in vals or "company_id" in vals):
            # the filter is run with its writer's rights: rewriting it makes it yours
            vals = dict(vals, user_id=self.env.uid)
        return super().write(vals)

    def _check_owner_change(self, vals):
        """Only an administrator may make someone else the owner: the filter would run with
        that user's rights."""
        owner = vals.get("user_id")
        if owner and owner != self.env.uid and not self.env.is_system():
            raise AccessError(
                self.env._("Only an administrator can give an audience to another user.")
            )

    def _partner_domain(self):
        self.ensure_one()
        domain = ast.literal_eval(self.domain or "[]")
        if not isinstance(domain, list):
            raise ValueError(self.domain)
        return domain

    # ------------------------------------------------------------------ actions

    def action_refresh(self):
        """Bring the lists up to date now, each as its owner in its company."""
        self.check_access("write")
        for audience in self:
            audience._refresh_as_owner()
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

    def _refresh_as_owner(self):
        """Refresh with the owner's access rights in the audience's company only; an archived
        owner, or one no longer in that company, leaves the audience as it is, with a note."""
        self.ensure_one()
        owner, company = self.user_id, self.company_id
        if not owner.active or company not in owner.company_ids:
            # sudo: a note on the audience, written for a refresh that is not run
            self.sudo().write(
                {
                    "last_refresh": fields.Datetime.now(),
                    "last_refresh_note": self.env._(
                        "Not refreshed: its owner %(owner)s is archived or no longer in "
                        "%(company)s; give the audience to another user.",
                        owner=owner.name,
                        company=company.name,
                    ),
                }
            )
            return self.env["mailing.contact"], self.env["mailing.contact"]
        as_owner = self.with_user(owner).with_context(allowed_company_ids=company.ids)
        return as_owner._refresh()

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
            audience._refresh_as_owner()
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=len(audiences) - len(batch))
        return len(batch)
