{
    "name": "Social Interest - Timesheets",
    "summary": "Time on social interest cards recorded as timesheets",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "author": "Social CRM contributors",
    "website": "https://github.com/social-crm/social-crm",
    "license": "LGPL-3",
    "depends": ["social_interest", "hr_timesheet"],
    "data": [
        "data/project_data.xml",
        "views/social_interest_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
    "auto_install": True,
}
