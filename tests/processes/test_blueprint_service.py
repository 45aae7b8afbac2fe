"""The blueprint's rules with a database: selection, steps and routes, revisions, approval, tests."""

from datetime import date

import pytest
from sqlalchemy import select

from crm_rollout.core.audit import AuditEntry, acting_as
from crm_rollout.core.errors import Conflict, NotFound, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.gates import service as gates
from crm_rollout.phases import service as phases
from crm_rollout.processes import approvals, service
from crm_rollout.processes import steps as process_steps
from crm_rollout.reports import snapshot
from crm_rollout.team import service as team
from tests.factories import make_project, make_user


@pytest.fixture
def setup(ctx):
    director = make_user("dir")
    owner_account = make_user("owner")
    project = make_project(director)
    owner = team.add_person(project.id, name="Olga Owner", tier="functional", position="key_user")
    owner.user_id = owner_account.id
    process = service.create_process(project.id, name="Complaints", area="service", owner_id=owner.id)
    db.session.commit()
    return project, process, director, owner_account


def _to_be(process):
    service.update_process(process, expected_version=process.version, changes={"in_blueprint": True})
    return service.current(service.models_of(process.id), "to_be")


def _drawn(model):
    (drawn,) = service.drawn([model])
    return drawn


def test_selecting_a_process_gives_it_an_as_is_and_a_first_to_be(setup):
    _project, process, _d, _o = setup
    assert service.models_of(process.id) == []
    to_be = _to_be(process)
    kinds = sorted((m.kind, m.revision) for m in service.models_of(process.id))
    assert kinds == [("as_is", 1), ("to_be", 1)]
    assert to_be.editable
    # Selecting again, or deselecting and selecting, adds nothing.
    service.update_process(process, expected_version=process.version, changes={"in_blueprint": False})
    service.update_process(process, expected_version=process.version, changes={"in_blueprint": True})
    assert len(service.models_of(process.id)) == 2


def test_scores_are_checked_and_a_stale_edit_conflicts(setup):
    _project, process, _d, _o = setup
    with pytest.raises(ValidationFailed) as raised:
        service.update_process(process, expected_version=process.version, changes={"importance": 9})
    assert "importance" in raised.value.errors
    old = process.version
    service.update_process(process, expected_version=old, changes={"importance": 5, "importance_note": " key "})
    assert process.importance_note == "key"
    with pytest.raises(Conflict):
        service.update_process(process, expected_version=old, changes={"importance": 4})


def test_steps_insert_move_and_remove_keep_numbers_and_routes(setup):
    _project, process, _d, _o = setup
    model = _to_be(process)
    a = process_steps.add_step(model, actor="Agent", activity="Log", duration_hours=1)
    c = process_steps.add_step(model, actor="Agent", activity="Close", duration_hours=1)
    b = process_steps.add_step(model, actor="Engineer", activity="Fix", duration_hours=3, at=2)
    assert [s.id for s in _drawn(model).steps] == [a.id, b.id, c.id]
    process_steps.update_step(
        a, expected_version=a.version, changes={"is_decision": True, "next_steps": "2: fault; 3: no fault"}
    )
    drawn = _drawn(model)
    assert drawn.routes_text(a) == "2: fault; 3: no fault"
    process_steps.move_step(c, by=-1)  # Close now comes before Fix: the routes still name the same steps
    drawn = _drawn(model)
    assert [s.activity for s in drawn.steps] == ["Log", "Close", "Fix"]
    assert drawn.routes_text(a) == "3: fault; 2: no fault"
    process_steps.remove_step(b)
    drawn = _drawn(model)
    assert [s.position for s in drawn.steps] == [1, 2]
    assert drawn.routes_text(a) == "2: no fault"  # the route to the removed step went with it


def test_route_text_errors_name_the_field(setup):
    _project, process, _d, _o = setup
    model = _to_be(process)
    step = process_steps.add_step(model, actor="Agent", activity="Log")
    for text in ("7", "1", "soon"):
        with pytest.raises(ValidationFailed) as raised:
            process_steps.update_step(step, expected_version=step.version, changes={"next_steps": text})
        assert "next_steps" in raised.value.errors, text
    with pytest.raises(ValidationFailed) as raised:
        process_steps.add_step(model, actor=" ", activity="", duration_hours=-1)
    assert set(raised.value.errors) == {"actor", "activity", "duration_hours"}


def test_a_revision_copies_the_to_be_and_keeps_the_earlier_one_as_it_was(setup):
    _project, process, _d, _o = setup
    first = _to_be(process)
    log = process_steps.add_step(first, actor="Agent", activity="Log", duration_hours=1, is_decision=True)
    process_steps.add_step(first, actor="Manager", activity="Approve", duration_hours=2)
    process_steps.update_step(log, expected_version=log.version, changes={"next_steps": "2: yes; end: no"})
    service.update_model(first, expected_version=first.version, changes={"change_rules": "Agents decide up to ¥500"})
    with pytest.raises(ValidationFailed):
        service.revise(first, reason=" ")
    second = service.revise(first, reason="Test found the manager is not needed")
    assert (second.revision, second.change_note, second.change_rules) == (
        2,
        "Test found the manager is not needed",
        "Agents decide up to ¥500",
    )
    assert first.superseded and not first.editable
    old, new = _drawn(first), _drawn(second)
    assert [s.activity for s in new.steps] == [s.activity for s in old.steps]
    assert {s.id for s in new.steps}.isdisjoint({s.id for s in old.steps})
    assert new.routes_text(new.steps[0]) == old.routes_text(old.steps[0]) == "2: yes; end: no"
    process_steps.remove_step(new.steps[1])
    assert len(_drawn(first).steps) == 2  # history untouched
    with pytest.raises(ValidationFailed):
        process_steps.add_step(first, actor="Agent", activity="Late change")
    with pytest.raises(ValidationFailed):
        service.revise(first, reason="again")  # only the latest revision is revised
    assert [m.revision for m in service.models_of(process.id) if m.kind == "to_be"] == [2, 1]


def test_only_the_process_owner_approves_and_the_approval_is_audited(setup):
    project, process, director, owner = setup
    model = _to_be(process)
    with pytest.raises(ValidationFailed):
        approvals.approve(model, user_id=owner.id, expected_version=model.version)  # no steps yet
    process_steps.add_step(model, actor="Agent", activity="Log")
    with pytest.raises(ValidationFailed):
        approvals.approve(model, user_id=director.id, expected_version=model.version)
    with acting_as(db.session, owner.id):
        approvals.approve(model, user_id=owner.id, expected_version=model.version)
    db.session.commit()
    assert model.is_approved and not model.editable
    entry = db.session.scalar(
        select(AuditEntry).where(AuditEntry.entity_type == "process_models", AuditEntry.field == "approved_by_id")
    )
    assert entry.actor_id == owner.id and entry.new_value == str(owner.id)
    assert [m.id for m in approvals.approvals(project.id)] == [model.id]
    # A later revision, not yet approved, leaves the approved one listed.
    service.revise(model, reason="after the test")
    assert [m.id for m in approvals.approvals(project.id)] == [model.id]
    assert service.latest_approved(service.models_of(process.id)).id == model.id


def test_prototype_tests_check_the_revision_and_the_steps_covered(setup):
    _project, process, director, _o = setup
    model = _to_be(process)
    as_is = service.current(service.models_of(process.id), "as_is")
    values = {"scenario": "Product complaint", "held_on": date(2026, 5, 4), "result": "pass_with_issues"}
    with pytest.raises(ValidationFailed) as raised:
        service.record_test(process, **values, model_id=as_is.id, steps_covered="all of them")
    assert set(raised.value.errors) == {"model_id", "steps_covered"}
    test = service.record_test(process, **values, model_id=model.id, steps_covered="1-3, 5", findings="Needs ERP")
    revised = service.revise(model, reason="ERP data", prototype_test_id=test.id)
    assert revised.prototype_test_id == test.id
    other = make_project(director, name="Other")
    other_process = service.create_process(other.id, name="Theirs", area="sales", in_blueprint=True)
    other_model = service.current(service.models_of(other_process.id), "to_be")
    with pytest.raises(ValidationFailed):
        service.revise(other_model, reason="x", prototype_test_id=test.id)  # another project's test
    with pytest.raises(ValidationFailed):
        service.record_test(process, **values, model_id=other_model.id)


def test_rows_of_another_project_are_out_of_reach(setup):
    _project, process, director, _o = setup
    model = _to_be(process)
    step = process_steps.add_step(model, actor="Agent", activity="Log")
    other = make_project(director, name="Other")
    for lookup, row_id in (
        (service.PROCESSES.get, process.id),
        (service.MODELS.get, model.id),
        (process_steps.STEPS.get, step.id),
    ):
        with pytest.raises(NotFound):
            lookup(other.id, row_id)
    with pytest.raises(ValidationFailed):
        service.create_process(other.id, name="Borrowed owner", area="sales", owner_id=process.owner_id)


def test_weights_are_percentages_and_not_all_zero(setup):
    project, _p, _d, _o = setup
    with pytest.raises(ValidationFailed):
        service.set_weights(
            project, expected_version=project.version, weights={"importance": 0, "performance_gap": 0, "feasibility": 0}
        )
    with pytest.raises(ValidationFailed):
        service.set_weights(
            project,
            expected_version=project.version,
            weights={"importance": 101, "performance_gap": 0, "feasibility": 0},
        )
    service.set_weights(
        project, expected_version=project.version, weights={"importance": 50, "performance_gap": 30, "feasibility": 20}
    )
    assert project.blueprint_weights == {"importance": 50, "performance_gap": 30, "feasibility": 20}


def test_the_blueprint_gate_and_milestone_reports_list_the_owners_approvals(setup):
    project, process, _director, owner = setup
    model = _to_be(process)
    process_steps.add_step(model, actor="Agent", activity="Log")
    pending = service.create_process(project.id, name="Leads", area="sales", in_blueprint=True)
    blueprint_phase = phases.get_phase(project.id, 4)
    criterion = next(c for c in gates.evidence(blueprint_phase)["criteria"] if c["key"] == "to_be_approved")
    assert not criterion["met"] and sorted(criterion["open"]) == ["Complaints", "Leads"] and criterion["done"] == []
    approvals.approve(model, user_id=owner.id, expected_version=model.version)
    criterion = next(c for c in gates.evidence(blueprint_phase)["criteria"] if c["key"] == "to_be_approved")
    assert criterion["count"] == "1/2" and criterion["open"] == [pending.name]
    assert "Complaints" in criterion["done"][0] and "Owner" in criterion["done"][0]
    assert all(c["key"] != "to_be_approved" for c in gates.evidence(phases.get_phase(project.id, 1))["criteria"])
    listed = snapshot.computed_content(project)["approved_processes"]
    assert [(p["process"], p["revision"], p["approved_by"]) for p in listed] == [("Complaints", 1, "Owner")]
