import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_interest_claim_reply_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "Take the card from the team's pool, right on the board",
            trigger:
                ".o_kanban_record:contains('Pool Author') button[name='action_claim']",
            run: "click",
        },
        {
            content: "The card is mine: no more 'Take it'",
            trigger:
                ".o_kanban_record:contains('Pool Author'):not(:has(button[name='action_claim']))",
        },
        {
            content: "Open the card",
            trigger: ".o_kanban_record:contains('Pool Author') .o_social_interest_body",
            run: "click",
        },
        {
            content: "The team's style guide is on the card",
            trigger:
                ".o_form_view .o_social_interest_style_guide:contains('Sign with your first name')",
        },
        {
            content: "Answer with a canned reply",
            trigger: ".o_form_view button[name='action_canned_reply']",
            run: "click",
        },
        {
            content: "Look for the English thank-you",
            trigger: ".modal .o_field_widget[name='template_id'] input",
            run: "edit Thank you for your interest",
        },
        {
            content: "Pick it",
            trigger:
                ".o-autocomplete--dropdown-item:contains('Thank you for your interest (EN)')",
            run: "click",
        },
        {
            content: "The reply is shown as text to adapt or copy",
            trigger: ".modal .o_field_widget[name='reply_text'] textarea",
        },
        {
            content: "Send it by e-mail: the composer opens with the canned reply",
            trigger: ".modal button[name='action_send_by_email']",
            run: "click",
        },
        {
            content: "The canned reply is in the body, with the author's name",
            trigger:
                ".modal .o_field_html:contains('Thank you for your interest'):contains('Pool Author')",
        },
        {
            content: "Send",
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            content: "Answered by e-mail: the card is processed",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Processed')",
        },
    ],
});

registry.category("web_tour.tours").add("social_interest_overdue_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "The overdue card stands out on the board",
            trigger:
                ".o_kanban_record:contains('Late Author') .o_social_interest_overdue",
        },
        {
            content: "A card on time is not highlighted",
            trigger:
                ".o_kanban_record:contains('Early Author'):not(:has(.o_social_interest_overdue))",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "The overdue row is red in the list",
            trigger: ".o_list_view .o_data_row.text-danger:contains('Late Author')",
        },
        {
            content: "The card on time is not",
            trigger:
                ".o_list_view .o_data_row:not(.text-danger):contains('Early Author')",
        },
    ],
});
