{
    "name": "Social Interest - Live Chat",
    "summary": "A visitor's live chat conversation as an interest card, the operator's "
    "answer as its reply",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest", "im_livechat"],
    "data": [
        "data/social_interest_source_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "social_interest_livechat/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
