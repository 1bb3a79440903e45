import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_interest_lead_tour", {
    steps: () => [
        {
            content: "The lead counts the person's social interest",
            trigger:
                ".o_form_view button[name='action_view_social_interest']:contains('3')",
        },
        {
            content: "Open the Social interest tab",
            trigger: ".o_notebook .nav-link:contains('Social interest')",
            run: "click",
        },
        {
            content: "The first touch is the Facebook comment, not the web form",
            trigger: ".o_social_interest_first_touch:contains('Facebook')",
        },
        {
            content: "Newest first: the web form leads the list",
            trigger:
                ".o_social_interest_lead_cards .o_data_row:first-child:contains('Please quote 12 chairs')",
        },
        {
            content: "Open the Facebook comment from the tab",
            trigger:
                ".o_social_interest_lead_cards .o_data_row:contains('Tour comment <i>really</i>') button[name='action_open_card']",
            run: "click",
        },
        {
            content: "The card opens in its own form, the person's words first",
            trigger:
                ".o_form_view .o_social_interest_lead .o_social_interest_words:contains('Tour comment <i>really</i>')",
        },
        {
            content: "Back to the lead through the breadcrumbs",
            trigger:
                ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item a",
            run: "click",
        },
        {
            content: "The lead is shown again",
            trigger: ".o_form_view .o_notebook",
        },
    ],
});
