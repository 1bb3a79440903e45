from odoo import api, fields, models
from odoo.exceptions import UserError

from .social_maturity_quadrant import QUADRANT_SELECTION


class ResPartner(models.Model):
    _inherit = "res.partner"

    smi_assessment_count = fields.Integer(
        compute="_compute_smi_assessment", string="Maturity assessments"
    )
    smi_quadrant = fields.Selection(
        QUADRANT_SELECTION,
        compute="_compute_smi_assessment",
        search="_search_smi_quadrant",
        string="Social maturity",
        help="Quadrant of the latest assessment of the contact's company.",
    )

    @api.depends_context("uid")
    def _compute_smi_assessment(self):
        Assessment = self.env["social.maturity.assessment"]
        companies = self.commercial_partner_id
        counts = dict(
            Assessment._read_group(
                [("commercial_partner_id", "in", companies.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        latest = {}
        for assessment in Assessment.search(
            [("commercial_partner_id", "in", companies.ids)], order="date desc, id desc"
        ):
            latest.setdefault(assessment.commercial_partner_id, assessment.quadrant)
        for partner in self:
            company = partner.commercial_partner_id
            partner.smi_assessment_count = counts.get(company, 0)
            partner.smi_quadrant = latest.get(company, False)

    def _search_smi_quadrant(self, operator, value):
        """Contacts whose company's latest assessment is in the quadrant(s) ``value``
        (``False``: never assessed) — for filters and audiences."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Operation not supported on the maturity quadrant."))
        wanted = set(value) if isinstance(value, list | tuple | set) else {value}
        latest = {}
        for assessment in self.env["social.maturity.assessment"].search_fetch(
            [("commercial_partner_id", "!=", False)],
            ["commercial_partner_id", "quadrant"],
            order="date desc, id desc",
        ):
            latest.setdefault(assessment.commercial_partner_id.id, assessment.quadrant)
        matching = [pid for pid, quadrant in latest.items() if quadrant in wanted]
        domain = [("commercial_partner_id", "in", matching)]
        if False in wanted:
            domain = ["|", ("commercial_partner_id", "not in", list(latest)), *domain]
        if operator in ("!=", "not in"):
            domain = ["!", *domain]
        return domain

    def action_view_smi_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_maturity.action_social_maturity_assessment_history"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_assess_social_maturity(self):
        """Answer the index now for this contact (an interview): opens the survey."""
        self.ensure_one()
        return self.env["social.maturity.assessment"]._action_start_for(partner=self)

    def action_send_social_maturity_survey(self):
        """Send the index to this contact by e-mail (Odoo's survey invitation)."""
        self.ensure_one()
        return self.env["social.maturity.assessment"]._action_invite(self)
