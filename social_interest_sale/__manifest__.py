{
    "name": "Social Interest - Sales",
    "summary": "What the customer is worth: orders beside the conversation, quotations from "
    "a card, community ROI",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest", "sale"],
    "data": [
        "security/ir.model.access.csv",
        "security/social_interest_sale_report_security.xml",
        "data/ir_cron_data.xml",
        "views/social_interest_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "report/social_interest_sale_report_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "social_interest_sale/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
