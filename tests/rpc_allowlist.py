"""Public methods of our models, callable over RPC by anyone who may read the model, each
with why that is safe. Read by tests/test_sudo_rpc_allowlist.py: a public method missing here
fails it. Review the method before listing it; if it is not safe, make it private
(``_name`` or ``@api.private``) or make it check the caller's rights."""

WINDOW = "returns a window action (domain/context only); the records stay behind the ORM rules"

ALLOWLIST = {
    "crm.lead": {
        "action_view_social_interest": WINDOW,
        "action_assess_social_maturity": "opens the assessment start for this lead; creates "
        "nothing the caller may not create",
        "action_send_social_maturity_survey": "composer to invite the lead's contact; sending "
        "is the caller's own mail.compose rights",
        "action_view_smi_assessments": WINDOW,
    },
    "mail.thread": {
        "message_process": "Odoo's own public gateway entry point; the override only keeps the "
        "raw bytes of the mail in the context for the card",
        "message_parse": "Odoo's own public parser; the override only repairs unknown charsets "
        "and NUL characters, it reads no record",
    },
    "res.config.settings": {
        "get_values": "settings are administrators' only (ir.model.access on "
        "res.config.settings); reads the alias of the cards",
        "set_values": "settings are administrators' only; writes the cards' alias as Odoo's "
        "own settings do",
    },
    "res.partner": {
        "action_view_social_interest": WINDOW,
        "action_view_social_identities": WINDOW,
        "action_assess_social_maturity": "opens the assessment start for this contact; "
        "creates nothing the caller may not create",
        "action_send_social_maturity_survey": "composer to invite the contact; sending is the "
        "caller's own mail.compose rights",
        "action_view_smi_assessments": WINDOW,
    },
    "sale.order": {
        "action_confirm": "Odoo's own confirmation (sale.order rules and rights); the override "
        "only stores the order's first touch card",
        "action_open_interest": "opens the order's card in a form; reading it is the card's "
        "own rules",
    },
    "social.audience": {
        "action_refresh": "checks write access on the audience; runs the filter as its owner "
        "in its company only",
        "action_view_contacts": WINDOW,
        "action_view_list": WINDOW,
    },
    "social.audience.add": {
        "action_add": "mailing users only (ir.model.access); adds contacts the caller reads, an "
        "audience refreshes as its owner",
    },
    "social.identity": {
        "action_view_interest": WINDOW,
        "action_confirm_partner": "writes partner_id on identities the caller may write, to the "
        "contact the system suggested",
        "action_dismiss_partner": "writes suggested_partner_id on identities the caller may "
        "write",
        "action_merge": "deletes the merged identities: needs unlink access (managers)",
    },
    "social.incident": {
        "action_close": "opens the close wizard; closing writes the incident with the caller's "
        "rights",
        "action_contain": "writes the state of incidents the caller may write",
        "action_open_mentions": WINDOW,
    },
    "social.incident.close": {
        "action_confirm": "closes the wizard's incident through the caller's write access to it",
    },
    "social.interest": {
        "action_attach_to_lead": "opens the attach wizard; attaching writes with the caller's "
        "rights",
        "action_create_quotation": "checks write on the card; the contact and the quotation are "
        "created with the caller's rights (sale.order rules)",
        "action_reply_with_quotation": "checks write on the card; opens the composer or the "
        "canned reply wizard with the caller's rights, its quotation's link as text",
        "action_view_quotations": WINDOW,
        "action_bulk_take": "filters pool cards and calls action_claim (locks, checks write)",
        "action_canned_reply": "opens the canned reply wizard for this card; nothing written",
        "action_claim": "locks the rows, refuses cards taken by someone else, writes user_id "
        "after check_access('write')",
        "action_confirm_identity_partner": "action_confirm_partner on the card's identity "
        "(the caller's write access on it)",
        "action_create_opportunity": "creates the lead and writes the card with the caller's "
        "rights",
        "action_dismiss_identity_partner": "action_dismiss_partner on the card's identity "
        "(the caller's write access on it)",
        "action_escalate_team": "opens the escalate wizard; nothing written",
        "action_ignore": "writes the state with the caller's write access",
        "action_mark_processed": "writes processed with the caller's write access",
        "action_move_private": "opens the composer or the canned reply wizard; nothing written",
        "action_open_card": WINDOW,
        "action_reply": "composer or the post's link; _mark_replied checks write access before "
        "its sudo write of the reply dates",
        "action_reset": "writes processed and state with the caller's write access",
        "message_post": "Odoo's own; links are tracked only when the caller may write the card",
    },
    "social.interest.mail.gateway": {
        "action_try_rules": "reads the card's original e-mail through the attachment rules; "
        "the test wizard is managers' only",
        "message_new": "Odoo's gateway entry point (public on every mail.thread): makes "
        "cards through _ingest as the caller, under the card's create rights and rules",
        "message_update": "Odoo's gateway entry point; reopens the caller's writable cards "
        "when their author writes again",
    },
    "social.interest.time": {
        "action_social_form_opened": "staff only, check_access('read') on the cards; sudo "
        "writes only first_open_date",
        "action_social_form_time": "staff only, check_access('read'); logs the caller's own "
        "time, capped per visit",
    },
    "social.interest.answer": {
        "action_merge": "managers only (checked, then check_access('write')); the counters' "
        "sudo write goes to an answer the manager may write",
        "action_publish": "writes the state, which only managers may change (checked in write) "
        "under the answers' record rules",
    },
    "social.interest.answering": {
        "action_save_as_answer": "creates a draft answer of the caller's own from a card they "
        "read, under the answers' create rule; personal data masked",
        "action_use_answer": "checks write on the card and read on the published answer; the "
        "sudo only adds one to its use counter",
    },
    "social.interest.conversation": {
        "action_view_person_cards": WINDOW,
        "get_conversation": "refuses a card the caller may not read; the person's other cards, "
        "their messages and images are searched as the caller (record rules apply), at most "
        "a fixed number of each; returns plain text, never an internal note",
    },
    "social.interest.attach.lead": {
        "action_attach": "writes the cards and the lead with the caller's rights",
    },
    "social.interest.canned.reply": {
        "action_open_post": "_mark_replied checks write access on the card first",
        "action_send_by_email": "opens the composer to the author; sending is the caller's "
        "own mail rights",
    },
    "social.interest.escalate": {
        "action_escalate": "writes team and user on the cards with the caller's write access; "
        "only the automatic assignment is sudo",
    },
    "social.interest.materialized.report": {
        # the social interest analysis and the sales bridge's community ROI inherit it
        "action_refresh_and_open": "refuses anyone but sales managers before refreshing",
    },
    "social.interest.parse.rule.test": {
        "action_make_rule": "the test wizard is sales managers' only (ir.model.access); creates "
        "an inactive rule",
        "action_read": "the test wizard is sales managers' only; reads the uploaded e-mail, "
        "stores nothing else",
    },
    "social.interest.reply": {
        "action_send": "_check_may_post first; refuses sensitive data and over-long text",
    },
    "social.interest.source": {
        "action_view_interest": WINDOW,
    },
    "social.listening.connector": {
        "action_poll": "refuses anyone but sales managers; the sudo run never shows the "
        "credentials",
        "action_reset_cursor": "refuses anyone but administrators",
        "action_test_connection": "refuses anyone but sales managers; stores nothing",
        "action_view_incidents": WINDOW,
        "action_view_mentions": WINDOW,
    },
    "social.listening.delivery": {
        "action_retry": "deliveries are administrators' only (ir.model.access); the write "
        "fails for anyone else",
    },
    "social.listening.rule": {
        "action_view_mentions": WINDOW,
    },
    "social.maturity.assessment": {
        "action_open_answer": WINDOW,
        "action_score_again": "writes scores with the caller's rights (managers)",
    },
    "social.maturity.start": {
        "action_start": "starts an assessment for the wizard's contact with the caller's rights",
    },
    "social.mention": {
        "action_create_card": "mentions the caller may write become cards",
        "action_ignore": "writes the state of mentions the caller may write",
        "action_reset": "writes the state of mentions the caller may write",
    },
}
