"""The blueprint pages as a browser uses them (CSRF is off in tests; tests/auth checks it is on)."""

import io

from crm_rollout.core.extensions import db
from crm_rollout.processes import bpmn, service
from crm_rollout.projects.models import Project
from tests.conftest import login


def _base(world):
    return f"/projects/{world.project_id}/blueprint"


def _model(app, model_id):
    with app.app_context():
        model = db.session.get(service.ProcessModel, model_id)
        (drawn,) = service.drawn([model])
        return [(s.actor, s.activity) for s in drawn.steps], drawn.measures


def test_every_page_and_picture_renders_for_a_viewer(world, login_as):
    client = login_as("viewer")
    base = _base(world)
    for url in (
        f"{base}/",
        f"{base}/processes/{world.process_id}",
        f"{base}/models/{world.model_id}",
        f"{base}/steps/{world.step_id}",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "Complaint handling" in page.get_data(as_text=True)
        assert "Add step" not in page.get_data(as_text=True)  # no editing controls without the right
    swimlane = client.get(f"{base}/models/{world.model_id}/swimlane.svg")
    assert swimlane.mimetype == "image/svg+xml"
    assert "Log the complaint" in swimlane.get_data(as_text=True) and "Case manager" in swimlane.get_data(as_text=True)
    fishbone = client.get(f"{base}/processes/{world.process_id}/fishbone.svg")
    assert "No shared customer record" in fishbone.get_data(as_text=True)
    export = client.get(f"{base}/models/{world.model_id}/model.bpmn")
    assert "attachment" in export.headers["Content-Disposition"]
    assert len(bpmn.parse(export.data).steps) == 2


def test_a_process_without_a_name_is_refused_and_the_typed_input_kept(world, login_as):
    client = login_as("consultant")
    page = client.post(f"{_base(world)}/", data={"name": "", "area": "sales", "description": "Quote to cash"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "There is a problem" in html and "Name the process." in html and "Quote to cash" in html


def test_adding_and_editing_steps_changes_the_measures(app, world, login_as):
    client = login_as("consultant")
    base = _base(world)
    _steps, before = _model(app, world.model_id)
    response = client.post(
        f"{base}/models/{world.model_id}/steps",
        data={
            "actor": "Quality engineer",
            "department": "Quality",
            "activity": "Check the batch",
            "duration_hours": "8",
        },
    )
    assert response.status_code == 302
    steps, after = _model(app, world.model_id)
    assert steps[-1] == ("Quality engineer", "Check the batch")
    assert (after.steps, after.roles, after.handoffs) == (before.steps + 1, before.roles + 1, before.handoffs + 1)
    assert after.critical_hours == before.critical_hours + 8
    bad = client.post(
        f"{base}/models/{world.model_id}/steps",
        data={"actor": "x", "activity": "y", "duration_hours": "1", "next_steps": "9"},
    )
    assert bad.status_code == 400 and "There is no other step 9." in bad.get_data(as_text=True)


def test_a_stale_step_edit_gets_409_and_keeps_what_was_typed(app, world, login_as):
    client = login_as("consultant")
    url = f"{_base(world)}/steps/{world.step_id}"
    form = {"actor": "Agent", "activity": "Log it in CRM", "duration_hours": "0.5", "next_steps": "", "version": "1"}
    assert client.post(url, data=form).status_code == 302
    stale = client.post(url, data=form | {"activity": "My late wording"})
    assert stale.status_code == 409
    assert "My late wording" in stale.get_data(as_text=True)
    steps, _m = _model(app, world.model_id)
    assert steps[0][1] == "Log it in CRM"


def test_the_owner_approves_others_may_not(app, world, login_as):
    url = f"{_base(world)}/models/{world.model_id}/approve"
    director = login_as("director")
    assert director.post(url, data={"version": 1}).status_code == 403
    director.post("/logout")
    client = login_as("consultant")  # the world's process owner
    with app.app_context():
        version = db.session.get(service.ProcessModel, world.model_id).version
    assert client.post(url, data={"version": version}).status_code == 302
    with app.app_context():
        assert db.session.get(service.ProcessModel, world.model_id).is_approved
    # The approved revision no longer takes steps.
    refused = client.post(
        f"{_base(world)}/models/{world.model_id}/steps", data={"actor": "a", "activity": "b", "duration_hours": "1"}
    )
    assert refused.status_code == 400 and "start a new revision" in refused.get_data(as_text=True)


def test_uploading_a_bpmn_file_replaces_the_steps(app, world, login_as):
    client = login_as("consultant")
    base = _base(world)
    exported = client.get(f"{base}/models/{world.model_id}/model.bpmn").data
    with app.app_context():
        process = service.create_process(world.project_id, name="Copy", area="service", in_blueprint=True)
        target = service.current(service.models_of(process.id), "as_is").id
        db.session.commit()
    response = client.post(
        f"{base}/models/{target}/import",
        data={"file": (io.BytesIO(exported), "model.bpmn")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert _model(app, target)[0] == _model(app, world.model_id)[0]
    junk = client.post(
        f"{base}/models/{target}/import",
        data={"file": (io.BytesIO(b"junk"), "x.bpmn")},
        content_type="multipart/form-data",
    )
    assert junk.status_code == 400 and "not a readable XML file" in junk.get_data(as_text=True)


def test_after_a_modellers_file_the_page_lists_what_was_not_kept_in_the_readers_language(app, world, login_as):
    from pathlib import Path

    client = login_as("consultant")
    base = _base(world)
    data = (Path(__file__).parent / "bpmn_files" / "camunda_quote_to_order.bpmn").read_bytes()
    with app.app_context():
        process = service.create_process(world.project_id, name="Quote to order", area="sales", in_blueprint=True)
        target = service.current(service.models_of(process.id), "as_is").id
        db.session.commit()
    response = client.post(
        f"{base}/models/{target}/import",
        data={"file": (io.BytesIO(data), "quote.bpmn")},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    english = response.get_data(as_text=True)
    assert "5 elements could not be kept" in english  # the flash and the report's heading
    assert "DataStoreReference_0erp" in english and "Data stores are not part of a process model here." in english
    chinese = client.get(f"{base}/models/{target}", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "数据存储不属于这里的流程模型" in chinese and "DataStoreReference_0erp" in chinese


def test_another_projects_rows_are_not_found_through_this_project(app, world, login_as):
    with app.app_context():
        theirs = service.create_process(world.other_project_id, name="Theirs", area="sales", in_blueprint=True)
        model_id = service.current(service.models_of(theirs.id), "to_be").id
        db.session.commit()
        process_id = theirs.id
    client = login_as("director")
    base = _base(world)
    assert client.get(f"{base}/processes/{process_id}").status_code == 404
    assert client.get(f"{base}/models/{model_id}").status_code == 404
    assert client.get(f"/api/v1/process-models/{model_id}").status_code == 404


def test_the_director_sets_the_weights_and_the_ranking_follows(app, world, login_as):
    client = login_as("director")
    with app.app_context():
        service.create_process(
            world.project_id, name="Feasible", area="sales", importance=1, performance_gap=1, feasibility=5
        )
        service.create_process(
            world.project_id, name="Important", area="sales", importance=5, performance_gap=1, feasibility=1
        )
        db.session.commit()
        version = db.session.get(Project, world.project_id).version
    response = client.post(
        f"{_base(world)}/weights", data={"importance": 0, "performance_gap": 0, "feasibility": 100, "version": version}
    )
    assert response.status_code == 302
    listed = client.get(f"/api/v1/projects/{world.project_id}/processes").get_json()
    assert [p["name"] for p in listed][:2] == ["Feasible", "Important"]


def _swimlane_of(page_html: str) -> str:
    return page_html.split('aria-label="Swimlane diagram">', 1)[1].split("</svg>", 1)[0]


def test_the_swimlane_is_drawn_once_for_each_content_and_follows_every_change(app, world, login_as, monkeypatch):
    """The page's picture and the downloaded SVG are kept under what the model holds: a second reader gets the
    same drawing without it being laid out again, and a step edited, a step added or another language shows at
    once."""
    from crm_rollout.processes import diagrams

    laid_out = []
    real = diagrams.swimlane
    monkeypatch.setattr(diagrams, "swimlane", lambda drawn: laid_out.append(drawn.model.id) or real(drawn))
    base = _base(world)
    url = f"{base}/models/{world.model_id}"
    viewer = app.test_client()
    login(viewer, "viewer")
    first = _swimlane_of(viewer.get(url).get_data(as_text=True))
    client = login_as("consultant")
    assert _swimlane_of(client.get(url).get_data(as_text=True)) == first
    assert laid_out == [world.model_id]  # drawn for the first reader only

    with app.app_context():
        step = db.session.get(service.ProcessStep, world.step_id)
        version, activity = step.version, step.activity
    assert activity in first
    form = {"actor": step.actor, "activity": "Log it in the shared CRM", "duration_hours": "0.5", "version": version}
    assert client.post(f"{base}/steps/{world.step_id}", data=form).status_code == 302
    edited = _swimlane_of(client.get(url).get_data(as_text=True))
    assert "Log it in the shared CRM" in edited and activity not in edited
    assert "Log it in the shared CRM" in client.get(f"{url}/swimlane.svg").get_data(as_text=True)

    added = {"actor": "Quality engineer", "activity": "Check the batch", "duration_hours": "8"}
    assert client.post(f"{url}/steps", data=added).status_code == 302
    assert "Check the batch" in _swimlane_of(client.get(url).get_data(as_text=True))

    client.post("/language", data={"locale": "zh", "next": "/"})
    chinese = client.get(url).get_data(as_text=True)
    assert "泳道图" in chinese.split("<svg", 1)[1].split("</title>", 1)[0]
