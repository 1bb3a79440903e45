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
