import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/**
 * The published answers that fit the card, each with a button that puts it into the
 * reply (the composer, or the text to paste under the post). The texts are plain text
 * and are shown as such (t-esc).
 */
export class AnswerSuggestions extends Component {
    static template = "social_interest.AnswerSuggestions";
    static props = {...standardFieldProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
    }

    get answers() {
        return this.props.record.data[this.props.name].records;
    }

    isOtherLang(answer) {
        const base = (code) => (code || "").split(/[-_]/)[0].toLowerCase();
        const lang = base(this.props.record.data.lang);
        return Boolean(lang && answer.data.lang && base(answer.data.lang) !== lang);
    }

    async use(answer) {
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        const action = await this.orm.call(record.resModel, "action_use_answer", [
            [record.resId],
            answer.resId,
        ]);
        await this.action.doAction(action, {onClose: () => record.load()});
    }
}

export const answerSuggestions = {
    component: AnswerSuggestions,
    supportedTypes: ["many2many"],
    relatedFields: [
        {name: "question", type: "text"},
        {name: "answer", type: "text"},
        {name: "lang", type: "char"},
        {name: "use_count", type: "integer"},
    ],
};

registry
    .category("fields")
    .add("social_interest_answer_suggestions", answerSuggestions);
