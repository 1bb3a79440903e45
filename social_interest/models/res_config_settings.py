from odoo import api, fields, models

DEFAULT_ALIAS_XMLID = "social_interest.mail_alias_social_interest"


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------------ mail gateway
    social_interest_alias_prefix = fields.Char(
        string="Default alias for social interest",
        help="Every e-mail sent to this address becomes an interest card (each source may "
        "have its own alias too). Leave empty to turn the default alias off.",
    )
    social_interest_alias_domain_id = fields.Many2one(
        "mail.alias.domain", string="Social interest alias domain"
    )
    social_interest_photo_download = fields.Boolean(
        string="Download authors' photos",
        config_parameter="social_interest.photo_download",
        help="Fetch the author's photo named in a notification (http(s), public hosts, small "
        "images, a few seconds at most; a failure never holds the e-mail).",
    )

    social_interest_trusted_mail_servers = fields.Char(
        string="Trusted receiving servers",
        config_parameter="social_interest.trusted_mail_servers",
        help="The authserv-ids (comma separated, e.g. mx.google.com) of the mail servers "
        "that receive your notifications and write Authentication-Results: their results "
        "tell whether a notification really comes from its platform. Empty: each "
        "notification's own DKIM signature is checked.",
    )

    social_interest_spamd = fields.Char(
        string="SpamAssassin (spamd)",
        config_parameter="social_interest.spamd",
        help="host:port of a SpamAssassin spamd that scores the e-mails your receiving server "
        "did not judge spam (e.g. 127.0.0.1:783). Empty: only the receiving server's verdict "
        "counts.",
    )

    # ------------------------------------------------------------------ executive digest
    social_digest_user_ids = fields.Many2many(
        related="company_id.social_digest_user_ids", readonly=False
    )
    social_digest_days = fields.Integer(related="company_id.social_digest_days", readonly=False)

    @api.model
    def get_values(self):
        values = super().get_values()
        alias = self.env.ref(DEFAULT_ALIAS_XMLID, raise_if_not_found=False)
        values.update(
            social_interest_alias_prefix=alias.alias_name if alias else False,
            social_interest_alias_domain_id=alias.alias_domain_id.id if alias else False,
        )
        return values

    def set_values(self):
        result = super().set_values()
        prefix = self.social_interest_alias_prefix or False
        domain = self.social_interest_alias_domain_id or self.env.company.alias_domain_id
        alias = self.env.ref(DEFAULT_ALIAS_XMLID, raise_if_not_found=False)
        # sudo: mail.alias is written by administrators only; settings are theirs
        if not alias and prefix:
            alias = (
                self.env["mail.alias"]
                .sudo()
                .create(
                    {
                        "alias_contact": "everyone",
                        "alias_domain_id": domain.id,
                        "alias_model_id": self.env["ir.model"]._get_id("social.interest"),
                        "alias_name": prefix,
                    }
                )
            )
            # sudo: the default alias's XML id, so that it is found again; settings are
            # administrators'
            self.env["ir.model.data"].sudo().create(
                {
                    "name": DEFAULT_ALIAS_XMLID.split(".")[1],
                    "module": "social_interest",
                    "model": "mail.alias",
                    "noupdate": True,
                    "res_id": alias.id,
                }
            )
        elif alias and ((alias.alias_name or False) != prefix or alias.alias_domain_id != domain):
            # sudo: mail.alias is written by administrators only; settings are theirs
            alias.sudo().write({"alias_name": prefix, "alias_domain_id": domain.id})
        return result
