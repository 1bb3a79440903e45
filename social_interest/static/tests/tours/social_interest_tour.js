import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_interest_reply_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "The board shows every state column",
            trigger: ".o_kanban_group:contains('Processed')",
        },
        {
            content: "Open the card (the author's markup is shown as text)",
            trigger: ".o_kanban_record:contains('Tour Author <b>bold</b>')",
            run: "click",
        },
        {
            content: "Reply on the platform",
            trigger: ".o_form_view button[name='action_reply']",
            run: "click",
        },
        {
            content: "The Reply button is now grey and says who replied",
            trigger: ".o_form_view .o_social_interest_replied:disabled",
        },
        {
            content: "Replied by the rep",
            trigger: ".o_form_view .alert:contains('Tour Rep')",
        },
        {
            content: "Mark processed",
            trigger: ".o_form_view button[name='action_mark_processed']",
            run: "click",
        },
        {
            content: "The card is processed",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Processed')",
        },
    ],
});
