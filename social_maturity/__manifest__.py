{
    "name": "Social Maturity Index",
    "summary": "Measure how socially mature a company is with an Odoo survey",
    "version": "18.0.1.0.0",
    "category": "Marketing/Surveys",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["survey", "contacts", "crm"],
    "data": [
        "security/social_maturity_security.xml",
        "security/ir.model.access.csv",
        "data/social_maturity_quadrant_data.xml",
        "data/survey_social_maturity_index.xml",
        "report/social_maturity_reports.xml",
        "views/social_maturity_assessment_views.xml",
        "views/survey_question_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "views/social_maturity_menus.xml",
    ],
    "demo": [
        "demo/survey_user_input_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "social_maturity/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
