import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_listening_line_tour", {
    steps: () => [
        {
            content: "The LINE message is on its card",
            trigger:
                ".o_form_view .o_field_widget[name='body']:contains('Is the Ergo Chair available in green?')",
        },
        {
            content: "Reply in the channel",
            trigger: ".o_form_view button[name='action_reply']",
            run: "click",
        },
        {
            content: "The LINE composer says the free reply will be used",
            trigger:
                ".modal .o_field_widget[name='channel_notice']:contains('reply (free)')",
        },
        {
            content: "LINE counts up to 5,000",
            trigger: ".modal .o_field_widget[name='char_limit']:contains('5,000')",
        },
        {
            content: "Write the answer",
            trigger: ".modal .o_field_widget[name='text'] textarea",
            run: "edit Yes, the Ergo Chair comes in green from Monday.",
        },
        {
            content: "Send it",
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "The card is Replied, from LINE's answer",
            trigger: ".o_form_view .o_social_interest_replied:contains('Replied')",
        },
        {
            content: "The reply's proof is on the card",
            trigger: ".o_form_view .o_notebook a:contains('Reply')",
            run: "click",
        },
        {
            content: "LINE's message id is the proof",
            trigger:
                ".o_form_view .o_field_widget[name='reply_external_id']:contains('461230966842064001')",
        },
    ],
});
