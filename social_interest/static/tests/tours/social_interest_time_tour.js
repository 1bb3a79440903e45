import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_interest_time_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "Open the card",
            trigger:
                ".o_kanban_record:contains('Timed Author') .o_social_interest_body",
            run: "click",
        },
        {
            content: "Read it for a moment",
            trigger:
                ".o_form_view .o_field_widget[name='author_name'] input:value('Timed Author')",
            run: () => new Promise((resolve) => setTimeout(resolve, 1600)),
        },
        {
            content: "Back to the board",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li:first-child a",
            run: "click",
        },
        {
            content: "The board is back",
            trigger: ".o_kanban_view .o_kanban_record:contains('Timed Author')",
        },
        {
            content: "The time was sent",
            trigger: "body",
            run: () => new Promise((resolve) => setTimeout(resolve, 800)),
        },
    ],
});
