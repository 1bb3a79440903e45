from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    def _social_digest_sections(self, date_from, date_to):
        sections = super()._social_digest_sections(date_from, date_to)
        # sudo: the digest names the company's connectors that alerted, for its managers
        spiking = (
            self.env["social.listening.connector"]
            .sudo()
            .search(
                [
                    ("company_id", "=", self.id),
                    ("spike_alerted_at", ">=", date_from),
                    ("spike_alerted_at", "<", date_to),
                ]
            )
        )
        if spiking:
            sections.append(
                {
                    "title": self.env._("Spikes"),
                    "lines": [
                        self.env._(
                            "%(connector)s: %(when)s (UTC)",
                            connector=connector.name,
                            when=fields.Datetime.to_string(connector.spike_alerted_at),
                        )
                        for connector in spiking
                    ],
                }
            )
        return sections
