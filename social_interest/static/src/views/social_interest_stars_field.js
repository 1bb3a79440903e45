import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

/** A review's rating (an integer from 0 to 5) as stars; set it in the Details tab. */
export class SocialInterestStarsField extends Component {
    static template = "social_interest.StarsField";
    static props = {...standardFieldProps};

    get stars() {
        const rating = this.props.record.data[this.props.name] || 0;
        return [1, 2, 3, 4, 5].map((n) => n <= rating);
    }
}

registry.category("fields").add("social_interest_stars", {
    component: SocialInterestStarsField,
    displayName: "Stars",
    supportedTypes: ["integer"],
});
