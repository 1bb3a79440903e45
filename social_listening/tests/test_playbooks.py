from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ListeningCase
from .test_triage import item

ALERT_TIME = datetime(2026, 3, 2, 20, 0)


def negative(external_id):
    return item(external_id, "ACME is the worst, terrible service")


@tagged("post_install", "-at_install")
class TestPlaybooks(ListeningCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager.tz = "Europe/Brussels"
        cls.rep_a.tz = "Asia/Tokyo"
        cls.call = cls.env.ref("mail.mail_activity_data_call")
        cls.playbook = cls.env["social.playbook"].create(
            {
                "name": "Negative wave",
                "owner_ids": [(6, 0, cls.manager.ids)],
                "statement_ids": [
                    (0, 0, {"name": "Public reply", "lang": "en_US", "body": "We hear you."})
                ],
                "step_ids": [
                    (0, 0, {"sequence": 1, "name": "Publish the statement", "delay_hours": 2}),
                    (
                        0,
                        0,
                        {
                            "sequence": 2,
                            "name": "Call the loudest",
                            "user_id": cls.rep_a.id,
                            "activity_type_id": cls.call.id,
                            "delay_hours": 0,
                            "note": "Start with <b>known</b> customers",
                        },
                    ),
                    (0, 0, {"sequence": 3, "name": "Post what was fixed", "delay_hours": 5}),
                ],
            }
        )

    def setUp(self):
        super().setUp()
        self.connector = self._connector(
            None,
            kind="generic_webhook",
            spike_min_count=3,
            triage_negative=False,
            playbook_id=self.playbook.id,
        )
        self.ids_used = 0

    def _spike(self, count=3):
        """Ingest ``count`` new negative mentions (3 make a spike)."""
        items = [negative(f"n{self.ids_used + i}") for i in range(count)]
        self.ids_used += count
        return self.connector._ingest(items)

    def _incidents(self):
        return self.env["social.incident"].search([("connector_id", "=", self.connector.id)])

    def _open_incident(self):
        with freeze_time(ALERT_TIME):
            self._spike()
        return self._incidents()

    def _close_wizard(self, incident, text, user=None):
        Wizard = self.env["social.incident.close"].with_user(user or self.env.user)
        return Wizard.create({"incident_id": incident.id, "post_mortem": text})

    # ------------------------------------------------------------------ opening

    def test_a_spike_with_a_playbook_opens_an_incident_with_its_checklist(self):
        incident = self._open_incident()
        self.assertEqual(len(incident), 1)
        self.assertEqual(incident.state, "open")
        self.assertEqual(incident.playbook_id, self.playbook)
        self.assertEqual(incident.negative_count, 3)
        self.assertEqual(incident.opened_on, ALERT_TIME)
        self.assertEqual(incident.owner_ids, self.manager)
        self.assertIn(self.manager.partner_id, incident.message_partner_ids)
        self.assertEqual(incident.statement_ids.mapped("body"), ["We hear you."])
        steps = {activity.summary: activity for activity in incident.activity_ids}
        self.assertEqual(
            set(steps), {"Publish the statement", "Call the loudest", "Post what was fixed"}
        )
        # no responsible on the step: the first owner, deadline in their time zone
        self.assertEqual(steps["Publish the statement"].user_id, self.manager)
        self.assertEqual(steps["Publish the statement"].date_deadline, date(2026, 3, 2))
        self.assertEqual(steps["Post what was fixed"].date_deadline, date(2026, 3, 3))
        call = steps["Call the loudest"]
        self.assertEqual(call.user_id, self.rep_a)
        self.assertEqual(call.activity_type_id, self.call)
        # 20:00 UTC is already the next morning in Tokyo
        self.assertEqual(call.date_deadline, date(2026, 3, 3))
        self.assertIn("&lt;b&gt;known&lt;/b&gt;", call.note)
        opening = incident.message_ids.filtered(
            lambda m: "Playbook Negative wave opened on spike: 3 negative mentions" in m.body
        )
        self.assertEqual(len(opening), 1)

    def test_the_managers_alert_links_the_incident(self):
        incident = self._open_incident()
        alert = self.connector.message_ids.filtered(
            lambda message: "Negative mentions spike" in (message.body or "")
        )
        self.assertEqual(len(alert), 1)
        self.assertIn(self.manager.partner_id, alert.partner_ids)
        self.assertIn(f'data-oe-model="social.incident" data-oe-id="{incident.id}"', alert.body)
        self.assertEqual(self.connector.incident_count, 1)

    def test_a_second_spike_while_open_joins_the_incident(self):
        incident = self._open_incident()
        incident.action_contain()
        self.connector.spike_active = False  # the window fell back under the threshold
        self._spike()
        self.assertTrue(self.connector.spike_active, "the second spike did alert")
        self.assertEqual(self._incidents(), incident)
        self.assertIn("New spike while the incident is open", incident.message_ids[0].body)

    def test_a_spike_after_closing_opens_a_new_incident(self):
        incident = self._open_incident()
        self._close_wizard(incident, "Courier strike; customers told.").action_confirm()
        self.connector.spike_active = False
        self._spike()
        self.assertEqual(len(self._incidents()), 2)

    def test_without_a_playbook_no_incident_but_the_managers_are_told(self):
        self.connector.playbook_id = False
        messages_before = self.connector.message_ids
        self._spike()
        self.assertFalse(self._incidents())
        alert = self.connector.message_ids - messages_before
        self.assertEqual(len(alert), 1)
        self.assertIn(self.manager.partner_id, alert.partner_ids)
        self.assertNotIn("social.incident", alert.body)

    def test_a_step_without_anyone_goes_to_the_team_leader(self):
        self.playbook.owner_ids = False
        self.team_a.user_id = self.rep_a2
        incident = self._open_incident()
        publish = incident.activity_ids.filtered(lambda a: a.summary == "Publish the statement")
        self.assertEqual(publish.user_id, self.rep_a2)

    # ------------------------------------------------------------------ working it

    def test_marking_a_step_done_leaves_a_message_by_its_user(self):
        incident = self._open_incident()
        call = incident.activity_ids.filtered(lambda a: a.summary == "Call the loudest")
        call.with_user(self.rep_a).action_feedback(feedback="Called the five loudest")
        self.assertFalse(call.exists())
        done = incident.message_ids.filtered(lambda m: "Called the five loudest" in m.body)
        self.assertEqual(len(done), 1)
        self.assertEqual(done.author_id, self.rep_a.partner_id)
        self.assertEqual(done.mail_activity_type_id, self.call)

    def test_containing_is_tracked(self):
        incident = self._open_incident()
        incident.owner_ids |= self.rep_a  # an owner leads it
        self.env.cr.flush()  # the incident is committed (tracking starts after its creation)
        incident.with_user(self.rep_a).action_contain()
        self.assertEqual(incident.state, "contained")
        self.env.cr.flush()  # tracking values are written when the transaction commits
        tracked = incident.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        self.assertEqual(tracked.new_value_char, "Contained")
        self.assertEqual(tracked.mail_message_id.author_id, self.rep_a.partner_id)

    def test_the_negative_mentions_of_the_window_open_from_the_incident(self):
        incident = self._open_incident()
        action = incident.action_open_mentions()
        mentions = self.env["social.mention"].search(action["domain"])
        self.assertEqual(len(mentions), 3)
        self.assertEqual(set(mentions.mapped("sentiment")), {"negative"})

    # ------------------------------------------------------------------ closing

    def test_closing_without_a_post_mortem_is_refused(self):
        incident = self._open_incident()
        self.assertEqual(incident.action_close()["res_model"], "social.incident.close")
        with self.assertRaises(UserError):
            self._close_wizard(incident, "  \n ", user=self.rep_a).action_confirm()
        self.assertEqual(incident.state, "open")
        self.assertFalse(incident.closed_on)

    def test_closing_posts_the_post_mortem_as_text(self):
        incident = self._open_incident()
        incident.owner_ids |= self.rep_a  # an owner leads it
        text = "Courier strike.\n<script>alert(1)</script> was in a post; we answered all."
        self._close_wizard(incident, text, user=self.rep_a).action_confirm()
        self.assertEqual(incident.state, "closed")
        self.assertTrue(incident.closed_on)
        self.assertEqual(incident.post_mortem, text)
        posted = incident.message_ids[0]
        self.assertEqual(posted.author_id, self.rep_a.partner_id)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", posted.body)
        self.assertNotIn("<script", posted.body)
        # the checklist left open is listed as not done and removed
        self.assertIn("Not done:", posted.body)
        self.assertIn("Call the loudest", posted.body)
        self.assertFalse(incident.activity_ids)

    # ------------------------------------------------------------------ access

    def test_a_salesman_reads_but_cannot_write_a_playbook(self):
        playbook = self.playbook.with_user(self.rep_a)
        self.assertEqual(playbook.name, "Negative wave")
        with self.assertRaises(AccessError):
            playbook.write({"name": "Mine now"})
        with self.assertRaises(AccessError):
            playbook.step_ids[0].write({"delay_hours": 99})

    def test_a_salesman_who_owns_no_incident_does_not_steer_it(self):
        incident = self._open_incident()
        as_rep = incident.with_user(self.rep_a2)
        for values in (
            {"state": "closed"},
            {"post_mortem": "Nothing happened"},
            {"owner_ids": [(4, self.rep_a2.id)]},
            {"owner_ids": [(4, self.rep_b.id)]},
        ):
            with self.assertRaises(AccessError, msg=str(values)):
                as_rep.write(values)
        with self.assertRaises(AccessError):
            as_rep.action_contain()
        with self.assertRaises(AccessError):
            self._close_wizard(incident, "We fixed it", user=self.rep_a2).action_confirm()
        self.assertEqual(incident.state, "open")
        self.assertEqual(incident.owner_ids, self.manager)
        self.assertNotIn(self.rep_b.partner_id, incident.message_partner_ids)

    def test_owners_and_managers_steer_the_incident(self):
        incident = self._open_incident()
        incident.with_user(self.manager).owner_ids |= self.rep_a2
        incident.with_user(self.rep_a2).action_contain()
        self.assertEqual(incident.state, "contained")
        self.assertIn(self.rep_a2.partner_id, incident.message_partner_ids)

    def test_statements_and_steps_follow_their_playbooks_company(self):
        other = self.env["res.company"].create({"name": "Other (playbook lines)"})
        theirs = self.playbook.copy({"name": "Their wave", "company_id": other.id})
        statements = self.env["social.playbook.statement"].with_user(self.rep_a)
        steps = self.env["social.playbook.step"].with_user(self.rep_a)
        self.assertFalse(statements.search([("playbook_id", "=", theirs.id)]))
        self.assertFalse(steps.search([("playbook_id", "=", theirs.id)]))
        self.assertTrue(steps.search([("playbook_id", "=", self.playbook.id)]))
        with self.assertRaises(AccessError):
            theirs.statement_ids.with_user(self.rep_a).read(["body"])

    def test_a_salesman_cannot_delete_an_incident(self):
        incident = self._open_incident()
        with self.assertRaises(AccessError):
            incident.with_user(self.rep_a).unlink()

    def test_another_companys_incidents_stay_hidden(self):
        incident = self._open_incident()
        other = self.env["res.company"].create({"name": "Other (playbooks)"})
        incident.company_id = other
        visible = self.env["social.incident"].with_user(self.rep_a).search([])
        self.assertNotIn(incident, visible)
