import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("social_maturity_axis_tour", {
    steps: () => [
        {
            content: "Open a question of the index",
            trigger:
                ".o_field_widget[name=question_and_page_ids] .o_data_row .o_data_cell[name=title]:contains('How much time')",
            run: "click",
        },
        {
            content: "Move it to the innovation axis",
            trigger: ".modal .o_field_widget[name=smi_axis] select",
            run: "selectByLabel Innovation",
        },
        {
            content: "Save the question",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The list shows the new axis",
            trigger:
                ".o_field_widget[name=question_and_page_ids] .o_data_row:contains('How much time') td:contains('Innovation')",
        },
        {
            content: "Leave for the assessments (the survey form saves itself)",
            trigger:
                ".o_main_navbar [data-menu-xmlid='social_maturity.menu_social_maturity_root']",
            run: "click",
        },
        {
            content: "Open the board of assessments",
            trigger:
                ".dropdown-item[data-menu-xmlid='social_maturity.menu_social_maturity_assessment']",
            run: "click",
        },
        {
            content: "The board by category is shown",
            trigger: ".o_kanban_view .o_kanban_group:contains('#SocialFirst')",
        },
    ],
});

// The most mature answer of every question, page by page (texts of the shipped index).
const PAGES = [
    [
        ["How many people are dedicated", "A dedicated social customer service team"],
        [
            "How much time does the company invest",
            "Continuously, within published service hours",
        ],
        ["Are executives regularly briefed", "Monthly or more"],
        ["Are support staff trained", "Regular training with a social style guide"],
        ["Is there a budget", "A dedicated budget that grows with results"],
    ],
    [
        ["How early does the company adopt", "Among the first"],
        [
            "Can agents resolve a query fully",
            "social queries are tickets resolved in-channel",
        ],
        [
            "Do you move conversations to private messaging",
            "Always, with a ready process",
        ],
        ["Does the company serve customers proactively", "Systematically"],
        ["Is social integrated with the software", "Integrated across departments"],
        ["Is the company present on every channel", "Everywhere our customers are"],
    ],
];

const answerSteps = [];
PAGES.forEach((questions, index) => {
    for (const [question, answer] of questions) {
        answerSteps.push({
            content: `Answer "${question}"`,
            trigger: `div.js_question-wrapper:contains("${question}") label:contains("${answer}")`,
            run: "click",
        });
    }
    answerSteps.push({
        content: index === PAGES.length - 1 ? "Submit" : "Next page",
        trigger:
            index === PAGES.length - 1 ? "button[value=finish]" : "button[value=next]",
        run: "click",
    });
});

registry.category("web_tour.tours").add("social_maturity_answer_tour", {
    steps: () => [
        {
            content: "Start the survey",
            trigger: "button.btn:contains('Start')",
            run: "click",
        },
        ...answerSteps,
        {
            content: "Thank you page",
            trigger: ".o_survey_finished",
        },
    ],
});
