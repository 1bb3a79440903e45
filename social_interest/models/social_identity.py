from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import email_normalize

from ..lib.identity import normalize_handle, normalize_profile_url, profile_url_fragment
from ..lib.urls import safe_http_url
from ..parsing.text import is_full_name
from .selection import PLATFORM_SELECTION


class SocialIdentity(models.Model):
    """One person on one platform, linked to the partner that is the customer record."""

    _name = "social.identity"
    _description = "Social Identity"
    _order = "name, id"
    _rec_names_search = ["name", "handle", "profile_url"]

    name = fields.Char(required=True, index="trigram")
    platform = fields.Selection(PLATFORM_SELECTION, required=True, index=True)
    handle = fields.Char(
        index=True, help="The account name on the platform, e.g. @acme, without the @."
    )
    profile_url = fields.Char(string="Profile URL", index=True)
    profile_link = fields.Char(compute="_compute_profile_link", string="Profile link")
    email = fields.Char(index=True)
    image_128 = fields.Image("Photo", max_width=128, max_height=128)
    followers = fields.Integer(help="Shown for context only: it never reorders the queue.")
    partner_id = fields.Many2one("res.partner", string="Contact", index=True, ondelete="set null")
    suggested_partner_id = fields.Many2one(
        "res.partner",
        string="Suggested contact",
        ondelete="set null",
        help="The one contact with this person's exact name: a name alone is no proof, a "
        "person confirms the link (or dismisses it).",
    )
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    interest_ids = fields.One2many("social.interest", "identity_id", string="Interest")
    interest_count = fields.Integer(compute="_compute_interest_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "platform_handle_uniq",
            "unique(platform, handle, company_id)",
            "This handle already has an identity on this platform.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("handle"):
                vals["handle"] = normalize_handle(vals["handle"], vals.get("platform"))
        return super().create(vals_list)

    def write(self, vals):
        before = (
            {identity: identity.partner_id for identity in self} if "partner_id" in vals else {}
        )
        if vals.get("handle") or (vals.get("platform") and any(self.mapped("handle"))):
            # one account, one identity: the handle is kept in its matching form, which
            # depends on the platform
            for identity in self:
                handle = vals.get("handle") or identity.handle
                platform = vals.get("platform") or identity.platform
                super(SocialIdentity, identity).write(
                    {**vals, "handle": normalize_handle(handle, platform) or False}
                )
            result = True
        else:
            result = super().write(vals)
        for identity, partner in before.items():
            if identity.partner_id and identity.partner_id != partner:
                identity._relink_to_partner(partner)
        return result

    @api.depends("profile_url")
    def _compute_profile_link(self):
        for identity in self:
            identity.profile_link = safe_http_url(identity.profile_url)

    def _compute_interest_count(self):
        counts = dict(
            self.env["social.interest"]._read_group(
                [("identity_id", "in", self.ids)], ["identity_id"], ["__count"]
            )
        )
        for identity in self:
            identity.interest_count = counts.get(identity, 0)

    def action_view_interest(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_interest.action_social_interest"
        )
        action["domain"] = [("identity_id", "=", self.id)]
        action["context"] = {"default_identity_id": self.id}
        return action

    # ------------------------------------------------------------------ ingestion

    @api.model
    def _match_for_ingestion(
        self, platform, name="", handle="", profile_url="", email="", phone=""
    ):
        """The identity of an author seen by ingestion, created if new; its partner set.

        Matched on this platform by handle, then profile URL, then normalised e-mail (then,
        when none is known, by exact name among identities that have none). A new person gets
        an identity, and a partner when an e-mail or a full name is known. Partners are never
        duplicated: an e-mail finds its partner, a name alone reuses the one partner of that
        exact name (several namesakes: none is guessed).
        """
        handle = normalize_handle(handle, platform)
        url_key = normalize_profile_url(profile_url)
        email = email_normalize(email or "") or ""
        identities = self.with_context(active_test=False)
        identity = self.browse()
        keys = []
        if handle:
            keys.append(lambda i: normalize_handle(i.handle, platform) == handle)
        if url_key:
            keys.append(lambda i: normalize_profile_url(i.profile_url) == url_key)
        if email:
            keys.append(lambda i: i.email == email)
        if keys:
            # one query for the three keys, then the most precise one wins
            clauses = [
                [("handle", "in", [handle, "@" + handle])] if handle else [],
                [("profile_url", "ilike", profile_url_fragment(url_key))] if url_key else [],
                [("email", "=", email)] if email else [],
            ]
            candidates = identities.search(
                expression.AND(
                    [[("platform", "=", platform)], expression.OR([c for c in clauses if c])]
                ),
                limit=50,
            )
            for key in keys:
                identity = candidates.filtered(key)[:1]
                if identity:
                    break
        if not identity and not (handle or url_key or email):
            # a name is all we have (review sites): the one identity of that name here
            if not name.strip():
                return self.browse()
            identity = identities.search(
                [
                    ("platform", "=", platform),
                    ("name", "=", name.strip()),
                    ("handle", "=", False),
                    ("profile_url", "=", False),
                    ("email", "=", False),
                ],
                limit=1,
            )
        partner = identity.partner_id or self._partner_for_ingestion(name, email, phone)
        suggested = self.env["res.partner"]
        if not partner and not identity.suggested_partner_id:
            suggested = self._namesake(name)
        if identity:
            updates = {}
            if partner and not identity.partner_id:
                updates["partner_id"] = partner.id
            if suggested:
                updates["suggested_partner_id"] = suggested.id
            if url_key and not identity.profile_url:
                updates["profile_url"] = profile_url
            if email and not identity.email:
                updates["email"] = email
            if updates:
                identity.write(updates)
            return identity
        return self.create(
            {
                "name": name.strip() or handle or email,
                "platform": platform,
                "handle": handle or False,
                "profile_url": profile_url or False,
                "email": email or False,
                "partner_id": partner.id,
                "suggested_partner_id": suggested.id,
            }
        )

    @api.model
    def _partner_for_ingestion(self, name, email, phone=""):
        """The partner of a person seen by ingestion, on strong evidence only: the contact of
        that e-mail (or phone), else a new contact; a name alone never links to an existing
        contact (see :meth:`_namesake`), but a full name nobody has yet makes a new one."""
        # the card and its chatter say where the person came from: no "Contact created" note
        # and no follower on each new contact (a third of the cost of a card's mail)
        Partner = self.env["res.partner"]
        create = Partner.with_context(mail_create_nolog=True, mail_create_nosubscribe=True).create
        email = email_normalize(email or "") or ""
        if email:
            partner = Partner.search([("email_normalized", "=", email)], limit=1)
            if partner:
                return partner
            return create({"name": name or email, "email": email, "phone": phone or False})
        by_phone = self._partner_of_phone(phone)
        if by_phone:
            return by_phone
        if not is_full_name(name):
            return Partner
        if Partner.search_count([("name", "=", name.strip())], limit=1):
            return Partner  # a namesake is only a suggestion for a person to confirm
        return create({"name": name.strip(), "phone": phone or False})

    @api.model
    def _partner_of_phone(self, phone):
        """The one contact with this phone number (compared in E.164), if exactly one."""
        Partner = self.env["res.partner"]
        if not phone or "phone_sanitized" not in Partner._fields:
            return Partner
        try:
            number = Partner._phone_format(number=phone, force_format="E164")
        except Exception:
            return Partner
        if not number:
            return Partner
        partners = Partner.search([("phone_sanitized", "=", number)], limit=2)
        return partners if len(partners) == 1 else Partner

    @api.model
    def _namesake(self, name):
        """The one contact with exactly this full name, to suggest (never to link)."""
        Partner = self.env["res.partner"]
        if not is_full_name(name):
            return Partner
        namesakes = Partner.search([("name", "=", name.strip())], limit=2)
        return namesakes if len(namesakes) == 1 else Partner

    # ------------------------------------------------------------------ linking

    def _relink_to_partner(self, old_partner):
        """Linked to a contact: the person's earlier cards (on no contact, or the one it had)
        follow, and the contact's leads pick up the cards they should be credited to."""
        self.ensure_one()
        cards = self.env["social.interest"].search(
            [("identity_id", "=", self.id), ("partner_id", "in", [False, old_partner.id])]
        )
        # sudo: the cards of this identity, which the user just linked; a salesman may not
        # see all of them (another team's), yet they are the same person's
        cards.sudo().write({"partner_id": self.partner_id.id})
        self.suggested_partner_id = False
        leads = self.env["crm.lead"].sudo().search([("partner_id", "=", self.partner_id.id)])
        leads._link_earlier_interest()

    def action_confirm_partner(self):
        """A person confirms the suggested contact: the identity is linked to it."""
        for identity in self.filtered("suggested_partner_id"):
            identity.partner_id = identity.suggested_partner_id
        return True

    def action_dismiss_partner(self):
        self.suggested_partner_id = False
        return True

    def action_merge(self):
        """Merge the selected identities of one platform into one: the one with a contact
        (else the oldest) keeps the others' cards (and mentions) and fills its empty
        fields from them; the others are deleted."""
        if len(self) < 2:
            raise UserError(self.env._("Select at least two identities to merge."))
        if len(set(self.mapped("platform"))) > 1:
            raise UserError(self.env._("Only identities of the same platform are merged."))
        if len(self.partner_id) > 1:
            raise UserError(
                self.env._(
                    "These identities belong to different contacts: merge the contacts first."
                )
            )
        target = (self.filtered("partner_id") or self).sorted("id")[:1]
        others = self - target
        values = {}
        for name in ("email", "profile_url", "handle", "image_128", "suggested_partner_id"):
            if not target[name]:
                value = next((o[name] for o in others if o[name]), False)
                if value:
                    values[name] = value.id if hasattr(value, "_name") else value
        values["followers"] = max(self.mapped("followers"))
        others._merge_into(target)
        handle = values.pop("handle", False)
        others.unlink()
        if handle:
            values["handle"] = handle
        target.write(values)
        return target.get_formview_action()

    def _merge_into(self, target):
        """Move what points at these identities to ``target`` (the listening addon adds its
        mentions)."""
        # sudo: the cards of the merged identities (a salesman may not see them all)
        self.env["social.interest"].sudo().search([("identity_id", "in", self.ids)]).write(
            {"identity_id": target.id}
        )
