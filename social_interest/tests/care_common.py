from datetime import datetime

from odoo.tests import new_test_user

from .common import SocialInterestCase


class SocialCareCase(SocialInterestCase):
    """Adds a working calendar (Monday to Friday, 9:00 to 17:00 in Tokyo) and helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._calendar("Social care Tokyo 9-17", "Asia/Tokyo")
        cls.team_a.write(
            {
                "social_calendar_id": cls.calendar.id,
                "social_response_hours": 4.0,
                "user_id": cls.manager.id,
            }
        )

    @classmethod
    def _calendar(cls, name, tz, hour_from=9.0, hour_to=17.0, days=(0, 1, 2, 3, 4)):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
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
                    for day in days
                ],
            }
        )

    @classmethod
    def _reps(cls, team, count, prefix, **member_vals):
        users = cls.env["res.users"]
        for index in range(count):
            users |= new_test_user(
                cls.env,
                login=f"{prefix}_{index:02d}",
                name=f"{prefix.title()} {index:02d}",
                groups="sales_team.group_sale_salesman",
            )
        cls.env["crm.team.member"].create(
            [{"crm_team_id": team.id, "user_id": user.id, **member_vals} for user in users]
        )
        return users

    @staticmethod
    def utc(*args):
        """A naive UTC datetime, as Odoo stores them."""
        return datetime(*args)
