from datetime import datetime

from markupsafe import escape

from odoo.tests import HttpCase, new_test_user


class LivechatCase(HttpCase):
    """Conversations through Odoo's own live chat routes: the visitor opens a session
    (``/im_livechat/get_session``) and writes as the website's composer does
    (``/mail/message/post``), as a guest or as a logged-in customer; the operator answers
    by the same route from their session."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.source = cls.env.ref("social_interest_livechat.source_livechat")
        cls.leader = new_test_user(
            cls.env, login="chat_leader", name="Chat Leader",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.operator = new_test_user(
            cls.env, login="chat_operator", name="Chat Operator",
            groups="base.group_user,im_livechat.im_livechat_group_user",
        )  # fmt: skip
        cls.customer = new_test_user(
            cls.env, login="chat_customer", name="Chatting Customer",
            email="chatting.customer@example.com", groups="base.group_portal",
        )  # fmt: skip
        cls.team = cls.env["crm.team"].create(
            {
                "name": "Chat team",
                "user_id": cls.leader.id,
                "social_calendar_id": cls._calendar(range(7)).id,
            }
        )
        cls.source.write({"team_id": cls.team.id, "response_target_hours": 2})
        cls.livechat = cls.env["im_livechat.channel"].create(
            {"name": "Website help", "user_ids": [(6, 0, cls.operator.ids)]}
        )
        # the operator is online, as the Discuss client keeps them while it is open
        cls.env["bus.presence"].create({"user_id": cls.operator.id, "status": "online"})

    @classmethod
    def _calendar(cls, weekdays, hour_from=0.0, hour_to=24.0):
        """A UTC calendar working ``hour_from``-``hour_to`` on ``weekdays`` (0: Monday)."""
        return cls.env["resource.calendar"].create(
            {
                "name": f"Chat hours {list(weekdays)}",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                            "day_period": "morning",
                        },
                    )
                    for day in weekdays
                ],  # fmt: skip
            }
        )

    @classmethod
    def _not_today(cls):
        """Weekdays other than today's (UTC): a team working then is out of hours now."""
        today = datetime.utcnow().weekday()
        return [day for day in range(7) if day != today]

    # ------------------------------------------------------------------ the conversation

    def _start_chat(self, login=None, chatbot=None):
        """A visitor opens the live chat: a guest, or the customer ``login`` logged in;
        with ``chatbot``, the script answers first (no operator needed)."""
        self.authenticate(login, login)
        params = {"anonymous_name": "Visitor 42", "channel_id": self.livechat.id}
        if chatbot:
            params["chatbot_script_id"] = chatbot.id
        data = self.make_jsonrpc_request("/im_livechat/get_session", params)
        return self.env["discuss.channel"].browse(data["discuss.channel"][0]["id"])

    def _say(self, channel, text):
        """Post ``text`` in the conversation as the session's person: the composer sends
        the typed text escaped, as HTML."""
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "discuss.channel",
                "thread_id": channel.id,
                "post_data": {
                    "body": str(escape(text)),
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        # the request ran in the server's own environment: read what it wrote afresh
        self.env.invalidate_all()

    def _operator_answers(self, channel, text):
        self.authenticate("chat_operator", "chat_operator")
        self._say(channel, text)

    def _cards(self, channel):
        return self.env["social.interest"].search(
            [("source_id", "=", self.source.id), ("external_id", "=", str(channel.id))]
        )
