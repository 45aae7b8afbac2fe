"""Programmes and waves: a wave started from an earlier one takes over its definitions and none of its
progress; a reader sees only the waves they belong to; the roll-up adds up what adds up."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crm_rollout.auth.models import User
from crm_rollout.core.audit import acting_as
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.lessons import service as lessons
from crm_rollout.lessons.models import Lesson
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.processes import service as processes
from crm_rollout.processes.models import RootCause
from crm_rollout.programmes import rollup
from crm_rollout.programmes import service as programmes
from crm_rollout.programmes.models import Programme, Wave
from crm_rollout.projects import service as projects
from crm_rollout.projects.models import Project
from crm_rollout.risks import service as risks
from crm_rollout.risks.models import Risk
from crm_rollout.scorecard import service as scorecard
from crm_rollout.scorecard.models import Kpi
from crm_rollout.team import service as team
from tests import factories
from tests.api.conftest import bearer  # noqa: F401  (a fixture)


def _csrf(client, url: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def _programme(world) -> int:
    """The world's programme (its project is wave 1), with a vision the next waves share."""
    db.session.get(Programme, world.programme_id).vision = "One customer view"
    db.session.commit()
    return world.programme_id


def _next_wave(world, name="Wave two", start=date(2026, 6, 1), source_id=None):
    source = db.session.get(Project, source_id or world.project_id)
    director = db.session.get(User, world.users["director"])
    with acting_as(db.session, director.id):
        project, carried = programmes.start_wave(
            source, creator=director, name=name, scope="South", start_date=start, target_golive_date=date(2027, 3, 1)
        )
    db.session.commit()
    return project, carried


def test_the_next_wave_takes_over_the_definitions_and_none_of_the_progress(ctx, world):
    source = db.session.get(Project, world.project_id)
    source.readiness_thresholds = {"golive_readiness": 4.0}
    team.add_person(world.project_id, name="Gao Chair", tier="steering", position="chair", allocation_percent=10)
    kpi = db.session.get(Kpi, world.kpi_id)
    kpi.summable = True
    scorecard.record(kpi, measured_on=date(2026, 3, 1), value=38.0)
    item = db.session.get(ChecklistItem, world.item_id)
    item.status = "done"
    db.session.commit()
    _programme(world)

    wave, carried = _next_wave(world)

    assert carried == {"processes": 1, "scorecard": 1, "lessons": 1, "team": 1}
    row = db.session.scalar(select(Wave).where(Wave.project_id == wave.id))
    assert (row.number, row.scope, row.started_from_id) == (2, "South", world.project_id)
    assert (wave.company, wave.vision, wave.readiness_thresholds) == (
        "ACME",
        "One customer view",
        source.readiness_thresholds,
    )
    # The blueprint: the to-be with its steps, to approve again; no scores, owner or fishbone.
    [process] = processes.processes(wave.id)
    assert (process.name, process.in_blueprint, process.owner_id) == ("Complaint handling", True, None)
    models = processes.models_of(process.id)
    to_be = processes.current(models, "to_be")
    [drawn] = processes.drawn([to_be])
    assert [s.activity for s in drawn.steps] == ["Log the complaint", "Resolve it"]
    assert not to_be.is_approved and "Rollout" in to_be.change_note
    assert not processes.drawn([processes.current(models, "as_is")])[0].steps
    assert not db.session.scalar(select(func.count()).select_from(RootCause).where(RootCause.project_id == wave.id))
    # The KPI as defined, measured afresh from the wave's start.
    [copy] = scorecard.kpis(wave.id)
    assert (copy.name, copy.summable, copy.baseline, copy.target) == ("Repeat purchase rate", True, 35.0, 45.0)
    assert copy.baseline_date == date(2026, 6, 1) and copy.measurements == [] and copy.owner_id is None
    # The lesson, under the same phase of the new wave, saying where it came from.
    lesson = db.session.scalar(select(Lesson).where(Lesson.project_id == wave.id))
    assert (lesson.title, lesson.carried_from, lesson.phase.number, lesson.phase.project_id) == (
        "Sponsor briefed too late",
        "Rollout",
        1,
        wave.id,
    )
    # The committee (its own tier) on the team and as reviewers; nobody else.
    assert [p.name for p in team.people(wave.id)] == ["Gao Chair"]
    roles = {m.user.username: m.role for m in projects.members(wave.id)}
    assert roles == {"director": "director", "steering": "steering"}
    # No progress: every item open, only the proposed catalogue of risks, as in any new project.
    statuses = set(db.session.scalars(select(ChecklistItem.status).where(ChecklistItem.project_id == wave.id)))
    assert statuses == {"open"}
    fresh = factories.make_project(db.session.get(User, world.users["outsider"]), name="Fresh")
    assert sorted(r.title for r in risks.risks(wave.id)) == sorted(r.title for r in risks.risks(fresh.id))


def test_only_a_wave_starts_a_wave_and_a_project_joins_one_programme(ctx, world):
    director = db.session.get(User, world.users["director"])
    alone = factories.make_project(director, name="On its own")
    with pytest.raises(ValidationFailed) as refused:
        programmes.start_wave(alone, creator=director, name="Next", scope="", start_date=None, target_golive_date=None)
    assert "name" in refused.value.errors
    db.session.rollback()
    with pytest.raises(ValidationFailed) as twice:
        programmes.create_programme(db.session.get(Project, world.project_id), name="Again", company="ACME")
    assert "already" in twice.value.errors["name"]


def test_a_reader_sees_the_waves_they_belong_to_and_nothing_of_the_others(app, client, login_as, world):
    with app.app_context():
        programme_id = _programme(world)
        wave, _carried = _next_wave(world, name="Wave two of ACME")
        only_here = factories.make_user("southerner")
        projects.add_member(wave, login="southerner", role="member")
        db.session.commit()
        wave_id = wave.id
    login_as("southerner")
    page = client.get(f"/programmes/{programme_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Wave two of ACME" in text
    assert f"/projects/{world.project_id}/" not in text and "started from" not in text
    listed = client.get("/api/v1/programmes").get_json()
    assert [[w["project_id"] for w in p["waves"]] for p in listed] == [[wave_id]]
    assert listed[0]["waves"][0]["started_from_project_id"] is None
    rolled = client.get(f"/api/v1/programmes/{programme_id}").get_json()
    assert {row["project_id"] for row in rolled["phases"]} == {wave_id}
    assert client.get(f"/programmes/{programme_id}/edit").status_code == 403
    assert client.get(f"/projects/{wave_id}/waves/new").status_code == 403
    client.post("/logout")
    login_as("outsider")
    for url in (
        f"/programmes/{programme_id}",
        f"/programmes/{programme_id}/timeline.svg",
        f"/api/v1/programmes/{programme_id}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/api/v1/programmes").get_json() == []
    assert only_here  # the account existed for the first half


def test_the_director_makes_a_programme_and_starts_a_wave_from_the_pages(app, client, login_as, world):
    with app.app_context():
        director = db.session.get(User, world.users["director"])
        first = factories.make_project(director, name="一期")
        lessons.create_lesson(first.id, title="Sponsor briefed too late", category="leadership")
        db.session.commit()
        first_id = first.id
    login_as("director")
    assert client.get(f"/projects/{world.project_id}/programme/new").status_code == 302  # a wave already
    url = f"/projects/{first_id}/programme/new"
    made = client.post(
        url,
        data={"csrf_token": _csrf(client, url), "name": "全国推广", "company": "ACME", "vision": "", "scope": "华东"},
    )
    assert made.status_code == 302
    with app.app_context():
        programme = db.session.scalar(select(Programme).where(Programme.name == "全国推广"))
        version = programme.version
    assert made.headers["Location"].endswith(f"/programmes/{programme.id}")
    overview = client.get(f"/projects/{first_id}/").get_data(as_text=True)
    assert "全国推广" in overview and f"/projects/{first_id}/waves/new" in overview
    wave_url = f"/projects/{first_id}/waves/new"
    started = client.post(
        wave_url,
        data={"csrf_token": _csrf(client, wave_url), "name": "华南二期", "scope": "华南", "start_date": "2026-07-01"},
    )
    assert started.status_code == 302
    with app.app_context():
        wave = db.session.scalar(select(Project).where(Project.name == "华南二期"))
    assert started.headers["Location"].endswith(f"/projects/{wave.id}/")
    kickoff = client.get(f"/projects/{wave.id}/phases/2").get_data(as_text=True)
    assert "Lessons from earlier waves" in kickoff and "Sponsor briefed too late" in kickoff
    assert "Lessons from earlier waves" not in client.get(f"/projects/{world.project_id}/phases/2").get_data(
        as_text=True
    )
    page = client.get(f"/programmes/{programme.id}").get_data(as_text=True)
    assert "华南二期" in page and "Wave 2" in page
    assert client.get(f"/programmes/{programme.id}/timeline.svg").headers["Content-Type"].startswith("image/svg")
    # A stale edit of the programme is refused with what was saved meanwhile.
    edit = f"/programmes/{programme.id}/edit"
    token = _csrf(client, edit)
    form = {"csrf_token": token, "name": "Nationwide", "company": "ACME", "vision": "", "version": str(version)}
    assert client.post(edit, data=form).status_code == 302
    assert client.post(edit, data=form | {"name": "Stale"}).status_code == 409
    with app.app_context():
        assert db.session.get(Programme, programme.id).name == "Nationwide"


def test_the_rollup_sums_what_adds_up_and_flags_people_over_allocated(ctx, world):
    _programme(world)
    kpi = db.session.get(Kpi, world.kpi_id)
    shared = {
        "name": "Opportunities",
        "indicator_type": "leading",
        "goal_type": "broad",
        "unit": "count",
        "baseline": 40.0,
        "baseline_date": date(2026, 1, 1),
        "target": 70.0,
        "target_date": date(2027, 1, 1),
        "direction": "higher",
    }
    scorecard.record(
        scorecard.create_kpi(world.project_id, summable=True, **shared), measured_on=date(2026, 2, 1), value=50
    )
    scorecard.record(kpi, measured_on=date(2026, 2, 1), value=40.0)
    pm = team.add_person(world.project_id, name="Li Ming", tier="core", position="project_manager")
    db.session.commit()
    wave, _carried = _next_wave(world)
    for copy in scorecard.kpis(wave.id):
        scorecard.record(copy, measured_on=date(2026, 7, 1), value=30.0)
    team.add_person(wave.id, name=" li ming ", tier="core", position="project_manager", allocation_percent=40)
    risks.create_risk(wave.id, title="Two waves, one manager", kind="risk", category="team", probability=5, impact=5)
    db.session.commit()

    seen = programmes.programme_for(world.users["director"], programmes.wave_of(wave.id).programme_id)
    rolled = rollup.rollup(seen.waves)

    lines = {line.name: line for line in rolled.kpis}
    assert lines["Opportunities"].summable and lines["Opportunities"].latest_total == 80.0
    assert lines["Opportunities"].total("target") == 140.0
    assert not lines["Repeat purchase rate"].summable and lines["Repeat purchase rate"].latest_total is None
    [manager] = [s for s in rolled.shared_people if s.name == pm.name]
    assert manager.overloaded and manager.peak == 140
    assert rolled.risks[0].title == "Two waves, one manager" and rolled.risks[0].project_id == wave.id
    assert [line.wave.number for line in rolled.waves] == [1, 2]


def test_the_programme_page_costs_the_same_for_two_waves_and_for_five(app, client, login_as, world, count_queries):
    with app.app_context():
        programme_id = _programme(world)
        _next_wave(world)
    login_as("director")
    url = f"/programmes/{programme_id}"
    client.get(url)
    with count_queries() as two:
        assert client.get(url).status_code == 200
    with app.app_context():
        for n in range(3):
            _next_wave(world, name=f"Wave {n + 3}", start=date(2026, 6, 1) + timedelta(days=30 * n))
    client.get(url)
    with count_queries() as five:
        assert client.get(url).status_code == 200
    assert five.count == two.count


def test_a_wave_exported_and_imported_stands_alone(ctx, world):
    from crm_rollout import backup

    _programme(world)
    wave, _carried = _next_wave(world)
    copy_id = backup.import_project(backup.export_project(wave.id), copy=True)
    db.session.commit()
    assert programmes.wave_of(copy_id) is None
    assert [p.name for p in processes.processes(copy_id)] == ["Complaint handling"]
    assert [k.name for k in scorecard.kpis(copy_id)] == ["Repeat purchase rate"]
    assert db.session.scalar(select(func.count()).select_from(Risk).where(Risk.project_id == copy_id)) > 0
