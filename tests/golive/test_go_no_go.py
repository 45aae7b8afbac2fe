"""Go/no-go: criteria read from the project's evidence, owners' confirmations, waivers only by a recorded
steering decision, and a frozen, hashed pack the committee decides on."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crm_rollout.core.db import as_of
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.cutover import runs as cutover_runs
from crm_rollout.cutover import service as cutover
from crm_rollout.golive import service as golive
from crm_rollout.golive.models import GoNoGoPack
from crm_rollout.migration import service as migration
from crm_rollout.risks import service as risks
from crm_rollout.steering import service as steering
from crm_rollout.steering.models import Decision
from crm_rollout.team.models import Person
from crm_rollout.training import service as training
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def _by_key(project_id: int) -> dict:
    return {c["key"]: c for c in golive.criteria(project_id)}


def test_criteria_follow_the_training_migration_rehearsal_and_risk_evidence(app, world):
    with app.test_request_context():
        before = _by_key(world.project_id)
        assert not before["trained"]["met"] and "Li Wei" in before["trained"]["open"]
        assert not before["migration"]["met"] and not before["rehearsal"]["met"]
        # Train the one trainee; load accounts in a rehearsal that balances.
        enrolment = training.enrolments(world.project_id)[0]
        training.update_enrolment(enrolment, expected_version=enrolment.version, changes={"attended": True})
        migration.create_load(
            world.project_id,
            object_id=world.migration_object_id,
            kind="rehearsal",
            run_on=date.today(),
            extracted=100,
            loaded=100,
            source_count=100,
            target_count=100,
        )
        # A 40-minute rehearsal in a 60-minute window.
        start = datetime.now(UTC) - timedelta(minutes=40)
        cutover.update_plan(
            world.project_id,
            expected_version=0,
            changes={"window_start": start, "window_end": start + timedelta(minutes=60)},
        )
        run = cutover_runs.RUNS.get(world.project_id, world.cutover_run_id)
        step = cutover.STEPS.get(world.project_id, world.runbook_step_id)
        with as_of(start):
            cutover_runs.tick(run, step, "running", user_id=world.users["director"], runs_any=True)
        cutover_runs.tick(run, step, "done", user_id=world.users["director"], runs_any=True)
        high = risks.create_risk(world.project_id, title="Key users quit", probability=5, impact=5, status="open")
        after = _by_key(world.project_id)
        assert after["trained"]["met"] and after["migration"]["met"] and after["rehearsal"]["met"]
        assert not after["risks"]["met"] and after["risks"]["open"] == ["Key users quit"]
        risks.update_risk(high, expected_version=high.version, changes={"mitigation": "Retention bonus to go-live"})
        assert _by_key(world.project_id)["risks"]["met"]
        # The project's own target: 100 % holds, the one trainee being trained.
        golive.update_settings(world.project_id, expected_version=0, changes={"trained_target": 100})
        assert _by_key(world.project_id)["trained"]["met"]


def test_only_the_named_owner_confirms_with_a_comment(app, client, login_as, world):
    url = f"/projects/{world.project_id}/go-live/criteria/{world.owned_criterion_id}/confirm"
    login_as("consultant")
    client.post(url, data={"comment": "I say so", "confirmed": "1", "version": "1"})
    with app.test_request_context():
        assert golive.OWNED_CRITERIA.get(world.project_id, world.owned_criterion_id).confirmed_at is None
        db.session.get(Person, world.person_id).user_id = world.users["member"]
        db.session.commit()
    client.post("/logout")
    login_as("member")
    page = client.get(f"/projects/{world.project_id}/go-live/").get_data(as_text=True)
    assert "I confirm it" in page
    client.post(url, data={"comment": "", "confirmed": "1", "version": "1"})
    client.post(url, data={"comment": "Six agents trained and on the rota", "confirmed": "1", "version": "1"})
    with app.test_request_context():
        row = golive.OWNED_CRITERIA.get(world.project_id, world.owned_criterion_id)
        assert row.confirmed_at is not None and row.confirmed_by_id == world.users["member"]
        assert _by_key(world.project_id)[f"owned:{row.id}"]["met"]


def test_a_criterion_is_waived_only_by_a_decision_of_the_project(app, client, login_as, world):
    with app.test_request_context():
        foreign = steering.record_decision(world.other_project_id, decided_on=date.today(), text="Elsewhere")
        db.session.commit()
        foreign_id = foreign.id
    login_as("director")
    url = f"/projects/{world.project_id}/go-live/waivers"
    client.post(url, data={"criterion_key": "rehearsal", "decision_id": str(foreign_id)})
    with app.test_request_context():
        assert not _by_key(world.project_id)["rehearsal"].get("waived_by")
        mine = steering.record_decision(
            world.project_id, decided_on=date.today(), text="Go live without a full rehearsal", rationale="Pilot only"
        )
        db.session.commit()
        mine_id = mine.id
    client.post(url, data={"criterion_key": "rehearsal", "decision_id": str(mine_id)})
    with app.test_request_context():
        waived = _by_key(world.project_id)["rehearsal"]["waived_by"]
        assert waived["decision_id"] == mine_id and waived["text"] == "Go live without a full rehearsal"
    client.post("/logout")
    login_as("consultant")
    assert client.post(url, data={"criterion_key": "risks", "decision_id": str(mine_id)}).status_code == 403


def test_the_pack_is_frozen_with_its_hash_and_the_decision_goes_to_the_log(app, client, login_as, world):
    login_as("consultant")
    frozen = client.post(f"/projects/{world.project_id}/go-live/packs")
    assert frozen.status_code == 302
    with app.test_request_context():
        pack = golive.packs(world.project_id)[0]
        assert pack.number == 2 and golive.verify(pack)
        assert {c["key"] for c in pack.content["criteria"]} >= {
            "checklists",
            "gates",
            "trained",
            f"owned:{world.owned_criterion_id}",
        }
        pack_id, version = pack.id, pack.version
    # The committee's runner decides; a consultant may not.
    decide = {"outcome": "no_go", "rationale": "Rehearse the migration again", "version": str(version)}
    assert client.post(f"/projects/{world.project_id}/go-live/packs/{pack_id}", data=decide).status_code == 403
    client.post("/logout")
    login_as("director")
    assert client.post(f"/projects/{world.project_id}/go-live/packs/{pack_id}", data=decide).status_code == 302
    again = client.post(
        f"/projects/{world.project_id}/go-live/packs/{pack_id}",
        data=decide | {"outcome": "go", "version": str(version + 1)},
    )
    assert again.status_code == 400
    with app.test_request_context():
        pack = db.session.get(GoNoGoPack, pack_id)
        decision = db.session.get(Decision, pack.decision_id)
        assert pack.outcome == "no_go" and pack.content_hash[:12] in decision.text
        assert decision.rationale == "Rehearse the migration again"
        assert golive.go_decided_on(world.project_id) is None
        # The frozen content stays as it was, whatever happens to the project after.
        pack.content = dict(pack.content, all_met=True)
        assert not golive.verify(pack)
        db.session.rollback()


def test_the_api_lists_criteria_and_packs_and_freezes_one(client, world, bearer):  # noqa: F811
    headers = bearer("consultant")
    base = f"/api/v1/projects/{world.project_id}"
    listed = client.get(f"{base}/golive_criteria", headers=headers).get_json()
    keys = [c["key"] for c in listed]
    assert keys[:8] == [
        "checklists",
        "prototype_tests",
        "readiness",
        "trained",
        "migration",
        "rehearsal",
        "risks",
        "gates",
    ]
    assert keys[8] == f"owned:{world.owned_criterion_id}"
    frozen = client.post(f"{base}/golive_packs", headers=headers)
    assert frozen.status_code == 201 and frozen.get_json()["hash_verified"] is True
    assert [p["number"] for p in client.get(f"{base}/golive_packs", headers=headers).get_json()] == [2, 1]
    nobody = client.post(f"{base}/owned_criteria", headers=headers, json={"title": "Hotline staffed", "owner_id": None})
    assert nobody.status_code == 422
    assert client.get(f"/api/v1/projects/{world.other_project_id}/golive_criteria", headers=headers).status_code == 404


def test_a_waiver_needs_a_known_criterion(app, world):
    with app.test_request_context():
        decision = steering.record_decision(world.project_id, decided_on=date.today(), text="Waive")
        with pytest.raises(ValidationFailed):
            golive.waive(world.project_id, "made_up", decision.id)
