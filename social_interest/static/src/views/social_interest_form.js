import {onMounted, onWillUnmount, useEffect} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {FormController} from "@web/views/form/form_controller";
import {formView} from "@web/views/form/form_view";

/**
 * The card's form counts the time it stays open and visible: the first opening of a card
 * (for "open to reply") and the rep's time per card and channel. A hidden browser tab does
 * not count. The server is the judge: it counts a visit no longer than the time since it saw
 * the form open (once per opening), at most 30 minutes, and caps a rep's day.
 */
export class SocialInterestFormController extends FormController {
    setup() {
        super.setup();
        this.socialOrm = useService("orm");
        this.socialVisit = {resId: false, since: 0, spent: 0};
        useEffect(
            (resId) => {
                this.socialStart(resId);
                return () => this.socialStop();
            },
            () => [this.model.root.resId]
        );
        const onVisibility = () =>
            document.hidden ? this.socialPause() : this.socialResume();
        onMounted(() => document.addEventListener("visibilitychange", onVisibility));
        onWillUnmount(() =>
            document.removeEventListener("visibilitychange", onVisibility)
        );
    }

    socialStart(resId) {
        this.socialVisit = {resId, since: document.hidden ? 0 : Date.now(), spent: 0};
        if (resId) {
            this.socialOrm.silent.call("social.interest", "action_social_form_opened", [
                [resId],
            ]);
        }
    }

    socialPause() {
        const visit = this.socialVisit;
        if (visit.since) {
            visit.spent += Date.now() - visit.since;
            visit.since = 0;
        }
    }

    socialResume() {
        if (!this.socialVisit.since) {
            this.socialVisit.since = Date.now();
        }
    }

    socialStop() {
        this.socialPause();
        const {resId, spent} = this.socialVisit;
        this.socialVisit = {resId: false, since: 0, spent: 0};
        if (resId && spent >= 1000) {
            this.socialOrm.silent.call("social.interest", "action_social_form_time", [
                [resId],
                spent / 1000,
            ]);
        }
    }
}

registry.category("views").add("social_interest_form", {
    ...formView,
    Controller: SocialInterestFormController,
});
