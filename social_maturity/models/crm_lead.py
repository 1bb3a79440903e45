from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    smi_assessment_ids = fields.One2many(
        "social.maturity.assessment", "lead_id", string="Maturity assessments"
    )
    smi_assessment_count = fields.Integer(compute="_compute_smi_assessment_count")

    @api.depends("smi_assessment_ids")
    def _compute_smi_assessment_count(self):
        counts = dict(
            self.env["social.maturity.assessment"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        )
        for lead in self:
            lead.smi_assessment_count = counts.get(lead, 0)

    def action_view_smi_assessments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "social_maturity.action_social_maturity_assessment_history"
        )
        action["domain"] = [("lead_id", "=", self.id)]
        return action

    def action_assess_social_maturity(self):
        self.ensure_one()
        return self.env["social.maturity.assessment"]._action_start_for(
            partner=self.partner_id, email=self.email_from, lead=self
        )

    def action_send_social_maturity_survey(self):
        self.ensure_one()
        return self.env["social.maturity.assessment"]._action_invite(self.partner_id, lead=self)
