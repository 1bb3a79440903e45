import {registry} from "@web/core/registry";

// From the board to a posted answer in three clicks at most: Reply on the card (1),
// write, Send (2).
registry.category("web_tour.tours").add("social_interest_board_reply_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "Click 1: Reply, right on the card of the board",
            trigger:
                ".o_kanban_record:contains('Quick Author') button.o_social_interest_quick_reply",
            run: "click",
        },
        {
            content: "The composer opens, addressed to the person",
            trigger:
                ".modal .o_field_widget[name='partner_ids']:contains('Quick Author')",
        },
        {
            content: "Write the answer",
            trigger: ".modal .o_field_widget[name='body'] .odoo-editor-editable",
            run: "editor Yes, we deliver to Kyoto next week.",
        },
        {
            content: "Click 2: Send",
            trigger: ".modal .o_mail_send",
            run: "click",
        },
        {
            content: "Answered: the card leaves the open columns",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Processed')) .o_kanban_record:contains('Quick Author')",
        },
    ],
});

// The card reads as a conversation: the person's words first, the thread in time order,
// the customer beside it.
registry.category("web_tour.tours").add("social_interest_conversation_tour", {
    steps: () => [
        {
            content: "The person's words lead the card",
            trigger:
                ".o_social_interest_lead .o_social_interest_words:contains('Kyoto')",
        },
        {
            content: "Their earlier Instagram comment is in the thread",
            trigger:
                ".o_social_interest_thread .o_social_interest_entry_in:contains('Love the oak table')",
        },
        {
            content: "Our reply, with who sent it",
            trigger:
                ".o_social_interest_thread .o_social_interest_entry_out:contains('Conversation Rep'):contains('Thanks, Hana!')",
        },
        {
            content: "The internal note is not in the thread",
            trigger:
                ".o_social_interest_thread:not(:contains('Internal: VIP customer'))",
        },
        {
            content: "Beside it: the person on every platform",
            trigger:
                ".o_social_interest_customer .o_field_widget[name='person_identity_ids']:contains('hana.designs')",
        },
        {
            content: "and the previous card with its outcome (answered: processed)",
            trigger:
                ".o_social_interest_customer .o_field_widget[name='person_card_ids']:contains('Processed')",
        },
    ],
});
