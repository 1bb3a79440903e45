import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_audience_silent_tour", {
    url: "/odoo/contacts?view_type=list",
    steps: () => [
        {
            content: "The contact list is shown",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Open the filters",
            trigger: ".o_control_panel .o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Only the contacts silent on social media",
            trigger: ".o_filter_menu .o_menu_item:contains('Silent on social media')",
            run: "click",
        },
        {
            content: "The filter is applied",
            trigger: ".o_searchview_facet:contains('Silent on social media')",
        },
        {
            content:
                "Only the silent contacts are listed (the administrator is not silent)",
            trigger:
                ".o_list_view:has(.o_data_row:contains('Silent Sam')):not(:has(.o_data_row:contains('Mitchell Admin')))",
        },
        {
            content: "Select the whole filter",
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Add to mailing list",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Add to mailing list')",
            run: "click",
        },
        {
            content: "Name a new list",
            trigger: ".modal .o_field_widget[name='new_list_name'] input",
            run: "edit Silent on social media",
        },
        {
            content: "Keep it current",
            trigger: ".modal .o_field_widget[name='keep_current'] input",
            run: "click",
        },
        {
            content: "Add them",
            trigger: ".modal button[name='action_add']",
            run: "click",
        },
        {
            content: "The new mailing list opens",
            trigger:
                ".o_form_view .o_field_widget[name='name'] input:value('Silent on social media')",
        },
    ],
});
