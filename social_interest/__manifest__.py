{
    "name": "Social Interest",
    "summary": "Every like, comment, review, question and DM as a card on leads and contacts",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["crm", "contacts", "mail", "utm", "product", "resource"],
    "data": [
        "security/social_interest_security.xml",
        "security/ir.model.access.csv",
        "views/social_interest_views.xml",
        "views/social_interest_source_views.xml",
        "views/social_identity_views.xml",
        "views/social_interest_menus.xml",
    ],
    "demo": [
        "demo/social_interest_demo.xml",
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
