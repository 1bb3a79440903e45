import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_interest_board_tour", {
    url: "/odoo/social-interest",
    steps: () => [
        {
            content: "The card waits in the Assigned column",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Assigned')) .o_kanban_record:contains('Drag Author')",
        },
        {
            content: "Drag it to Processed",
            trigger: ".o_kanban_record:contains('Drag Author')",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('Processed')))",
        },
        {
            content: "It is processed",
            trigger:
                ".o_kanban_group:has(.o_column_title:contains('Processed')) .o_kanban_record:contains('Drag Author')",
        },
        {
            content: "Switch to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select the first card to process",
            trigger: ".o_data_row:contains('Bulk One') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second one",
            trigger: ".o_data_row:contains('Bulk Two') .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Mark them processed",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Mark processed')",
            run: "click",
        },
        {
            content: "Both are processed",
            trigger:
                ".o_data_row:contains('Bulk One'):contains('Processed'), .o_data_row:contains('Bulk One') .o_field_boolean input:checked",
        },
    ],
});
