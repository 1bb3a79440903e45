import {registry} from "@web/core/registry";

// From a card asking for a price: the quotation, then the answer with its link.
registry.category("web_tour.tours").add("social_interest_sale_quotation_tour", {
    steps: () => [
        {
            content: "The card asks for six desks",
            trigger:
                ".o_form_view .o_field_widget[name='body']:contains('how much for 6 desks?')",
        },
        {
            content: "Make the quotation",
            trigger: ".o_form_view button[name='action_create_quotation']",
            run: "click",
        },
        {
            content: "The quotation holds six desks",
            trigger:
                ".o_form_view .o_field_widget[name='order_line'] .o_data_row:contains('Desk'):contains('6.00')",
        },
        {
            content: "Back to its card",
            trigger: ".o_form_view button[name='action_open_interest']",
            run: "click",
        },
        {
            content: "The card is converted",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Converted')",
        },
        {
            content: "Answer with the quotation",
            trigger: ".o_form_view button[name='action_reply_with_quotation']",
            run: "click",
        },
        {
            content: "The answer carries the quotation's link",
            trigger: ".modal .o_field_html:contains('/my/orders/')",
        },
        {
            content: "Send it",
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            content: "The card shows the reply",
            trigger:
                ".o_form_view .o_field_widget[name='reply_user_id']:contains('Sale Rep')",
        },
    ],
});
