import {registry} from "@web/core/registry";

// From the chat's card, the operator answers the visitor in the conversation's chat window.
registry.category("web_tour.tours").add("social_interest_livechat_answer_tour", {
    steps: () => [
        {
            content: "The chat is a card, still new",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('New')",
        },
        {
            content: "Open the messaging menu",
            trigger: ".o_menu_systray i[aria-label='Messages']",
            run: "click",
        },
        {
            content: "Open the visitor's conversation",
            trigger: ".o-mail-NotificationItem:contains('Visitor')",
            run: "click",
        },
        {
            content: "The visitor's question is in the conversation",
            trigger:
                ".o-mail-ChatWindow .o-mail-Message:contains('Do you sell the blue kettle?')",
        },
        {
            content: "Write the answer",
            trigger: ".o-mail-ChatWindow .o-mail-Composer-input",
            run: "edit Yes, 12 are in stock.",
        },
        {
            content: "Send it",
            trigger: ".o-mail-ChatWindow .o-mail-Composer-input",
            run: "press Enter",
        },
        {
            content: "The answer is posted (no longer pending)",
            trigger:
                ".o-mail-ChatWindow .o-mail-Message:contains('Yes, 12 are in stock.') .o-mail-Message-content:not(.opacity-50)",
        },
    ],
});

// The chat's card: the visitor's words, processed by the operator's answer.
registry.category("web_tour.tours").add("social_interest_livechat_card_tour", {
    steps: () => [
        {
            content: "The card holds the visitor's words",
            trigger:
                ".o_form_view .o_field_widget[name='body']:contains('blue kettle')",
        },
        {
            content: "It is processed",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Processed')",
        },
        {
            content: "Replied by the operator",
            trigger:
                ".o_form_view .o_field_widget[name='reply_user_id']:contains('Chat Operator')",
        },
    ],
});
