{
    "name": "Social Interest - Website",
    "summary": "Website visits of known contacts as interest, one card per person and day",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest", "website"],
    "data": [
        "data/social_interest_source_data.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/social_interest_website_demo.xml",
    ],
    "installable": True,
    "auto_install": True,
}
