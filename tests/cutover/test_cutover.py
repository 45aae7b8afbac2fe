"""The cut-over: the runbook's critical path against the window, runs ticked step by step by their owners,
the live position and expected end, rehearsals' durations taken into the plan."""

from datetime import UTC, datetime, timedelta

import pytest

from crm_rollout.core.db import as_of
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.cutover import runs as running
from crm_rollout.cutover import schedule
from crm_rollout.cutover import service as cutover
from crm_rollout.team.models import Person
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def test_the_critical_path_and_slack_follow_the_dependencies_and_their_lags():
    # A 30 min; B 60 after A; C 10 starting 20 min after A ends; D 15 after B and C.
    timings = schedule.plan({1: 30, 2: 60, 3: 10, 4: 15}, {2: [(1, 0)], 3: [(1, 20)], 4: [(2, 0), (3, 0)]})
    assert [(timings[i].start, timings[i].end) for i in (1, 2, 3, 4)] == [(0, 30), (30, 90), (50, 60), (90, 105)]
    assert [timings[i].critical for i in (1, 2, 3, 4)] == [True, True, False, True]
    assert timings[3].slack == 30
    assert schedule.hours_minutes(105) == "1:45" and schedule.hours_minutes(-20) == "−0:20"


def _runbook(world):
    """Freeze (world's, 30 min) → extract 60 → load 90 (after extract + 15 min lag) → open to users 10."""
    freeze = cutover.STEPS.get(world.project_id, world.runbook_step_id)
    extract = cutover.create_step(world.project_id, title="Extract", planned_minutes=60, after=str(freeze.number))
    load = cutover.create_step(world.project_id, title="Load", planned_minutes=90, after=f"{extract.number}+15")
    open_ = cutover.create_step(world.project_id, title="Open to users", planned_minutes=10, after=str(load.number))
    return freeze, extract, load, open_


def test_the_runbook_shows_whether_it_fits_the_window_and_refuses_cycles(app, client, login_as, world):
    with app.test_request_context():
        freeze, _extract, _load, open_ = _runbook(world)
        with pytest.raises(ValidationFailed):
            cutover.update_step(freeze, expected_version=freeze.version, changes={"after": str(open_.number)})
        with pytest.raises(ValidationFailed):
            cutover.update_step(freeze, expected_version=freeze.version, changes={"after": "999"})
        start = datetime(2027, 3, 6, 1, 0, tzinfo=UTC)
        cutover.update_plan(
            world.project_id,
            expected_version=0,
            changes={"window_start": start, "window_end": start + timedelta(hours=3)},
        )
        db.session.commit()
    login_as("viewer")
    page = client.get(f"/projects/{world.project_id}/cutover/").get_data(as_text=True)
    # 30 + 60 + 15 + 90 + 10 = 205 minutes along the only path: 25 minutes more than the 3 h window.
    assert "3:25" in page and "0:25 h more than the window" in page
    assert page.count(">critical<") == 4


def test_owners_tick_their_steps_in_order_and_the_run_knows_its_delay(app, client, login_as, world):
    with app.test_request_context():
        freeze, extract, load, _open = (step.id for step in _runbook(world))
        db.session.get(Person, world.person_id).user_id = world.users["member"]  # the member owns the freeze
        db.session.commit()
    login_as("member")
    run_url = f"/projects/{world.project_id}/cutover/runs/{world.cutover_run_id}"
    # Not theirs: refused, nothing recorded.
    client.post(f"{run_url}/steps/{extract}", data={"status": "running", "version": "0"})
    with app.test_request_context():
        assert running.run_steps(world.project_id) == []
    client.post(f"{run_url}/steps/{freeze}", data={"status": "running", "version": "0"})
    stale = client.post(f"{run_url}/steps/{freeze}", data={"status": "done", "version": "0"}, follow_redirects=True)
    assert "Someone ticked this step meanwhile" in stale.get_data(as_text=True)
    client.post(f"{run_url}/steps/{freeze}", data={"status": "done", "version": "1"})
    with app.test_request_context():
        run = running.RUNS.get(world.project_id, world.cutover_run_id)
        assert run.started_at is not None and run.finished_at is None
        [ticked] = running.run_steps(world.project_id)
        assert ticked.status == "done" and ticked.actual_end >= ticked.actual_start
    client.post("/logout")
    login_as("consultant")
    refused = client.post(f"{run_url}/steps/{load}", data={"status": "running"}, follow_redirects=True)
    assert "must be done first" in refused.get_data(as_text=True)


def test_the_position_forecasts_the_end_from_what_has_happened(app, world):
    with app.test_request_context():
        freeze, extract, _load, _open = _runbook(world)
        run = running.RUNS.get(world.project_id, world.cutover_run_id)
        now = datetime.now(UTC)
        tick = lambda step, status: running.tick(run, step, status, user_id=world.users["director"], runs_any=True)  # noqa: E731
        with as_of(now - timedelta(minutes=100)):
            tick(freeze, "running")
        with as_of(now - timedelta(minutes=50)):  # the freeze took 50 minutes, 20 more than planned
            tick(freeze, "done")
            tick(extract, "running")
        where = running.position(run, cutover.steps(world.project_id), now=now)
        lines = {line.step.id: line for line in where.lines}
        assert lines[freeze.id].delay == 20
        # Extract runs 60 from 50 minutes ago: 10 to go, then 15 lag, 90 load, 10 opening.
        assert where.expected_minutes == 100 + 10 + 15 + 90 + 10
        assert where.delay == where.expected_minutes - 205 == 20
        assert where.done == 1
        assert abs((where.expected_end - (now + timedelta(minutes=125))).total_seconds()) < 61


def test_a_rehearsals_durations_become_the_plan(app, world):
    with app.test_request_context():
        freeze = cutover.STEPS.get(world.project_id, world.runbook_step_id)
        run = running.RUNS.get(world.project_id, world.cutover_run_id)
        now = datetime.now(UTC)
        with as_of(now - timedelta(minutes=45)):
            running.tick(run, freeze, "running", user_id=world.users["director"], runs_any=True)
        running.tick(run, freeze, "done", user_id=world.users["director"], runs_any=True)
        assert run.finished_at is not None  # its only step finished
        assert running.adopt_durations(run, project_id=world.project_id) == 1
        assert cutover.STEPS.get(world.project_id, freeze.id).planned_minutes == 45
        assert running.last_rehearsal(world.project_id).id == run.id


def test_the_api_serves_the_plan_steps_runs_and_ticks(client, world, bearer):  # noqa: F811
    headers = bearer("consultant")
    base = f"/api/v1/projects/{world.project_id}"
    first = client.patch(
        f"{base}/cutover_plan", headers=headers, json={"window_start": "2027-03-06T01:00:00+08:00", "version": 0}
    )
    assert first.status_code == 200 and first.get_json()["window_start"] == "2027-03-05T17:00:00+00:00"
    stale = client.patch(f"{base}/cutover_plan", headers=headers, json={"rollback_authority": "CIO", "version": 0})
    assert stale.status_code == 409
    step = client.post(f"{base}/runbook_steps", headers=headers, json={"title": "Load accounts", "after": "10+5"})
    assert step.status_code == 201, step.get_json()
    body = step.get_json()
    assert body["predecessors"] == [{"step_id": world.runbook_step_id, "lag_minutes": 5}]
    assert (body["planned_start"], body["critical"]) == (35, True)
    bad = client.post(f"{base}/runbook_steps", headers=headers, json={"title": "x", "after": "ten"})
    assert bad.status_code == 422
    tick = client.post(
        f"{base}/cutover_run_steps",
        headers=headers,
        json={"run_id": world.cutover_run_id, "step_id": world.runbook_step_id, "status": "running"},
    )
    assert tick.status_code == 201 and tick.get_json()["status"] == "running"
    again = client.post(
        f"{base}/cutover_run_steps",
        headers=headers,
        json={"run_id": world.cutover_run_id, "step_id": world.runbook_step_id, "status": "done", "version": 7},
    )
    assert again.status_code == 409
    [run] = client.get(f"{base}/cutover_runs", headers=headers).get_json()
    assert run["started_at"] is not None
    assert client.get(f"/api/v1/projects/{world.other_project_id}/runbook_steps", headers=headers).status_code == 404
