{
    "name": "Social Listening",
    "summary": "Hear what public networks say about you and turn it into interest cards",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest"],
    "data": [
        "security/ir.model.access.csv",
        "views/social_listening_menus.xml",
    ],
    "installable": True,
    "application": False,
}
