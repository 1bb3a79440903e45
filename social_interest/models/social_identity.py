from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import email_normalize

from ..lib.identity import (
    identity_key,
    normalize_handle,
    normalize_profile_url,
    profile_url_fragment,
)
from ..lib.selection import PLATFORM_SELECTION
from ..lib.urls import safe_http_url
from ..parsing.text import is_full_name


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
    channel_status = fields.Selection(
        [("following", "Follows the account"), ("blocked", "Unfollowed / blocked")],
        string="Messaging status",
        readonly=True,
        help="On a messaging channel (LINE), whether the person follows the company's account "
        "or blocked it: a blocked person receives no message.",
    )
    channel_status_date = fields.Datetime(string="Status since", readonly=True)
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
    def _ingest_authors(self, vals_list):
        """Set ``identity_id`` and ``partner_id`` of the cards the one road in is making
        (``vals_list``, see ``social.interest._ingest``), unless the road decided them.

        One matcher for every road: the known accounts (platform + handle) of the batch are
        found in one query; the others one by one by :meth:`_match_for_ingestion`. A card
        whose sender could not be verified is never linked to a known person."""
        todo = [
            vals
            for vals in vals_list
            if "identity_id" not in vals and vals.get("sender_check") != "unverified"
        ]
        for vals in todo:  # the card's company: the road's, else the default one
            vals.setdefault("company_id", self.env.company.id)
        known = self._find_by_handles(
            [(v.get("platform"), v.get("author_handle"), v.get("company_id")) for v in todo]
        )
        # the people seen for the first time are made together, after the loop
        new_people = []
        for vals, identity in zip(todo, known, strict=True):
            identity = identity or self._match_for_ingestion(
                platform=vals.get("platform") or "other",
                name=vals.get("author_name") or "",
                handle=vals.get("author_handle") or "",
                profile_url=vals.get("author_url") or "",
                email=vals.get("author_email") or "",
                phone=vals.get("author_phone") or "",
                company=self.env["res.company"].browse(vals.get("company_id") or []),
                new_people=new_people,
                handle_searched=True,
            )
            if identity is not None:
                self._ingest_link(vals, identity)
            else:  # a new person, made with the others below
                new_people[-1]["vals"] = vals
        for person, identity in zip(new_people, self._create_people(new_people), strict=True):
            self._ingest_link(person["vals"], identity)
        for vals in vals_list:
            if vals.get("sender_check") == "unverified":
                # a notification that may be forged names whoever its author chose: its
                # author stays text on the card, never a known person
                vals.setdefault("identity_id", False)
                vals.setdefault("partner_id", False)

    @api.model
    def _ingest_link(self, vals, identity):
        """The card's identity and, unless the road decided it, its contact."""
        vals["identity_id"] = identity.id
        if "partner_id" not in vals:
            partner = identity.partner_id._social_of_company(vals.get("company_id"))
            if not identity and vals.get("author_email"):
                partner = self._partner_for_ingestion(
                    vals.get("author_name"), vals["author_email"], vals.get("author_phone")
                )
            vals["partner_id"] = partner.id

    @api.model
    def _record_channel_status(self, events, company_id):
        """Note what people did to the company's messaging account (``events``: dicts of
        ``platform``, ``handle``, ``status`` — following / blocked — and ``when``, a naive
        UTC datetime): on their identity, made if new; the latest event wins, an older one
        changes nothing. No card: following is no question."""
        keys = [(e["platform"], e["handle"], company_id) for e in events]
        known = self._find_by_handles(keys)
        for event, identity in zip(events, known, strict=True):
            if not identity:
                identity = self._create_people(
                    [
                        {
                            "platform": event["platform"],
                            "name": "",
                            "handle": event["handle"],
                            "profile_url": "",
                            "url_key": "",
                            "email": "",
                            "phone": "",
                            "company": self.env["res.company"].browse(company_id),
                        }
                    ]  # fmt: skip
                )[0]
            if identity.channel_status_date and identity.channel_status_date > event["when"]:
                continue
            identity.write(
                {"channel_status": event["status"], "channel_status_date": event["when"]}
            )

    @api.model
    def _find_by_handles(self, keys):
        """The identity of each ``(platform, handle, company id)``: of that company, else
        shared by every company (archived ones too: a second identity for the same handle
        would break the unique key); an empty recordset where there is none. One query."""
        normalised = [
            (identity_key(platform, handle), company_id) for platform, handle, company_id in keys
        ]
        wanted = [key for key, _company in normalised if key]
        if not wanted:
            return [self.browse() for _key in keys]
        identities = self.with_context(active_test=False).search(
            [
                ("platform", "in", list({platform for platform, _h in wanted})),
                ("handle", "in", list({handle for _p, handle in wanted})),
                ("company_id", "in", [*{c for _k, c in normalised if c}, False]),
            ]
        )
        by_key = {(i.platform, i.handle, i.company_id.id): i for i in identities}
        return [
            by_key.get((*key, company_id or False)) or by_key.get((*key, False)) or self.browse()
            if key
            else self.browse()
            for key, company_id in normalised
        ]

    @api.model
    def _match_for_ingestion(
        self,
        platform,
        name="",
        handle="",
        profile_url="",
        email="",
        phone="",
        company=None,
        new_people=None,
        handle_searched=False,
    ):
        """The identity of an author seen by ingestion, created if new; its partner set.

        Matched on this platform, among the identities of ``company`` and the shared ones,
        by handle, then profile URL, then normalised e-mail (then, when none is known, by
        exact name among identities that have none). A new person gets an identity, and a
        partner when an e-mail or a full name is known. Partners are never duplicated: an
        e-mail finds its partner, a name alone reuses the one partner of that exact name
        (several namesakes: none is guessed).

        :param new_people: a list: a person seen for the first time is not made here but
            added to it (with ``vals``, the card's values, when given) and None is
            returned; :meth:`_create_people` makes them all in one batch
        :param handle_searched: the caller already looked for this handle on this platform
            and company (:meth:`_find_by_handles`) and found nobody: with no profile URL
            nor e-mail to look for either, nothing is searched again
        """
        company = company or self.env.company
        handle = normalize_handle(handle, platform)
        url_key = normalize_profile_url(profile_url)
        email = email_normalize(email or "") or ""
        if handle_searched and handle and not url_key and not email:
            identity = self.browse()  # the handle was the only key, and it is nobody's
        else:
            identity = self._match_known(platform, company, handle, url_key, email, name)
        if not identity and not (handle or url_key or email or name.strip()):
            return self.browse()
        if not identity:
            person = {"platform": platform, "name": name.strip(), "handle": handle,
                      "profile_url": profile_url, "url_key": url_key, "email": email,
                      "phone": phone, "company": company}  # fmt: skip
            if new_people is None:
                return self._create_people([person])[0]
            new_people.append(person)
            return None
        partner = identity.partner_id._social_of_company(company.id)
        partner = partner or self._partner_for_ingestion(name, email, phone)
        suggested = self.env["res.partner"]
        if not partner and not identity.suggested_partner_id:
            suggested = self._namesake(name)
        identity._complete_from_ingestion(partner, suggested, profile_url, url_key, email)
        return identity

    @api.model
    def _create_people(self, people):
        """The identities of people seen for the first time (dicts of
        :meth:`_match_for_ingestion`), made in one batch with their new contacts: one
        identity per account (platform + handle, else e-mail, else profile URL, else name,
        and company), one contact per e-mail or per full name nobody has yet."""
        partners = self._people_partners(people)
        by_key, vals_list, keys = {}, [], []
        for person, (partner, suggested) in zip(people, partners, strict=True):
            key = (
                person["platform"],
                person["handle"] or person["email"] or person["url_key"] or person["name"],
                person["company"].id,
            )
            keys.append(key)
            if key in by_key:
                continue
            by_key[key] = len(vals_list)
            vals_list.append(
                {
                    "name": person["name"] or person["handle"] or person["email"],
                    "platform": person["platform"],
                    "handle": person["handle"] or False,
                    "profile_url": person["profile_url"] or False,
                    "email": person["email"] or False,
                    "partner_id": partner.id,
                    "suggested_partner_id": suggested.id,
                    "company_id": person["company"].id,
                }
            )
        created = self.create(vals_list) if vals_list else self.browse()
        identities = [created[by_key[key]] for key in keys]
        return identities

    @api.model
    def _people_partners(self, people):
        """``(contact, suggested contact)`` of each new person, on strong evidence only
        (see :meth:`_partner_for_ingestion`): the contacts of their e-mails and the
        namesakes of their names found in two queries, the missing contacts made in one."""
        Partner = self.env["res.partner"]
        emails = {p["email"] for p in people if p["email"]}
        by_email = {
            partner.email_normalized: partner
            for partner in Partner.search([("email_normalized", "in", list(emails))])
        } if emails else {}  # fmt: skip
        names = {p["name"] for p in people if not p["email"] and is_full_name(p["name"])}
        namesakes = {}
        for partner in Partner.search([("name", "in", list(names))]) if names else Partner:
            namesakes.setdefault(partner.name, Partner)
            namesakes[partner.name] |= partner
        planned, decisions = {}, []
        for person in people:
            key, suggested = None, Partner
            partner = by_email.get(person["email"], Partner) if person["email"] else Partner
            if person["email"] and not partner:
                key = ("email", person["email"])
                planned.setdefault(key, {"name": person["name"] or person["email"],
                                         "email": person["email"],
                                         "phone": person["phone"] or False})  # fmt: skip
            elif not person["email"]:
                partner = self._partner_of_phone(person["phone"])
                name = person["name"]
                if not partner and name in names:
                    if name in namesakes or ("name", name) in planned:
                        # a namesake is only a suggestion for a person to confirm
                        found = namesakes.get(name, Partner)
                        suggested = found if len(found) == 1 else Partner
                    else:
                        key = ("name", name)
                        planned[key] = {"name": name, "phone": person["phone"] or False}
            decisions.append((partner, key, suggested))
        made = dict(zip(planned, self._create_partners(list(planned.values())), strict=True))
        return [(partner or made.get(key, Partner), sug) for partner, key, sug in decisions]

    @api.model
    def _create_partners(self, vals_list):
        # the card and its chatter say where the person came from: no "Contact created" note
        # and no follower on each new contact (a third of the cost of a card's mail)
        Partner = self.env["res.partner"].with_context(
            mail_create_nolog=True, mail_create_nosubscribe=True
        )
        if not vals_list:
            return Partner
        # the defaults of a new contact, worked out once for the batch rather than once per
        # contact (Odoo asks each installed app, some with a query: account's invoice report)
        defaults = Partner._add_missing_default_values({})
        return Partner.create([{**defaults, **vals} for vals in vals_list])

    @api.model
    def _match_known(self, platform, company, handle, url_key, email, name):
        """The known identity of these keys (one query, the most precise key wins), else
        the one identity of that exact name and no other key (review sites)."""
        identities = self.with_context(active_test=False)
        place = [("platform", "=", platform), ("company_id", "in", [company.id, False])]
        keys = []
        if handle:
            keys.append(lambda i: normalize_handle(i.handle, platform) == handle)
        if url_key:
            keys.append(lambda i: normalize_profile_url(i.profile_url) == url_key)
        if email:
            keys.append(lambda i: i.email == email)
        if keys:
            clauses = [
                [("handle", "in", [handle, "@" + handle])] if handle else [],
                [("profile_url", "ilike", profile_url_fragment(url_key))] if url_key else [],
                [("email", "=", email)] if email else [],
            ]
            candidates = identities.search(
                expression.AND([place, expression.OR([c for c in clauses if c])]), limit=50
            )
            return next(
                (found[:1] for key in keys if (found := candidates.filtered(key))), self.browse()
            )
        if not name.strip():
            return self.browse()
        return identities.search(
            [
                *place,
                ("name", "=", name.strip()),
                ("handle", "=", False),
                ("profile_url", "=", False),
                ("email", "=", False),
            ],
            limit=1,
        )

    def _complete_from_ingestion(self, partner, suggested, profile_url, url_key, email):
        """Fill what the identity did not know yet (never overwrite)."""
        self.ensure_one()
        updates = {}
        if partner and not self.partner_id:
            updates["partner_id"] = partner.id
        if suggested:
            updates["suggested_partner_id"] = suggested.id
        if url_key and not self.profile_url:
            updates["profile_url"] = profile_url
        if email and not self.email:
            updates["email"] = email
        if updates:
            self.write(updates)

    @api.model
    def _partner_for_ingestion(self, name, email, phone=""):
        """The partner of a person seen by ingestion, on strong evidence only: the contact of
        that e-mail (or phone), else a new contact; a name alone never links to an existing
        contact (see :meth:`_namesake`), but a full name nobody has yet makes a new one.
        The decision of :meth:`_people_partners`, for one person."""
        person = {
            "name": (name or "").strip(),
            "email": email_normalize(email or "") or "",
            "phone": phone or "",
        }
        return self._people_partners([person])[0][0]

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
