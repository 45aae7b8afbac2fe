"""Helpers every HTML view shares (crm_rollout/core/web.py)."""

from flask import url_for

from crm_rollout.core.web import url_for_each


def test_each_rows_address_is_the_one_url_for_builds(app):
    """url_for_each builds a table's row addresses from one build: each must be url_for's own, also under a
    prefix (SCRIPT_NAME) and with ids that contain the digits of the project's."""
    for root in ("", "/crm"):
        with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
            for project_id in (1, 12, 9876):
                item_url = url_for_each("phases.item", "item_id", project_id=project_id)
                for item_id in (1, 12, 987, 9876, 10**12):
                    expected = url_for("phases.item", project_id=project_id, item_id=item_id)
                    assert item_url(item_id) == expected
                    assert expected.startswith(f"{root}/projects/{project_id}/")


def test_a_rule_that_does_not_print_the_id_as_it_is_still_gets_url_fors_address(app):
    with app.test_request_context("/"):
        # The id as a query argument: the placeholder comes back inside the query string, and once only.
        by_query = url_for_each("phases.phase", "page", project_id=3, number=2)
        assert by_query(7) == url_for("phases.phase", project_id=3, number=2, page=7)
