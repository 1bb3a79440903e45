from odoo import api, fields, models
from odoo.exceptions import UserError

from ..lib.matrix import render_matrix
from ..lib.scoring import Question, axis_scores, parse_threshold, quadrant
from .social_maturity_quadrant import QUADRANT_SELECTION

PARAM_INVESTMENT = "social_maturity.investment_threshold"
PARAM_INNOVATION = "social_maturity.innovation_threshold"


class SocialMaturityAssessment(models.Model):
    """The Social Maturity Index of one company at one date, from one survey answer."""

    _name = "social.maturity.assessment"
    _description = "Social Maturity Assessment"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Contact", index=True, tracking=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Assessed company",
    )
    lead_id = fields.Many2one("crm.lead", string="Lead", index=True)
    survey_id = fields.Many2one("survey.survey", required=True, ondelete="restrict")
    user_input_id = fields.Many2one("survey.user_input", string="Answer", ondelete="set null")
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    investment_score = fields.Float(aggregator="avg", digits=(5, 1))
    innovation_score = fields.Float(aggregator="avg", digits=(5, 1))
    investment_threshold = fields.Float(digits=(5, 1))
    innovation_threshold = fields.Float(digits=(5, 1))
    quadrant = fields.Selection(
        QUADRANT_SELECTION,
        required=True,
        index=True,
        tracking=True,
        group_expand="_group_expand_quadrants",
    )
    quadrant_id = fields.Many2one(
        "social.maturity.quadrant", compute="_compute_quadrant_id", store=True, string="Category"
    )
    recommendation = fields.Text(related="quadrant_id.recommendation")
    matrix_svg = fields.Html(compute="_compute_matrix_svg", sanitize=False, string="Matrix")
    previous_id = fields.Many2one(
        "social.maturity.assessment", compute="_compute_trend", string="Previous assessment"
    )
    investment_trend = fields.Float(compute="_compute_trend", digits=(5, 1))
    innovation_trend = fields.Float(compute="_compute_trend", digits=(5, 1))
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company, index=True)
    color = fields.Integer(related="quadrant_id.color")

    @api.depends("partner_id", "date")
    def _compute_name(self):
        for assessment in self:
            assessment.name = self.env._(
                "Social maturity of %(who)s",
                who=assessment.partner_id.display_name or self.env._("an anonymous answer"),
            )

    def _group_expand_quadrants(self, quadrants, domain):
        return [key for key, _label in QUADRANT_SELECTION]

    @api.depends("quadrant")
    def _compute_quadrant_id(self):
        quadrants = self.env["social.maturity.quadrant"].search([])
        by_code = {q.code: q for q in quadrants}
        for assessment in self:
            assessment.quadrant_id = by_code.get(assessment.quadrant, False)

    @api.depends("partner_id", "date", "investment_score", "innovation_score")
    def _compute_trend(self):
        for assessment in self:
            previous = self.browse()
            if assessment.partner_id and assessment.date:
                previous = self.search(
                    [
                        ("partner_id", "=", assessment.partner_id.id),
                        ("date", "<", assessment.date),
                        ("id", "!=", assessment.id or 0),
                    ],
                    order="date desc, id desc",
                    limit=1,
                )
            assessment.previous_id = previous
            assessment.investment_trend = (
                assessment.investment_score - previous.investment_score if previous else 0.0
            )
            assessment.innovation_trend = (
                assessment.innovation_score - previous.innovation_score if previous else 0.0
            )

    @api.depends("investment_score", "innovation_score", "quadrant", "partner_id")
    def _compute_matrix_svg(self):
        labels = self._matrix_labels()
        for assessment in self:
            assessment.matrix_svg = render_matrix(
                [
                    (
                        assessment.partner_id.display_name or "",
                        assessment.investment_score,
                        assessment.innovation_score,
                        True,
                    )
                ],
                labels,
                assessment.investment_threshold or 50.0,
                assessment.innovation_threshold or 50.0,
            )

    # ------------------------------------------------------------------ scoring

    @api.model
    def _thresholds(self):
        # sudo: reads two settings values (the thresholds), nothing else
        params = self.env["ir.config_parameter"].sudo()
        return (
            parse_threshold(params.get_param(PARAM_INVESTMENT)),
            parse_threshold(params.get_param(PARAM_INNOVATION)),
        )

    @api.model
    def _score_user_input(self, user_input, current_points=False):
        """Scores of a completed answer against the questions it was given: with the points
        its answers had when given, or (``current_points``) the points they have today."""
        questions = {
            question.id: Question(
                axis=question.smi_axis,
                question_type=question.question_type,
                answer_scores=tuple(question.suggested_answer_ids.mapped("answer_score")),
            )
            for question in user_input.predefined_question_ids
            if question.smi_axis in ("investment", "innovation")
        }
        obtained = {}
        for line in user_input.user_input_line_ids:
            if line.question_id.id in questions:
                points = line.answer_score
                if current_points and line.suggested_answer_id:
                    points = line.suggested_answer_id.answer_score
                obtained[line.question_id.id] = obtained.get(line.question_id.id, 0.0) + (
                    points or 0.0
                )
        return axis_scores(questions, obtained)

    @api.model
    def _create_from_user_inputs(self, user_inputs):
        """One assessment per completed answer of a survey that has maturity questions."""
        inv_threshold, inn_threshold = self._thresholds()
        vals_list = []
        for user_input in user_inputs.filtered(lambda answer: not answer.smi_assessment_ids):
            if not any(
                q.smi_axis in ("investment", "innovation")
                for q in user_input.predefined_question_ids
            ):
                continue
            scores = self._score_user_input(user_input)
            vals_list.append(
                {
                    "partner_id": (user_input.partner_id or user_input.smi_lead_id.partner_id).id,
                    "lead_id": user_input.smi_lead_id.id,
                    "survey_id": user_input.survey_id.id,
                    "user_input_id": user_input.id,
                    "date": user_input.end_datetime or fields.Datetime.now(),
                    **self._scored(scores, inv_threshold, inn_threshold),
                    "company_id": (user_input.partner_id.company_id or self.env.company).id,
                }
            )
        return self.create(vals_list)

    # ------------------------------------------------------------------ views helpers

    @api.model
    def _matrix_labels(self):
        labels = dict(self._fields["quadrant"]._description_selection(self.env))
        labels["investment"] = self.env._("Investment")
        labels["innovation"] = self.env._("Innovation")
        return labels

    @api.model
    def _latest_per_partner(self, assessments):
        latest = {}
        for assessment in assessments.sorted(lambda a: (a.date, a.id)):
            latest[assessment.partner_id.id or -assessment.id] = assessment
        return self.browse([a.id for a in latest.values()])

    def _matrix_of_all_svg(self):
        """One matrix with the latest assessment of every company of ``self``."""
        latest = self._latest_per_partner(self)
        inv_threshold, inn_threshold = self._thresholds()
        return render_matrix(
            [
                (a.partner_id.display_name or "", a.investment_score, a.innovation_score, False)
                for a in latest
            ],
            self._matrix_labels(),
            inv_threshold,
            inn_threshold,
        )

    def action_score_again(self):
        """Score the answers again with the survey's points and the thresholds of today (after
        an admin changed them)."""
        inv_threshold, inn_threshold = self._thresholds()
        for assessment in self.filtered("user_input_id"):
            scores = self._score_user_input(assessment.user_input_id, current_points=True)
            assessment.write(self._scored(scores, inv_threshold, inn_threshold))
        return True

    @api.model
    def _scored(self, scores, inv_threshold, inn_threshold):
        """An assessment's score fields from its axis scores and the thresholds."""
        return {
            "investment_score": scores["investment"],
            "innovation_score": scores["innovation"],
            "investment_threshold": inv_threshold,
            "innovation_threshold": inn_threshold,
            "quadrant": quadrant(
                scores["investment"], scores["innovation"], inv_threshold, inn_threshold
            ),
        }

    def action_open_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "survey.user_input",
            "res_id": self.user_input_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ starting an assessment

    @api.model
    def _index_survey(self):
        survey = self.env.ref(
            "social_maturity.survey_social_maturity_index", raise_if_not_found=False
        )
        if not survey or not survey.active:
            raise UserError(self.env._("The Social Maturity Index survey is missing or closed."))
        return survey

    @api.model
    def _action_start_for(self, partner=None, email=None, lead=None, survey=None):
        """Create an answer for the assessed contact and open the survey to fill it in; with
        several maturity surveys, the user picks one first."""
        if survey is None:
            surveys = self.env["survey.survey"].search(
                [("smi_survey", "=", True), ("active", "=", True)]
            )
            if len(surveys) > 1:
                return {
                    "type": "ir.actions.act_window",
                    "name": self.env._("Assess with"),
                    "res_model": "social.maturity.start",
                    "view_mode": "form",
                    "views": [(False, "form")],
                    "target": "new",
                    "context": {
                        "default_partner_id": partner.id if partner else False,
                        "default_email": email or False,
                        "default_lead_id": lead.id if lead else False,
                    },
                }
            survey = surveys or self._index_survey()
        values = {"smi_lead_id": lead.id} if lead else {}
        answer = survey._create_answer(
            partner=partner or False,
            email=(not partner and email) or False,
            check_attempts=False,
            **values,
        )
        return {
            "type": "ir.actions.act_url",
            "url": answer.get_start_url(),
            "target": "new",
        }

    @api.model
    def _action_invite(self, partner, lead=None):
        survey = self._index_survey()
        action = survey.action_send_survey()
        context = dict(action["context"])
        if partner:
            context["default_partner_ids"] = partner.ids
        if lead:
            # survey.user_input has smi_lead_id: the invitation's answers point to the lead
            context["default_smi_lead_id"] = lead.id
        action["context"] = context
        return action

    @api.model
    def _action_matrix_report(self, records):
        """The matrix of the selected assessments, or of every assessment when none is."""
        assessments = records or self.search([])
        return self.env.ref("social_maturity.action_report_social_maturity_matrix").report_action(
            assessments
        )
