import warnings
from datetime import date, timedelta

import pytest

from crm_rollout.core import charts
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.milestones import service
from crm_rollout.milestones.models import working_days_between
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.steering import service as steering
from tests.factories import make_project, make_user


@pytest.fixture
def project(ctx):
    project = make_project(make_user("dir"))
    db.session.commit()
    return project


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 11, 23), date(2026, 11, 23), 0),  # Monday to itself
        (date(2026, 11, 23), date(2026, 11, 30), 5),  # a week
        (date(2026, 11, 27), date(2026, 11, 30), 1),  # Friday to Monday
        (date(2026, 11, 30), date(2026, 11, 27), -1),  # early
        (date(2026, 11, 28), date(2026, 11, 29), 0),  # a weekend
    ],
)
def test_slippage_counts_working_days(start, end, expected):
    assert working_days_between(start, end) == expected


def test_forecasts_move_freely_but_the_baseline_needs_a_decision(project):
    milestone = service.create_milestone(project.id, name="Charter", baseline_date=date(2026, 3, 2))
    service.update_milestone(milestone, expected_version=milestone.version, changes={"forecast_date": date(2026, 3, 9)})
    assert milestone.slippage_days == 5
    with pytest.raises(ValidationFailed) as raised:
        service.update_milestone(
            milestone, expected_version=milestone.version, changes={"baseline_date": date(2026, 3, 9)}
        )
    assert "baseline_date" in raised.value.errors
    decision = steering.record_decision(project.id, decided_on=date(2026, 3, 1), text="Move the charter a week.")
    service.update_milestone(
        milestone,
        expected_version=milestone.version,
        changes={"baseline_date": date(2026, 3, 9)},
        decision_id=decision.id,
    )
    assert milestone.baseline_date == date(2026, 3, 9) and milestone.baseline_decision_id == decision.id
    assert milestone.slippage_days == 0


def test_a_decision_of_another_project_does_not_move_the_baseline(project):
    other = make_project(make_user("other"), name="Other")
    foreign = steering.record_decision(other.id, decided_on=date(2026, 3, 1), text="Elsewhere")
    milestone = service.create_milestone(project.id, name="Charter", baseline_date=date(2026, 3, 2))
    with pytest.raises(ValidationFailed):
        service.update_milestone(
            milestone,
            expected_version=milestone.version,
            changes={"baseline_date": date(2026, 4, 1)},
            decision_id=foreign.id,
        )


def test_achieved_needs_an_actual_date(project):
    with pytest.raises(ValidationFailed) as raised:
        service.create_milestone(project.id, name="Go-live", baseline_date=date(2026, 9, 1), status="achieved")
    assert "actual_date" in raised.value.errors


def test_proposals_follow_the_phases_planned_ends_once(project):
    summaries = phases.summaries(project.id)
    for s in summaries[3:]:  # phases without a planned end get no milestone
        phase_changes.update_phase(
            s.phase, expected_version=s.phase.version, changes={"planned_start": None, "planned_end": None}
        )
    for s in summaries[:3]:
        phase_changes.update_phase(
            s.phase,
            expected_version=s.phase.version,
            changes={"planned_start": date(2026, 1, s.phase.number), "planned_end": date(2026, 2, s.phase.number)},
        )
    created = service.propose_from_phases(project.id)
    assert [m.baseline_date for m in created] == [date(2026, 2, n) for n in (1, 2, 3)]
    assert all(m.deliverables for m in created)
    assert service.propose_from_phases(project.id) == []


def test_upcoming_lists_open_milestones_due_within_30_days(project):
    soon = service.create_milestone(project.id, name="Soon", baseline_date=date.today() + timedelta(days=10))
    service.create_milestone(project.id, name="Later", baseline_date=date.today() + timedelta(days=60))
    assert [m.id for m in service.upcoming(project.id)] == [soon.id]


def test_timeline_chart_renders_chinese_without_missing_glyphs_and_is_cached(project):
    service.create_milestone(project.id, name="M", baseline_date=date(2026, 3, 2))
    labels = dict.fromkeys(("title", "planned", "actual", "milestones", "baseline", "forecast", "today", "x"), "时间线")
    data = service.timeline_data(project, labels)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" fails the test
        svg = charts.timeline_svg(data)
    assert b"<svg" in svg and "时间线".encode() in svg
    first = charts.cached("timeline-test", data, charts.timeline_svg)
    assert charts.cached("timeline-test", data, lambda _data: pytest.fail("rendered twice")) == first


def test_timeline_route_serves_svg_with_an_etag(login_as, world):
    client = login_as("viewer")
    response = client.get(f"/projects/{world.project_id}/milestones/timeline.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    again = client.get(
        f"/projects/{world.project_id}/milestones/timeline.svg",
        headers={"If-None-Match": response.headers["ETag"].strip('"')},
    )
    assert again.status_code == 304


def test_director_plans_milestones_on_the_page(app, login_as, world):
    client = login_as("director")
    base = f"/projects/{world.project_id}/milestones/"
    created = client.post(base, data={"name": "Blueprint approved", "baseline_date": "2026-12-18", "status": "open"})
    assert created.status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Blueprint approved" in page and "timeline.svg" in page
    with app.app_context():
        milestone = next(m for m in service.milestones(world.project_id) if m.name == "Blueprint approved")
        url, version = f"{base}{milestone.id}", milestone.version
    refused = client.post(
        url, data={"name": "Blueprint approved", "baseline_date": "2027-01-08", "status": "open", "version": version}
    )
    assert refused.status_code == 400 and "steering decision" in refused.get_data(as_text=True)
    moved = client.post(
        url,
        data={
            "name": "Blueprint approved",
            "baseline_date": "2026-12-18",
            "forecast_date": "2027-01-08",
            "status": "open",
            "version": version,
        },
    )
    assert moved.status_code == 302
    assert "working days late" in client.get(base).get_data(as_text=True)


def test_the_timeline_names_each_milestone_beside_its_phase_and_shows_one_just_added(login_as, world, app):
    client = login_as("director")
    chart = f"/projects/{world.project_id}/milestones/timeline.svg"
    before = client.get(chart)
    assert "no-cache" in before.headers["Cache-Control"], "the browser must ask again, not keep a stale copy"
    with app.app_context():
        phase = phases.get_phase(world.project_id, 2)
        service.create_milestone(
            world.project_id, name="客户主数据冻结", baseline_date=date(2027, 1, 8), phase_id=phase.id
        )
        db.session.commit()
    after = client.get(chart, headers={"If-None-Match": before.headers["ETag"].strip('"')})
    assert after.status_code == 200, "a chart validated against an older ETag must show the new milestone"
    svg = after.get_data(as_text=True)
    assert "客户主数据冻结" in svg and "Charter signed" in svg


def test_a_new_project_gets_planned_phase_dates_spread_between_its_start_and_go_live(app):
    with app.app_context():
        director = make_user("planner")
        project = make_project(director, start_date=date(2027, 1, 4), target_golive_date=date(2027, 9, 1))
        spans = [(s.phase.planned_start, s.phase.planned_end) for s in phases.summaries(project.id)]
        assert spans[0][0] == date(2027, 1, 4)
        assert all(end >= begin for begin, end in spans)
        assert all(spans[n + 1][0] == spans[n][1] + timedelta(days=1) for n in range(len(spans) - 1)), "no gaps"
        assert abs((spans[-2][1] - date(2027, 8, 31)).days) <= 1, "the phases before evaluation end at go-live"
        assert spans[-1][0] >= date(2027, 8, 31) and spans[-1][1] < date(2028, 3, 1), "evaluation follows go-live"
