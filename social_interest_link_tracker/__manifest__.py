{
    "name": "Social Interest - Link Tracker",
    "summary": "Links in replies tracked with the channel's UTM; a known person's clicks "
    "become interest",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest", "link_tracker"],
    "data": [
        "data/social_interest_source_data.xml",
        "data/ir_cron_data.xml",
    ],
    "installable": True,
    "auto_install": True,
}
