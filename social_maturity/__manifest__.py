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
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": False,
}
