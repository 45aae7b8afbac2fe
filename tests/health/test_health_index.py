"""The project health index: signals from the project's own data, each with its weight and reason, the
score and its colour, and a history kept once a day without counting as a change of the project."""

from datetime import date, timedelta

from sqlalchemy import func, select

from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.health import service as health
from crm_rollout.health.models import HealthSnapshot
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.projects.models import Project
from crm_rollout.risks import service as risks
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def _signals(project_id: int) -> dict:
    index = health.compute(db.session.get(Project, project_id))
    return index, {s.key: s for s in index.signals}


def test_each_signal_reads_the_project_and_the_score_is_what_they_cost(app, world):
    with app.test_request_context():
        index, by_key = _signals(world.project_id)
        assert sum(s.weight for s in index.signals) == 100
        assert index.score == 100 - sum(s.lost for s in index.signals)
        assert index.status == health.status_of(index.score)
        # The world has no chair on its committee: no sponsor at all costs the whole weight.
        assert by_key["sponsor"].lost == by_key["sponsor"].weight
        # Its steering action is due in the future; its phase-1 gate waits, but only since today.
        assert by_key["overdue_actions"].lost == 0 and by_key["gates"].lost == 0
        before_items = by_key["overdue_items"].lost
        # Three items fall overdue by three weeks, and a high risk comes in without a mitigation.
        for item in phases.project_items(world.project_id)[1:4]:
            phase_changes.update_item(
                item, expected_version=item.version, changes={"due_date": date.today() - timedelta(days=21)}
            )
        risks.create_risk(world.project_id, title="Vendor insolvent", probability=5, impact=4, status="open")
        chair = team.add_person(world.project_id, name="GM Liu", tier="steering", position="chair")
        meeting = steering.meetings(world.project_id)[0]
        steering.set_attendance(meeting, {chair.id: "absent"})
        later, by_key = _signals(world.project_id)
        assert by_key["overdue_items"].lost > before_items and "overdue" in by_key["overdue_items"].reason
        assert by_key["risks"].lost > 0 and "Vendor insolvent" in by_key["risks"].reason
        assert "missed 1 of the last 1" in by_key["sponsor"].reason
        steering.set_attendance(meeting, {chair.id: "present"})
        assert _signals(world.project_id)[1]["sponsor"].lost == 0
        assert later.explanation[0].lost >= later.explanation[-1].lost > 0


def test_the_overview_keeps_the_days_index_once_without_changing_the_project(app, client, login_as, world):
    login_as("viewer")
    with app.app_context():
        revision = db.session.get(Project, world.project_id).revision
        audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
    page = client.get(f"/projects/{world.project_id}/").get_data(as_text=True)
    assert "Project health" in page and "/100" in page
    client.get(f"/projects/{world.project_id}/health/")
    with app.app_context():
        rows = db.session.scalars(select(HealthSnapshot).where(HealthSnapshot.project_id == world.project_id)).all()
        assert len(rows) == 1 and rows[0].day == date.today()
        assert db.session.get(Project, world.project_id).revision == revision
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == audited
        # A week of history draws a trend line on the overview.
        for days_ago in range(1, 8):
            db.session.add(
                HealthSnapshot(
                    project_id=world.project_id,
                    day=date.today() - timedelta(days=days_ago),
                    score=90 - days_ago,
                    status="green",
                    signals=[],
                )
            )
        db.session.commit()
    assert "<polyline" in client.get(f"/projects/{world.project_id}/health/").get_data(as_text=True)
    portfolio = client.get("/").get_data(as_text=True)
    assert f"/projects/{world.project_id}/health/" in portfolio


def test_the_daily_job_keeps_every_project_once(app, world):
    with app.test_request_context():
        assert health.record_all() == 2
        assert health.record_all() == 0
        latest = health.latest_by_project([world.project_id, world.other_project_id])
        assert set(latest) == {world.project_id, world.other_project_id}


def test_the_api_gives_the_index_its_reasons_and_history(client, world, bearer):  # noqa: F811
    answer = client.get(f"/api/v1/projects/{world.project_id}/health_index", headers=bearer("viewer")).get_json()
    assert answer["score"] == 100 - sum(s["lost"] for s in answer["signals"])
    assert {s["key"] for s in answer["signals"]} >= {"milestones", "sponsor", "team", "kpis"}
    assert [h["day"] for h in answer["history"]] == [date.today().isoformat()]
    other = client.get(f"/api/v1/projects/{world.other_project_id}/health_index", headers=bearer("viewer"))
    assert other.status_code == 404


def test_respondents_who_disagree_cost_the_readiness_signal(app, world):
    from crm_rollout.methodology import questionnaires
    from crm_rollout.readiness import service as readiness

    with app.test_request_context():
        assessment = readiness.ASSESSMENTS.get(world.project_id, world.assessment_id)
        first = questionnaires()["ten_considerations"]["items"][0]["key"]
        for username, group, score in (("director", "director", 5), ("consultant", "consultant", 1)):
            readiness.save_response(
                assessment,
                respondent_id=world.users[username],
                group=group,
                answers={first: {"score": score, "evidence": ""}},
            )
        signal = _signals(world.project_id)[1]["readiness"]
        assert signal.lost > 0 and "disagree on 1 item" in signal.reason


def test_the_overview_counts_every_overdue_item_and_lists_the_most_overdue(app, login_as, world):
    """The count beside "overdue items" is every overdue item (read with the health index's due dates), the
    list the ten most overdue, and "and N more" the rest."""
    from crm_rollout.phases.models import ChecklistItem

    with app.app_context():
        items = phases.project_items(world.project_id)
        for n, item in enumerate(items[:13]):
            phase_changes.update_item(
                item, expected_version=item.version, changes={"due_date": date.today() - timedelta(days=3 + n)}
            )
        phase_changes.update_item(items[0], expected_version=items[0].version, changes={"status": "done"})
        db.session.commit()
        overdue = db.session.scalar(
            select(func.count()).where(
                ChecklistItem.project_id == world.project_id,
                ChecklistItem.removed_at.is_(None),
                ChecklistItem.status.not_in(("done", "not_applicable")),
                ChecklistItem.due_date < date.today(),
            )
        )
    assert overdue > 10
    page = login_as("viewer").get(f"/projects/{world.project_id}/").get_data(as_text=True)
    assert f"<strong>{overdue}</strong> overdue items" in page
    assert f"and {overdue - 10} more" in page
