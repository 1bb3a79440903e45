from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHostModels(TransactionCase):
    """A column we add to another addon's table must accept the rows that addon's own code
    writes while our addon is not loaded (its at-install tests, any upgrade before ours)."""

    def _nullable(self, table, column):
        self.env.cr.execute(
            "SELECT is_nullable FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            (table, column),
        )
        return self.env.cr.fetchone()[0]

    def test_team_strategy_column_accepts_null(self):
        self.assertEqual(self._nullable("crm_team", "social_assignment_strategy"), "YES")

    def test_team_without_strategy_keeps_cards_in_the_pool(self):
        team = self.env["crm.team"].create({"name": "Team created elsewhere"})
        self.assertEqual(team.social_assignment_strategy, "claim", "default in Python")
        # as crm's own code leaves it when our addon is not loaded
        self.env.cr.execute(
            "UPDATE crm_team SET social_assignment_strategy = NULL WHERE id = %s", (team.id,)
        )
        team.invalidate_recordset()
        card = self.env["social.interest"].create(
            {"platform": "facebook", "team_id": team.id, "body": "Is it in stock?"}
        )
        self.assertFalse(card.user_id, "no strategy: the card waits in the team's pool")
        self.assertFalse(card.assignment_strategy)
