"""Helpers every HTML view shares (crm_rollout/core/web.py)."""

from flask import Flask, url_for

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


def test_an_id_in_the_query_string_gets_url_fors_address(app):
    with app.test_request_context("/"):
        by_query = url_for_each("phases.phase", "page", project_id=3, number=2)
        assert by_query(7) == url_for("phases.phase", project_id=3, number=2, page=7)


def test_a_rule_that_writes_the_id_otherwise_is_built_for_each_row():
    """A converter that pads the id would turn the shortcut into wrong addresses: url_for builds each one."""
    padded = Flask("padded")
    padded.add_url_rule("/rows/<int(fixed_digits=14):row_id>", "row", lambda row_id: "")
    with padded.test_request_context("/"):
        row_url = url_for_each("row", "row_id")
        for row_id in (7, 123):
            assert row_url(row_id) == url_for("row", row_id=row_id) == f"/rows/{row_id:014d}"
