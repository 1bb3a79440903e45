import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {deserializeDateTime, formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";

/**
 * The card's conversation under the person's words: the card's pictures, then the thread
 * in time order (the person's other cards on every platform, the e-mails of the
 * conversation, our replies with who sent them and how). One call to the card's
 * get_conversation per opening or change of the card; everything shown is plain text.
 */
export class SocialInterestConversation extends Component {
    static template = "social_interest.Conversation";
    static props = {...standardWidgetProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({entries: [], hidden: 0, pictures: [], loaded: false});
        this.loadedKey = null;
        onWillStart(() => this.load(this.props.record));
        onWillUpdateProps((next) => this.load(next.record));
    }

    key(record) {
        return `${record.resId}/${record.data.write_date}`;
    }

    async load(record) {
        const key = this.key(record);
        if (!record.resId || key === this.loadedKey) {
            return;
        }
        this.loadedKey = key;
        const result = await this.orm.call("social.interest", "get_conversation", [
            [record.resId],
        ]);
        Object.assign(this.state, result, {loaded: true});
    }

    formatDate(value) {
        return value ? formatDateTime(deserializeDateTime(value)) : "";
    }

    stars(rating) {
        return [1, 2, 3, 4, 5].map((n) => n <= rating);
    }

    imageUrl(id) {
        return `/web/image/${id}/320x320`;
    }

    openCard(entry) {
        if (entry.current) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "social.interest",
            res_id: entry.card_id,
            views: [[false, "form"]],
        });
    }
}

registry.category("view_widgets").add("social_interest_conversation", {
    component: SocialInterestConversation,
});
