import {registry} from "@web/core/registry";

// A sales manager keeps the reply of a replied card in the knowledge base, corrects it
// and publishes it.
registry.category("web_tour.tours").add("social_interest_answer_save_tour", {
    steps: () => [
        {
            content: "The card was replied to: save its reply as an answer",
            trigger: ".o_form_view button[name='action_save_as_answer']",
            run: "click",
        },
        {
            content: "The draft answer is open, to be read and corrected",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Draft')",
        },
        {
            content: "Correct it",
            trigger: ".o_form_view .o_field_widget[name='answer'] textarea",
            run: "edit Hello {name}, yes: we deliver to Osaka within 3 days, free.",
        },
        {
            content: "Publish it",
            trigger: ".o_form_view button[name='action_publish']",
            run: "click",
        },
        {
            content: "Published",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Published')",
        },
    ],
});

// A rep opens a new card asking the same thing: the answer is suggested, used and sent.
registry.category("web_tour.tours").add("social_interest_answer_use_tour", {
    steps: () => [
        {
            content: "The published answer is suggested on the card",
            trigger:
                ".o_social_interest_answer_suggestion:contains('Do you deliver to Osaka') button.o_social_interest_use_answer",
            run: "click",
        },
        {
            content: "The composer opens with the answer, greeting the author by name",
            trigger:
                ".modal .o_field_html:contains('Hello Ken, yes: we deliver to Osaka within 3 days, free.')",
        },
        {
            content: "Send it as it is",
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
