from datetime import date

import pytest

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.gates import service as gates
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.projects import service as projects
from crm_rollout.steering import service as steering
from tests.factories import PASSWORD, make_project, make_user


@pytest.fixture
def setup(ctx):
    director = make_user("dir")
    project = make_project(director)
    make_user("gm")
    gm = projects.add_member(project, login="gm", role="steering").user_id
    db.session.commit()
    return project, director, gm


def _finish(phase):
    """Do everything the gate asks: mandatory items done, deliverables accepted."""
    for item in phases.phase_items(phase.id):
        phase_changes.update_item(item, expected_version=item.version, changes={"status": "done"})
    for deliverable in phases.phase_deliverables(phase.id):
        phase_changes.update_deliverable(
            deliverable, expected_version=deliverable.version, changes={"status": "accepted"}
        )


def _approve(gate, gm, decision="approve", comment=""):
    return gates.review(gate, reviewer_id=gm, decision=decision, comment=comment)


def test_a_phase_closes_only_through_its_gate(setup):
    project, director, gm = setup
    phase = phases.get_phase(project.id, 1)
    with pytest.raises(ValidationFailed):
        phase_changes.update_phase(phase, expected_version=phase.version, changes={"status": "closed"})
    with pytest.raises(ValidationFailed):
        gates.request_review(phase, requested_by=director.id)  # not started yet
    gates.start_phase(phase)
    _finish(phase)
    gate = gates.request_review(phase, requested_by=director.id)
    assert gate.criteria_met and phase.status == "gate_review"
    _approve(gate, gm)
    assert gate.outcome == "approved" and phase.status == "closed" and phase.actual_end is not None


def test_unmet_criteria_need_an_override_decision_and_the_evidence_is_frozen(setup):
    project, director, _gm = setup
    phase = phases.get_phase(project.id, 1)
    gates.start_phase(phase)
    live = gates.evidence(phase)
    assert not gates.criteria_met(live)
    assert {c["key"] for c in live["criteria"] if not c["met"]} == {"mandatory_done", "deliverables_accepted"}
    with pytest.raises(ValidationFailed) as raised:
        gates.request_review(phase, requested_by=director.id)
    assert "override_decision_id" in raised.value.errors
    decision = steering.record_decision(
        project.id, decided_on=date.today(), text="Close preparation; scope note follows."
    )
    gate = gates.request_review(phase, requested_by=director.id, override_decision_id=decision.id)
    assert not gate.criteria_met and gate.override_decision_id == decision.id
    frozen = gate.evidence
    _finish(phase)  # later work changes the live evidence, not the frozen one
    assert gate.evidence == frozen and gates.criteria_met(gates.evidence(phase))


def test_a_returned_gate_reopens_the_phase_for_a_new_request(setup):
    project, director, gm = setup
    phase = phases.get_phase(project.id, 1)
    gates.start_phase(phase)
    _finish(phase)
    first = gates.request_review(phase, requested_by=director.id)
    with pytest.raises(ValidationFailed):
        _approve(first, gm, decision="return")  # a return needs a comment
    _approve(first, gm, decision="return", comment="Attach the signed charter.")
    assert first.outcome == "returned" and phase.status == "in_progress"
    second = gates.request_review(phase, requested_by=director.id)
    assert second.id != first.id and len(gates.gates_of_phase(phase.id)) == 2


def test_the_next_phase_starts_after_the_previous_closes_or_by_decision(setup):
    project, _director, _gm = setup
    first, second = phases.get_phase(project.id, 1), phases.get_phase(project.id, 2)
    gates.start_phase(first)
    with pytest.raises(ValidationFailed) as raised:
        gates.start_phase(second)
    assert "decision_id" in raised.value.errors
    decision = steering.record_decision(project.id, decided_on=date.today(), text="Start kickoff planning early.")
    gates.start_phase(second, decision_id=decision.id)
    assert second.status == "in_progress"
    with pytest.raises(ValidationFailed):
        gates.start_phase(second)  # not twice


def test_only_committee_members_review_gates(setup):
    project, director, gm = setup
    phase = phases.get_phase(project.id, 1)
    gates.start_phase(phase)
    _finish(phase)
    gate = gates.request_review(phase, requested_by=director.id)
    with pytest.raises(ValidationFailed):
        _approve(gate, director.id)
    assert gates.waiting_for(gm, [project.id]) == [gate]
    _approve(gate, gm)
    assert gates.waiting_for(gm, [project.id]) == []


def test_gate_page_shows_evidence_and_signs_with_a_password(app, login_as, world):
    client = login_as("steering")
    url = f"/projects/{world.project_id}/phases/1/gate"
    html = client.get(url).get_data(as_text=True)
    assert "Mandatory checklist items done" in html and "Close phase 1 despite open items" in html
    client.post(f"{url}/{world.gate_id}/review", data={"decision": "approve", "password": PASSWORD})
    with app.app_context():
        assert phases.get_phase(world.project_id, 1).status == "closed"
