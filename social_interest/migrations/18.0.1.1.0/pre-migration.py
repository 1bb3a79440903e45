# Views of the card that 18.0.1.0.0 shipped as extensions of its own views now live in
# those views. Left in the database until the end of the update, they would point at
# elements that are gone and stop the update of the views they extend.
OBSOLETE_VIEWS = (
    "social_interest_view_form_care",
    "social_interest_view_kanban_care",
    "social_interest_view_list_care",
    "social_interest_view_search_care",
    "social_interest_source_view_form_care",
)


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (
               SELECT res_id FROM ir_model_data
                WHERE module = 'social_interest' AND model = 'ir.ui.view' AND name IN %s)
        """,
        [OBSOLETE_VIEWS],
    )
    cr.execute(
        """
        DELETE FROM ir_model_data
         WHERE module = 'social_interest' AND model = 'ir.ui.view' AND name IN %s
        """,
        [OBSOLETE_VIEWS],
    )
