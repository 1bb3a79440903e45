import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_listening_incident_tour", {
    steps: () => [
        {
            content: "The incident shows the playbook's checklist as activities",
            trigger:
                ".o-mail-Chatter .o-mail-Activity:contains('Publish the holding statement')",
        },
        {
            content: "Read the holding statements",
            trigger: ".o_notebook .nav-link:contains('Holding statements')",
            run: "click",
        },
        {
            content: "The statement to publish is there",
            trigger: ".o_notebook:contains('We are looking into it')",
        },
        {
            content: "The wave is under control",
            trigger: ".o_form_view button[name='action_contain']",
            run: "click",
        },
        {
            content: "Close it",
            trigger: ".o_form_view button[name='action_close'].btn-primary",
            run: "click",
        },
        {
            content: "Write the post-mortem",
            trigger: ".modal .o_field_widget[name='post_mortem'] textarea",
            run: "edit A late batch; we apologised and refunded. <b>Check batches</b> before shipping.",
        },
        {
            content: "Close the incident",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The post-mortem is in the chatter, as text",
            trigger: ".o-mail-Message-body:contains('<b>Check batches</b>')",
        },
    ],
});
