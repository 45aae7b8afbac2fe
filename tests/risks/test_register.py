import re
from datetime import date, timedelta

import pytest

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.gates import service as gates
from crm_rollout.methodology import risk_catalogue
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.reports import snapshot
from crm_rollout.risks import service
from crm_rollout.steering import service as steering
from tests.factories import make_project, make_user


@pytest.fixture
def project(ctx):
    project = make_project(make_user("dir"))
    db.session.commit()
    return project


def test_a_new_project_starts_with_gartners_risks_proposed(project):
    register = service.risks(project.id)
    assert sorted(r.source_key for r in register) == sorted(e["key"] for e in risk_catalogue()["risks"])
    assert {r.status for r in register} == {"proposed"}
    assert service.top_risks(project.id) == []  # proposals are not yet in the register


def test_proposals_are_accepted_or_dismissed_with_a_reason(project):
    first, second = service.risks(project.id)[:2]
    service.accept(first, expected_version=first.version)
    assert first.status == "open"
    with pytest.raises(ValidationFailed) as raised:
        service.dismiss(second, expected_version=second.version, reason=" ")
    assert "dismissed_reason" in raised.value.errors
    service.dismiss(second, expected_version=second.version, reason="Our director comes from marketing.")
    assert second.status == "dismissed" and second.dismissed_reason
    with pytest.raises(ValidationFailed):
        service.accept(second, expected_version=second.version)  # only proposals are triaged


def test_scores_and_the_heat_map_place_each_active_risk(project):
    risk = service.create_risk(
        project.id, title="Key users leave", probability=4, impact=5, residual_probability=2, residual_impact=3
    )
    assert (risk.score, risk.residual_score) == (20, 6)
    current, residual = service.heatmaps(project.id)
    top = current[5 - 5][4 - 1]  # impact 5 is the top row, probability 4 the fourth column
    assert (top.count, top.titles) == (1, [risk.title])
    assert residual[5 - 3][2 - 1].titles == [risk.title]
    assert sum(cell.count for row in current for cell in row) == 1  # proposals stay off the map
    assert service.overdue_reviews(project.id) == 0


@pytest.mark.parametrize("bad", [{"probability": 0}, {"impact": 6}, {"residual_impact": 9}, {"title": ""}])
def test_scores_are_1_to_5_and_a_title_is_needed(project, bad):
    with pytest.raises(ValidationFailed) as raised:
        service.create_risk(project.id, **({"title": "Risk", "probability": 3, "impact": 3} | bad))
    assert set(bad) <= set(raised.value.errors)


def test_overdue_reviews_are_flagged(project):
    late = service.create_risk(project.id, title="Late review", review_date=date.today() - timedelta(days=1))
    soon = service.create_risk(project.id, title="Soon", review_date=date.today() + timedelta(days=1))
    assert late.review_overdue and not soon.review_overdue
    assert service.overdue_reviews(project.id) == 1


def test_open_high_risks_hold_a_gate_and_feed_reports(project):
    phase = phases.get_phase(project.id, 1)
    gates.start_phase(phase)
    for item in phases.phase_items(phase.id):
        phase_changes.update_item(item, expected_version=item.version, changes={"status": "done"})
    for deliverable in phases.phase_deliverables(phase.id):
        phase_changes.update_deliverable(
            deliverable, expected_version=deliverable.version, changes={"status": "accepted"}
        )
    assert gates.criteria_met(gates.evidence(phase))
    high = service.create_risk(project.id, title="Sponsor leaves", probability=3, impact=5)
    evidence = gates.evidence(phase)
    assert not gates.criteria_met(evidence)
    assert next(c for c in evidence["criteria"] if c["key"] == "no_high_risks")["open"] == ["Sponsor leaves"]
    assert snapshot.computed_content(project)["top_risks"][0]["title"] == high.title


def test_consultants_keep_the_register_and_members_read_it(login_as, world):
    consultant = login_as("consultant")
    url = f"/projects/{world.project_id}/risks/"
    added = consultant.post(
        url,
        data={
            "title": "Data migration overruns",
            "kind": "risk",
            "category": "data",
            "probability": "4",
            "impact": "4",
            "status": "open",
        },
    )
    assert added.status_code == 302
    page = consultant.get(url).get_data(as_text=True)
    assert "Data migration overruns" in page and "Current risk" in page
    assert f'href="{url}new"' in page  # adding has its own page
    assert 'name="title"' in consultant.get(url + "new").get_data(as_text=True)
    bad = consultant.post(
        url, data={"title": "", "kind": "risk", "category": "data", "probability": "4", "impact": "4", "status": "open"}
    )
    assert bad.status_code == 400 and "There is a problem" in bad.get_data(as_text=True)


def test_risks_link_to_items_and_decisions_of_their_own_project(project):
    item = phases.project_items(project.id)[0]
    decision = steering.record_decision(project.id, decided_on=date.today(), text="Accept the data risk")
    risk = service.create_risk(project.id, title="Data", item_id=item.id, decision_id=decision.id)
    assert (risk.item_id, risk.decision_id) == (item.id, decision.id)
    other = make_project(make_user("other"), name="Other")
    with pytest.raises(ValidationFailed) as raised:
        service.create_risk(project.id, title="Foreign", item_id=phases.project_items(other.id)[0].id)
    assert "item_id" in raised.value.errors


def test_a_long_register_is_read_a_page_at_a_time_highest_score_first(app, login_as, world, monkeypatch, count_queries):
    monkeypatch.setattr(service, "RISKS_PER_PAGE", 3)
    with app.app_context():
        for n in range(7):
            service.create_risk(world.project_id, title=f"Paged risk {n}", probability=1 + n % 5, impact=1 + n % 3)
        db.session.commit()
        expected = [r.id for r in service.risks(world.project_id) if r.status not in ("proposed", "dismissed")]
    client = login_as("viewer")
    shown, queries = [], set()
    pages = -(-len(expected) // 3)
    for number in range(1, pages + 1):
        with count_queries() as counter:
            page = client.get(f"/projects/{world.project_id}/risks/?page={number}").get_data(as_text=True)
        queries.add(counter.count)
        shown += [int(i) for i in re.findall(r'/risks/(\d+)">', page)]
        assert f"Page {number} of {pages}" in page
    assert shown == expected and len(queries) == 1


def test_a_crowded_cell_counts_every_risk_and_names_the_first_ones(project):
    made = [service.create_risk(project.id, title=f"Risk {n}", probability=3, impact=2) for n in range(11)]
    service.create_risk(project.id, title="Elsewhere", probability=1, impact=1)
    current, _residual = service.heatmaps(project.id)
    crowded = current[5 - 2][3 - 1]
    assert crowded.count == len(made)
    assert crowded.titles == [r.title for r in made[: service.HEAT_TITLES]]  # the oldest first
    assert (current[5 - 1][1 - 1].count, current[5 - 1][1 - 1].titles) == (1, ["Elsewhere"])
