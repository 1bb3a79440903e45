{
    "name": "Social Interest - Email Marketing",
    "summary": "Audiences from social engagement kept current in mailing lists; mailing "
    "clicks as interest",
    "version": "18.0.1.1.0",
    "category": "Marketing/Email Marketing",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest_link_tracker", "mass_mailing"],
    "data": [
        "security/ir.model.access.csv",
        "security/social_audience_security.xml",
        "data/ir_cron_data.xml",
        "views/social_audience_views.xml",
        "wizard/social_audience_add_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "social_interest_mass_mailing/static/tests/tours/**/*",
        ],
    },
    "installable": True,
    "auto_install": True,
}
