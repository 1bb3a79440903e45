from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _social_digest_sections(self, date_from, date_to):
        sections = super()._social_digest_sections(date_from, date_to)
        # sudo: the company's own partner and its latest assessment, for its managers
        quadrant = self.sudo().partner_id.smi_quadrant
        if quadrant:
            labels = dict(
                self.env["res.partner"]._fields["smi_quadrant"]._description_selection(self.env)
            )
            sections.append(
                {
                    "title": self.env._("Social Maturity Index"),
                    "lines": [
                        self.env._(
                            "Our quadrant: %(quadrant)s", quadrant=labels.get(quadrant, quadrant)
                        )
                    ],
                }
            )
        return sections
