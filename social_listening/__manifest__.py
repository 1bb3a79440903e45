{
    "name": "Social Listening",
    "summary": "Hear what public networks say about you and turn it into interest cards",
    "version": "18.0.1.4.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest"],
    # beyond Odoo 18's own requirements (see CONTRIBUTING.md); social_interest brings the rest
    "external_dependencies": {"python": ["feedparser"]},
    "data": [
        "security/social_listening_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/social_mention_views.xml",
        "views/social_listening_connector_views.xml",
        "views/social_listening_rule_views.xml",
        "views/social_interest_views.xml",
        "views/res_partner_views.xml",
        "views/social_playbook_views.xml",
        "views/social_incident_views.xml",
        "wizard/social_interest_reply_views.xml",
        "wizard/social_incident_close_views.xml",
        "views/social_listening_menus.xml",
    ],
    "demo": [
        "demo/social_listening_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "social_listening/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": False,
}
