from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class SocialInterestMaterializedReport(models.AbstractModel):
    """An analysis kept as a PostgreSQL materialized view of :meth:`_query` (one row per
    ``id``), so that it answers in well under 2 s over a million cards: refreshed without
    blocking its readers by a scheduled action and by a sales manager's button; its
    ratios (``_ratios``: field -> numerator, denominator, factor) are ratios of sums,
    exact whatever the grouping. The social interest analysis and the sales bridge's
    community ROI are such analyses."""

    _name = "social.interest.materialized.report"
    _description = "Social Interest materialized analysis"
    _auto = False
    _ratios = {}
    _analysis_action = ""  # the xml id of the action that opens the analysis

    def _query(self):
        """The view's query: the named steps of :meth:`_query_ctes`, then
        :meth:`_query_rows` (one row per unique ``id``)."""
        return SQL(
            "WITH %s %s",
            SQL(", ").join(
                SQL("%s AS (%s)", SQL.identifier(name), body) for name, body in self._query_ctes()
            ),
            self._query_rows(),
        )

    def _query_ctes(self):
        """``[(name, SQL)]``: the view's steps, each reading the ones before it."""
        raise NotImplementedError

    def _query_rows(self):
        """The view's rows (an ``SQL`` over the steps), a unique ``id`` each."""
        raise NotImplementedError

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        if fname in self._ratios:
            numerator, denominator, factor = self._ratios[fname]
            return SQL(
                "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
                self._field_to_sql(self._table, numerator, query),
                factor,
                self._field_to_sql(self._table, denominator, query),
            )
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        if self._abstract:
            return
        self._drop_relation()
        self.env.cr.execute(
            SQL("CREATE MATERIALIZED VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX %s ON %s (id)",
                SQL.identifier(f"{self._table}_id_uniq"),
                SQL.identifier(self._table),
            )
        )

    def _drop_relation(self):
        self.env.cr.execute(
            "SELECT relkind FROM pg_class WHERE relname = %s AND relkind IN ('v', 'm')",
            [self._table],
        )
        for [relkind] in self.env.cr.fetchall():
            kind = SQL("MATERIALIZED VIEW") if relkind == "m" else SQL("VIEW")
            self.env.cr.execute(
                SQL("DROP %s IF EXISTS %s CASCADE", kind, SQL.identifier(self._table))
            )

    @api.model
    def _refresh(self):
        """Recompute the figures (without blocking readers).

        Private: a refresh costs seconds over a million cards; only the scheduled action
        and managers (``action_refresh_and_open``) run it."""
        self.env.flush_all()
        # JIT compilation costs more than it saves on this one-off aggregation.
        self.env.cr.execute("SET LOCAL jit = off")
        self.env.cr.execute(
            SQL("REFRESH MATERIALIZED VIEW CONCURRENTLY %s", SQL.identifier(self._table))
        )
        self.env.invalidate_all()
        return True

    @api.model
    def _cron_refresh(self):
        self._refresh()

    @api.model
    def action_refresh_and_open(self):
        """Refresh the figures now, then open the analysis (sales managers)."""
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            raise AccessError(self.env._("Only sales managers refresh the analysis."))
        self._refresh()
        return self.env["ir.actions.act_window"]._for_xml_id(self._analysis_action)
