"""Who may do what on every model our addons define, declared once and checked as each user.

``MATRIX`` says, for every model of our addons, which operations each kind of user may do
(``r`` read, ``w`` write, ``c`` create, ``u`` unlink). ``RECORDS`` says, for the models whose
records belong to a team or a company, whether a user sees a record of another team of their
company and a record of another company. A model our addons define that is in neither list
fails the test: new models fail it until they declare their rules.

Users: a portal user; a salesman who sees his own documents; a salesman who sees all
documents; a sales manager (all three of company A); a salesman of company B.
"""

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

OUR_ADDONS = (
    "social_interest",
    "social_listening",
    "social_maturity",
    "social_interest_link_tracker",
    "social_interest_mass_mailing",
    "social_interest_website",
    "social_interest_timesheet",
    "social_interest_livechat",
    "social_interest_sale",
)
OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}
USERS = ("portal", "salesman", "salesman_all", "manager", "other_company")


def _same(access, manager=None, salesman_all=None):
    """The usual shape: the portal user gets nothing, every salesman ``access``."""
    return {
        "portal": "",
        "salesman": access,
        "salesman_all": access if salesman_all is None else salesman_all,
        "manager": access if manager is None else manager,
        "other_company": access,
    }


NOTHING = _same("", manager="")
# model -> user -> operations allowed by the access rights (ir.model.access)
MATRIX = {
    "social.interest": _same("rwc", manager="rwcu"),
    "social.interest.source": _same("r", manager="rwcu"),
    "social.interest.source.cost": _same("r", manager="rwcu"),
    "social.identity": _same("rwc", manager="rwcu"),
    "social.interest.parse.rule": _same("r", manager="rwcu"),
    "social.interest.parse.rule.timeout": _same("r", manager="ru"),
    "social.interest.work": _same("r", manager="rwcu"),
    # the server's record of an open card form (time on cards): only the code reads it
    "social.interest.visit": NOTHING,
    "social.interest.report": _same("r"),
    # the community ROI: revenue aggregates, for sales managers only
    "social.interest.sale.report": _same("", manager="r"),
    # the knowledge base: reps read it and save drafts (record rules: their own drafts only)
    "social.interest.answer": _same("rwc", manager="rwcu"),
    "social.interest.answer.tag": _same("r", manager="rwcu"),
    "social.listening.connector": _same("r", manager="rwcu"),
    "social.listening.rule": _same("r", manager="rwcu"),
    "social.mention": _same("rw", manager="rwcu"),
    # webhook deliveries are the system's: administrators only
    "social.listening.delivery": NOTHING,
    "social.interest.reply.attempt": _same("r", manager="ru"),
    "social.playbook": _same("r", manager="rwcu"),
    "social.playbook.statement": _same("r", manager="rwcu"),
    "social.playbook.step": _same("r", manager="rwcu"),
    "social.incident": _same("rw", manager="rwcu"),
    "social.maturity.assessment": _same("r", manager="rwcu"),
    "social.maturity.quadrant": _same("r", manager="rw"),
    # audiences are e-mail marketing's: mailing users only, none of the sales groups
    "social.audience": NOTHING,
}
# transient wizards: each works on records the user may already reach
WIZARDS = {
    "social.interest.attach.lead": _same("rwcu"),
    "social.interest.escalate": _same("rwc"),
    "social.interest.canned.reply": _same("rwc"),
    "social.interest.parse.rule.test": _same("", manager="rwcu"),
    "social.interest.reply": _same("rwc"),
    "social.incident.close": _same("rwc"),
    "social.maturity.start": _same("rwc"),
    "social.audience.add": NOTHING,
}
MATRIX.update(WIZARDS)

ALL = {"salesman_all", "manager"}
# model -> (users who see a record of another team of their company,
#           users who see a record of another company)
RECORDS = {
    "social.interest": (ALL, set()),
    "social.interest (light card)": (ALL, set()),
    "social.interest.source": (ALL | {"salesman", "other_company"}, set()),
    "social.interest.source.cost": (ALL | {"salesman", "other_company"}, set()),
    "social.identity": (ALL, set()),
    "social.interest.work": (ALL, set()),
    "social.interest.report": (ALL, set()),
    # revenue aggregates of the company, for its sales managers
    "social.interest.sale.report": ({"manager"}, set()),
    "social.interest.answer": (ALL | {"salesman", "other_company"}, set()),
    "social.listening.connector": (ALL, set()),
    "social.listening.rule": (ALL | {"salesman", "other_company"}, set()),
    "social.mention": (ALL, set()),
    "social.interest.reply.attempt": (ALL, set()),
    "social.playbook": (ALL | {"salesman", "other_company"}, set()),
    "social.playbook.statement": (ALL | {"salesman", "other_company"}, set()),
    "social.playbook.step": (ALL | {"salesman", "other_company"}, set()),
    "social.incident": (ALL | {"salesman", "other_company"}, set()),
    "social.maturity.assessment": (ALL, set()),
}
# connector fields only administrators (base.group_system) may read
CREDENTIAL_FIELDS = (
    "api_key",
    "api_secret",
    "access_token",
    "login",
    "app_password",
    "session_data",
    "webhook_secret",
    "verify_token",
    "cursor",
)


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Matrix company B"})
        cls.users = cls._make_users()
        cls.records = {
            "a": cls._make_records(cls.company_a),
            "b": cls._make_records(cls.company_b),
        }
        # the analysis is a materialized view: refreshed once both companies' cards exist
        cls.env.flush_all()
        Report = cls.env["social.interest.report"]
        Report._refresh()
        for records in cls.records.values():
            records["social.interest.report"] = Report.search(
                [("source_id", "=", records["social.interest.source"].id),
                 ("action_type", "=", "question")]
            )  # fmt: skip
        if "social.interest.sale.report" in cls.env:  # the sales bridge's community ROI
            Roi = cls.env["social.interest.sale.report"]
            Roi._refresh()
            for records in cls.records.values():
                records[Roi._name] = Roi.search(
                    [("source_id", "=", records["social.interest.source"].id)]
                )

    @classmethod
    def _make_users(cls):
        a, b = cls.company_a, cls.company_b

        def user(login, groups, company):
            return new_test_user(cls.env, login=login, groups=groups, company_id=company.id)

        users = {
            "portal": user("matrix_portal", "base.group_portal", a),
            "salesman": user("matrix_own", "sales_team.group_sale_salesman", a),
            "salesman_all": user("matrix_all", "sales_team.group_sale_salesman_all_leads", a),
            "manager": user("matrix_manager", "sales_team.group_sale_manager", a),
            "other_company": user("matrix_other", "sales_team.group_sale_salesman", b),
        }
        Team = cls.env["crm.team"]
        for key, company in (("salesman", a), ("salesman_all", a), ("manager", a),
                             ("other_company", b)):  # fmt: skip
            Team.create(
                {"name": f"Matrix own team {key}", "company_id": company.id,
                 "member_ids": [fields.Command.link(users[key].id)]}
            )  # fmt: skip
        cls.colleague = user("matrix_colleague", "sales_team.group_sale_salesman", a)
        cls.colleague.company_ids |= b
        return users

    @classmethod
    def _make_records(cls, company):
        """One record of each model, in ``company``, of a team none of our users is in."""
        env = cls.env(context=dict(cls.env.context, allowed_company_ids=company.ids))
        key = company.id
        team = env["crm.team"].create({"name": f"Matrix other team {key}",
                                       "company_id": company.id})  # fmt: skip
        source = env["social.interest.source"].create(
            {"name": f"Matrix source {key}", "platform": "facebook", "company_id": company.id,
             "team_id": team.id}
        )  # fmt: skip
        identity = env["social.identity"].create(
            {"name": "Matrix person", "platform": "x", "handle": f"matrix_{key}",
             "company_id": company.id}
        )  # fmt: skip
        partner = env["res.partner"].create(
            {"name": f"Matrix customer {key}", "email": f"matrix{key}@example.com",
             "company_id": company.id}
        )  # fmt: skip
        card = env["social.interest"].create(
            {"source_id": source.id, "team_id": team.id, "company_id": company.id,
             "identity_id": identity.id, "body": "Matrix card", "action_type": "question"}
        )  # fmt: skip
        light = env["social.interest"]._social_record_hits(
            [(source, partner, "click", fields.Datetime.now(), "https://example.com/matrix", None)]
        )
        connector = env["social.listening.connector"].create(
            {"name": f"Matrix feed {key}", "kind": "rss", "company_id": company.id,
             "endpoint_url": "https://feeds.example.com/matrix", "team_id": team.id}
        )  # fmt: skip
        playbook = env["social.playbook"].create(
            {"name": f"Matrix playbook {key}", "company_id": company.id}
        )
        survey = env.ref("social_maturity.survey_social_maturity_index")
        lead = env["crm.lead"].create(
            {"name": f"Matrix lead {key}", "team_id": team.id, "company_id": company.id,
             "partner_id": partner.id, "user_id": False}
        )  # fmt: skip
        return {
            "social.interest": card,
            "social.interest (light card)": light,
            "social.interest.source": source,
            "social.interest.source.cost": env["social.interest.source.cost"].create(
                {"source_id": source.id, "date_from": fields.Date.today()}
            ),
            "social.identity": identity,
            "social.interest.answer": env["social.interest.answer"].create(
                {
                    "question": "Matrix question",
                    "answer": "Matrix answer",
                    "company_id": company.id,
                    "author_id": cls.colleague.id,
                }
            ),
            "social.interest.work": env["social.interest.work"].create(
                {"interest_id": card.id, "user_id": cls.colleague.id}
            ),
            "social.listening.connector": connector,
            "social.listening.rule": env["social.listening.rule"].create(
                {"name": f"Matrix rule {key}", "any_terms": "matrix", "company_id": company.id}
            ),
            "social.mention": env["social.mention"].create(
                {
                    "connector_id": connector.id,
                    "external_id": f"matrix-{key}",
                    "platform": "rss",
                    "body": "Matrix mention",
                    "team_id": team.id,
                    "posted_at": fields.Datetime.now(),
                    "company_id": company.id,
                }
            ),  # fmt: skip
            "social.interest.reply.attempt": env["social.interest.reply.attempt"].create(
                {
                    "interest_id": card.id,
                    "key": f"matrix-{key}",
                    "text": "Our answer",
                    "user_id": cls.colleague.id,
                }
            ),  # fmt: skip
            "social.playbook": playbook,
            "social.playbook.statement": env["social.playbook.statement"].create(
                {"playbook_id": playbook.id, "name": "Public reply", "body": "We are on it."}
            ),
            "social.playbook.step": env["social.playbook.step"].create(
                {"playbook_id": playbook.id, "name": "Call the press office"}
            ),
            "social.incident": env["social.incident"].create(
                {"name": f"Matrix incident {key}", "company_id": company.id}
            ),
            "social.maturity.assessment": env["social.maturity.assessment"].create(
                {
                    "survey_id": survey.id,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "quadrant": "observer",
                    "lead_id": lead.id,
                }
            ),  # fmt: skip
        }

    def _our_models(self):
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.model"), ("module", "in", OUR_ADDONS)]
        )
        names = self.env["ir.model"].browse(data.mapped("res_id")).exists().mapped("model")
        # defined by our addons, not Odoo's models that they extend; abstract mixins hold
        # no records (their fields and rules live on the models that inherit them)
        return sorted(
            {name for name in names if name in self.env
             and self.env[name]._original_module in OUR_ADDONS
             and not self.env[name]._abstract}
        )  # fmt: skip

    def test_every_model_of_our_addons_declares_who_may_do_what(self):
        undeclared = [model for model in self._our_models() if model not in MATRIX]
        self.assertFalse(
            undeclared,
            "Declare in tests/test_access_matrix.py who may read, write, create and delete "
            "(MATRIX) and, for records of a team or a company, who sees them (RECORDS): "
            + ", ".join(undeclared),
        )

    def test_every_model_with_team_or_company_records_declares_who_sees_them(self):
        undeclared = []
        for model in self._our_models():
            Model = self.env[model]
            if Model._transient or model in RECORDS:
                continue
            if any(name in Model._fields for name in ("team_id", "company_id")) and any(
                MATRIX.get(model, {}).values()
            ):
                undeclared.append(model)
        self.assertFalse(undeclared, "Declare in RECORDS who sees: " + ", ".join(undeclared))

    def test_each_user_may_do_on_each_model_what_the_matrix_says(self):
        wrong = []
        for model, by_user in sorted(MATRIX.items()):
            if model not in self.env:
                continue
            for key, allowed in by_user.items():
                Model = self.env[model].with_user(self.users[key])
                for letter, operation in OPERATIONS.items():
                    expected = letter in allowed
                    if Model.has_access(operation) != expected:
                        wrong.append(
                            f"{model}: {key} {'may' if not expected else 'may not'} {operation}"
                        )
        self.assertFalse(wrong, "\n".join(wrong))

    def test_each_user_sees_other_teams_and_companies_records_as_the_matrix_says(self):
        wrong = []
        for model, (other_team, other_company) in sorted(RECORDS.items()):
            for key, user in self.users.items():
                if "r" not in MATRIX[model.split(" ")[0]][key]:
                    continue
                own, other = ("b", "a") if key == "other_company" else ("a", "b")
                for where, expected in (
                    (own, key in other_team), (other, key in other_company)
                ):  # fmt: skip
                    record = self.records[where][model]
                    if not record:
                        wrong.append(f"{model}: no record to check in company {where}")
                        continue
                    as_user = record.with_env(self.env(user=user, context={}))
                    seen = bool(as_user._filtered_access("read"))
                    if seen != expected:
                        label = "another team's" if where == own else "another company's"
                        wrong.append(
                            f"{model}: {key} {'sees' if seen else 'does not see'} {label} " "record"
                        )
        self.assertFalse(wrong, "\n".join(wrong))

    def test_only_administrators_read_a_connector_s_credentials(self):
        connector = self.records["a"]["social.listening.connector"]
        Connector = self.env["social.listening.connector"]
        credentials = [name for name in CREDENTIAL_FIELDS if name in Connector._fields]
        self.assertTrue(credentials, "the connector's credential fields are not where expected")
        self.assertEqual(credentials, list(CREDENTIAL_FIELDS))
        for key in ("salesman", "salesman_all", "manager"):
            readable = connector.with_user(self.users[key]).fields_get(credentials)
            self.assertFalse(readable, f"{key} can read {sorted(readable)}")
        admin = self.env.ref("base.user_admin")
        self.assertEqual(sorted(connector.with_user(admin).fields_get(credentials)),
                         sorted(credentials))  # fmt: skip
