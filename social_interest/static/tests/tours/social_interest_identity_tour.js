import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_interest_identity_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "Open the card of the commenter with a known name",
            trigger:
                ".o_kanban_record:contains('Jane Namesake') .o_social_interest_body",
            run: "click",
        },
        {
            content:
                "The card suggests the contact of the same name, without linking it",
            trigger: ".o_form_view .alert-info:contains('Same name as the contact')",
        },
        {
            content: "It is the same person: link",
            trigger: ".o_form_view button[name='action_confirm_identity_partner']",
            run: "click",
        },
        {
            content: "The card now belongs to the contact",
            trigger:
                ".o_form_view .o_field_widget[name='partner_id'] input:value('Jane Namesake')",
        },
    ],
});

registry.category("web_tour.tours").add("social_interest_contact_merge_tour", {
    url: "/odoo/contacts",
    steps: () => [
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select the person's first record",
            trigger:
                ".o_data_row:contains('merge@a.example') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "and the second one",
            trigger:
                ".o_data_row:contains('merge@b.example') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Merge",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Merge')",
            run: "click",
        },
        {
            content: "The wizard lists both",
            trigger:
                ".modal .o_field_widget[name='partner_ids'] .o_data_row:contains('merge@b.example')",
        },
        {
            content: "Merge the contacts",
            trigger: ".modal button[name='action_merge']",
            run: "click",
        },
        {
            content: "Merged: nothing left to merge",
            trigger: ".modal footer button:contains('Close')",
            run: "click",
        },
    ],
});
