"""Hostile input: nothing non-finite, no date outside the window, no text beyond its column, no body beyond
the request limit, no BPMN file that exhausts the stack or the page. Each is refused with a clear error,
never a 500, and nothing is stored."""

import json

import pytest

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.limits import REQUEST_MAX_BYTES
from crm_rollout.processes import bpmn
from crm_rollout.risks.models import Risk
from crm_rollout.scorecard.models import Kpi

BPMN_NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"'


def _raw(client, method, url, text):
    return client.open(url, method=method, data=text, headers={"Content-Type": "application/json"})


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_in_json_are_refused(login_as, world, number):
    client = login_as("consultant")
    response = _raw(
        client, "POST", f"/api/v1/kpis/{world.kpi_id}/measurements", f'{{"date": "2026-03-01", "value": {number}}}'
    )
    assert response.status_code == 400
    assert response.get_json()["error"] == "Bad Request"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31"])
def test_dates_outside_the_window_are_refused_by_the_api(login_as, world, day):
    client = login_as("director")
    response = client.post(
        f"/api/v1/projects/{world.project_id}/milestones", json={"name": "Far away", "baseline_date": day}
    )
    assert response.status_code == 422 and "baseline_date" in response.get_json()["fields"]


def test_dates_outside_the_window_are_refused_by_the_page_and_the_timeline_still_draws(app, login_as, world):
    client = login_as("director")
    response = client.post(
        f"/projects/{world.project_id}/milestones/",
        data={"name": "Typo", "baseline_date": "0001-01-01", "status": "open"},
    )
    assert response.status_code == 400
    assert "between 1900-01-01 and 2199-12-31" in response.get_data(as_text=True)
    assert client.get(f"/projects/{world.project_id}/milestones/timeline.svg").status_code == 200


def test_a_nan_typed_into_a_form_is_refused_not_stored(app, login_as, world):
    client = login_as("consultant")
    response = client.post(
        f"/projects/{world.project_id}/scorecard/{world.kpi_id}/measurements",
        data={"measured_on": "2026-03-01", "value": "nan"},
    )
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.get(Kpi, world.kpi_id).measurements == []


def test_text_longer_than_its_column_is_refused_by_the_api(app, login_as, world):
    client = login_as("consultant")
    too_long = "长" * (Risk.__table__.c.title.type.length + 1)
    response = client.post(f"/api/v1/projects/{world.project_id}/risks", json={"title": too_long})
    assert response.status_code == 422 and "title" in response.get_json()["fields"]
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).where(Risk.title.like("长长%"))) == 0


def test_a_body_over_the_request_limit_is_413(login_as, world):
    client = login_as("consultant")
    big = json.dumps({"title": "x" * (REQUEST_MAX_BYTES + 1)})
    response = _raw(client, "POST", f"/api/v1/projects/{world.project_id}/risks", big)
    assert response.status_code == 413
    assert response.get_json()["error"]
    page = client.post(f"/projects/{world.project_id}/risks/", data={"title": "y" * (REQUEST_MAX_BYTES + 1)})
    assert page.status_code == 413


def _chain(events: int) -> bytes:
    parts = ['<bpmn:task id="t1" name="First"/>', '<bpmn:task id="t2" name="Second"/>']
    parts += [f'<bpmn:intermediateThrowEvent id="e{n}"/>' for n in range(events)]
    flows = [("t1", "e0")] + [(f"e{n}", f"e{n + 1}") for n in range(events - 1)] + [(f"e{events - 1}", "t2")]
    parts += [f'<bpmn:sequenceFlow id="f{n}" sourceRef="{s}" targetRef="{t}"/>' for n, (s, t) in enumerate(flows)]
    return (
        f'<bpmn:definitions {BPMN_NS}><bpmn:process id="p">{"".join(parts)}</bpmn:process></bpmn:definitions>'.encode()
    )


def test_a_long_chain_of_events_is_kept_in_order_and_a_longer_one_refused_with_a_reason():
    imported = bpmn.parse(_chain(bpmn.reading.MAX_STEPS - 2))
    names = [s["activity"] or s["bpmn_id"] for s in imported.steps]
    assert names[0] == "First" and names[-1] == "Second" and names[1:-1] == [f"e{n}" for n in range(len(names) - 2)]
    with pytest.raises(ValidationFailed) as raised:
        bpmn.parse(_chain(1500))
    assert "steps" in raised.value.errors["file"]


def test_sub_processes_nested_too_deep_are_reported_not_followed():
    depth = 60
    inner = '<bpmn:task id="leaf" name="Leaf"/>'
    for n in range(depth):
        inner = f'<bpmn:subProcess id="s{n}" name="Level {n}">{inner}</bpmn:subProcess>'
    data = f'<bpmn:definitions {BPMN_NS}><bpmn:process id="p">{inner}</bpmn:process></bpmn:definitions>'.encode()
    imported = bpmn.parse(data)
    kept = {s["bpmn_id"] for s in imported.steps}
    dropped = {d["id"] for d in imported.report.dropped}
    assert kept and dropped and kept.isdisjoint(dropped)
    assert len(kept) == bpmn.report.MAX_DEPTH + 1  # the levels read, down to the limit
    assert all(d["reason"] == "too_deep" for d in imported.report.dropped)
    assert str(bpmn.report.MAX_DEPTH) in bpmn.report.reason_text("too_deep")


def test_a_file_of_thousands_of_flows_is_refused_with_a_reason():
    tasks = "".join(f'<bpmn:task id="t{n}" name="T{n}"/>' for n in range(100))
    flows = "".join(
        f'<bpmn:sequenceFlow id="f{a}_{b}" sourceRef="t{a}" targetRef="t{b}"/>' for a in range(100) for b in range(60)
    )
    data = f'<bpmn:definitions {BPMN_NS}><bpmn:process id="p">{tasks}{flows}</bpmn:process></bpmn:definitions>'
    with pytest.raises(ValidationFailed) as raised:
        bpmn.parse(data.encode())
    assert "sequence flows" in raised.value.errors["file"]
