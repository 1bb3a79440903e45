from datetime import datetime, timedelta

from odoo import fields
from odoo.tests.common import TransactionCase, new_test_user


class SaleBridgeCase(TransactionCase):
    """A facebook source with its UTM, a desk, a customer known on two platforms, and
    salesmen who see their own documents only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.team = cls.env["crm.team"].create({"name": "Social sales team"})
        cls.rep = new_test_user(
            cls.env, login="sale_rep", name="Sale Rep", groups="sales_team.group_sale_salesman"
        )
        cls.other_rep = new_test_user(
            cls.env, login="sale_rep2", name="Other Rep",
            groups="sales_team.group_sale_salesman",
        )  # fmt: skip
        cls.manager = new_test_user(
            cls.env, login="sale_boss", name="Sale Boss", groups="sales_team.group_sale_manager"
        )
        cls.env["crm.team.member"].create(
            [
                {"crm_team_id": cls.team.id, "user_id": cls.rep.id},
                {"crm_team_id": cls.team.id, "user_id": cls.other_rep.id},
            ]
        )
        cls.source = cls.env["social.interest.source"].create(
            {"name": "ACME Facebook page", "platform": "facebook", "team_id": cls.team.id}
        )
        cls.desk = cls.env["product.template"].create(
            {"name": "Desk", "type": "consu", "list_price": 150.0, "sale_ok": True}
        )
        cls.chair = cls.env["product.template"].create(
            {"name": "Office chair", "type": "consu", "list_price": 80.0, "sale_ok": True}
        )
        cls.company_partner = cls.env["res.partner"].create(
            {"name": "Roe Furniture Ltd", "is_company": True}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Jane Roe",
                "email": "jane.roe@example.com",
                "parent_id": cls.company_partner.id,
            }
        )
        cls.identity = cls.env["social.identity"].create(
            {
                "name": "Jane Roe",
                "platform": "facebook",
                "handle": "janeroe",
                "partner_id": cls.customer.id,
            }
        )

    @classmethod
    def _card(cls, **values):
        vals = {
            "platform": "facebook",
            "action_type": "comment",
            "source_id": cls.source.id,
            "team_id": cls.team.id,
            "author_name": "Jane Roe",
            "body": "Nice desk!",
            "interest_date": fields.Datetime.now() - timedelta(days=1),
        }
        vals.update(values)
        return cls.env["social.interest"].create(vals)

    @classmethod
    def _order(cls, partner=None, user=None, confirm=True, qty=1, product=None, when=None):
        product = product or cls.desk
        order = cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": (user or cls.rep).id,
                "order_line": [
                    fields.Command.create(
                        {"product_id": product.product_variant_id.id, "product_uom_qty": qty}
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
        if when:
            order.date_order = when
        return order

    @staticmethod
    def _days_ago(days):
        return datetime.now().replace(microsecond=0) - timedelta(days=days)
