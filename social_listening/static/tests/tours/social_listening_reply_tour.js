import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_listening_reply_tour", {
    steps: () => [
        {
            content: "Reply",
            trigger: ".o_form_view button[name='action_reply']",
            run: "click",
        },
        {
            content: "The composer counts as the instance does",
            trigger: ".modal .o_field_widget[name='char_limit']:contains('500')",
        },
        {
            content: "Write the answer",
            trigger: ".modal .o_field_widget[name='text'] textarea",
            run: "edit Yes, green from next week!",
        },
        {
            content: "Send it",
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "The card is Replied, from Mastodon's answer",
            trigger: ".o_form_view .o_social_interest_replied:contains('Replied')",
        },
        {
            content: "The reply's proof is on the card",
            trigger: ".o_form_view .o_notebook a:contains('Reply')",
            run: "click",
        },
        {
            content: "Posted as the company's account",
            trigger:
                ".o_form_view .o_field_widget[name='reply_author']:contains('acme')",
        },
    ],
});
