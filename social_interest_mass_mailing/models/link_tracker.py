from odoo import models


class LinkTrackerClick(models.Model):
    _inherit = "link.tracker.click"

    def _social_clicker(self):
        """A mailing's click is its recipient's: the contact itself, a lead's contact, or
        the contact with the recipient's address (a mailing list member)."""
        partner = super()._social_clicker()
        # sudo: read by the scheduler, only to know whose click it is
        trace = self.sudo().mailing_trace_id
        if partner or not trace:
            return partner
        # sudo: the scheduler finds the one contact the trace names (by id or e-mail)
        Partner = self.env["res.partner"].sudo()
        if trace.model == "res.partner":
            return Partner.browse(trace.res_id).exists()
        if trace.model and trace.res_id and trace.model in self.env:
            record = self.env[trace.model].sudo().browse(trace.res_id).exists()
            if record and "partner_id" in record._fields and record.partner_id:
                return record.partner_id
        if trace.email:
            return Partner.search([("email_normalized", "=", trace.email)], order="id", limit=1)
        return Partner
