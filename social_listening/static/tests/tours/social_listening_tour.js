import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_listening_mention_tour", {
    url: "/odoo/social-mentions",
    steps: () => [
        {
            content: "The inbox shows the columns by state",
            trigger: ".o_kanban_group:contains('Card created')",
        },
        {
            content: "Open the mention (its author's markup is shown as text)",
            trigger: ".o_kanban_record:contains('Tour Author <script>x</script>')",
            run: "click",
        },
        {
            content: "Turn it into an interest card",
            trigger:
                ".o_form_view button[name='action_create_card']:contains('Create interest card')",
            run: "click",
        },
        {
            content: "The interest card opens (not the mention: it has an action type)",
            trigger:
                ".o_form_view .o_field_widget[name='action_type']:contains('Mention')",
        },
    ],
});
