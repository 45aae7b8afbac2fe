"""A page costs the same number of SQL queries whatever the size of the project."""

from datetime import date, timedelta

from crm_rollout.auth import service as accounts
from crm_rollout.core.extensions import db
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.processes import service as processes
from crm_rollout.processes import steps as process_steps
from crm_rollout.readiness import service as readiness
from crm_rollout.reports import service as reports
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.steering import actions as steering_actions
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team
from tests.conftest import login
from tests.factories import MINIMAL_COMPUTED, make_project, make_user


def _project_with_items(app, name, extra_items):
    with app.app_context():
        director = accounts.find_by_login("dir") or make_user("dir")
        project = make_project(director, name=name)
        phase = phases.summaries(project.id)[0].phase
        for n in range(extra_items):
            phase_changes.add_item(phase, title=f"Item {n}", locale="en", owner=director.id)
        db.session.commit()
        return project.id


def _queries(app, client, count_queries, url):
    client.get(url)  # warm caches (templates, locale)
    with count_queries() as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_phase_page_and_overview_cost_the_same_for_10_and_1000_items(app, client, count_queries):
    small = _project_with_items(app, "Small", 10)
    large = _project_with_items(app, "Large", 1000)
    login(client, "dir")
    for page in ("/projects/{}/", "/projects/{}/phases/1", "/"):
        small_count = _queries(app, client, count_queries, page.format(small))
        large_count = _queries(app, client, count_queries, page.format(large))
        assert small_count == large_count, (page, small_count, large_count)


def test_portfolio_costs_the_same_for_one_project_and_many(app, client, count_queries):
    _project_with_items(app, "First", 3)
    login(client, "dir")
    one = _queries(app, client, count_queries, "/")
    for n in range(5):
        _project_with_items(app, f"More {n}", 3)
    assert _queries(app, client, count_queries, "/") == one


def _organisation(app, project_id, people, meetings):
    with app.app_context():
        persons = [
            team.add_person(
                project_id,
                name=f"Person {n}",
                tier=("steering", "core", "functional")[n % 3],
                position=("steering_member", "team_member", "key_user")[n % 3],
                functional_group="sales",
            )
            for n in range(people)
        ]
        for n in range(meetings):
            meeting = steering.create_meeting(
                project_id, title=f"SC {n}", meeting_date=date(2026, 1, 5) + timedelta(days=14 * n)
            )
            for k in range(people // 10 + 1):
                steering.add_agenda_item(meeting, title=f"Topic {k}", phase_id=None, vote_requested=k % 2 == 0)
                steering_actions.create_action(
                    project_id, title=f"Do {k}", owner_id=persons[k].id, meeting_id=meeting.id
                )
                steering.record_decision(
                    project_id, decided_on=meeting.meeting_date, text=f"Decided {k}", meeting_id=meeting.id
                )
            steering.set_attendance(meeting, {p.id: "present" for p in persons if p.tier == "steering"})
        db.session.commit()
        return meeting.id


def test_team_and_meeting_pages_cost_the_same_on_a_large_organisation(app, client, count_queries):
    small = _project_with_items(app, "Small", 0)
    large = _project_with_items(app, "Large", 0)
    small_meeting = _organisation(app, small, people=6, meetings=1)
    large_meeting = _organisation(app, large, people=150, meetings=3)
    login(client, "dir")
    for page in (
        "/projects/{}/team/",
        "/projects/{}/team/chart",
        "/projects/{}/team/capacity",
        "/projects/{}/steering/",
    ):
        assert _queries(app, client, count_queries, page.format(small)) == _queries(
            app, client, count_queries, page.format(large)
        ), page
    small_url = f"/projects/{small}/steering/meetings/{small_meeting}"
    large_url = f"/projects/{large}/steering/meetings/{large_meeting}"
    assert _queries(app, client, count_queries, small_url) == _queries(app, client, count_queries, large_url)


def _governance(app, project_id, reports_count, milestones_count):
    """Milestones and submitted, reviewed reports: the pages that list them must not grow with them."""
    with app.app_context():
        director_id = accounts.find_by_login("dir").id
        for n in range(milestones_count):
            milestones.create_milestone(project_id, name=f"M{n}", baseline_date=date(2026, 1, 5) + timedelta(days=n))
        last = None
        for n in range(reports_count):
            last = reports.create_report(project_id, title=f"Report {n}")
            reports.submit(last, expected_version=last.version, submitted_by=director_id, computed=MINIMAL_COMPUTED)
        db.session.commit()
        return last.id


def test_milestone_and_report_pages_cost_the_same_on_a_large_project(app, client, count_queries):
    small = _project_with_items(app, "Small", 0)
    large = _project_with_items(app, "Large", 0)
    small_report = _governance(app, small, reports_count=1, milestones_count=2)
    large_report = _governance(app, large, reports_count=30, milestones_count=40)
    login(client, "dir")
    for page in ("/projects/{}/milestones/", "/projects/{}/reports/", "/projects/{}/phases/1/gate", "/projects/{}/"):
        assert _queries(app, client, count_queries, page.format(small)) == _queries(
            app, client, count_queries, page.format(large)
        ), page
    assert _queries(app, client, count_queries, f"/projects/{small}/reports/{small_report}") == _queries(
        app, client, count_queries, f"/projects/{large}/reports/{large_report}"
    )


def _instruments(app, project_id, size):
    """Risks, KPIs with measurements and answered assessments, `size` of each."""
    with app.app_context():
        director = accounts.find_by_login("dir")
        for n in range(size):
            risks.create_risk(
                project_id, title=f"Risk {n}", probability=1 + n % 5, impact=1 + (n * 3) % 5, status="open"
            )
            kpi = scorecard.create_kpi(
                project_id,
                name=f"KPI {n}",
                indicator_type="leading",
                goal_type="broad",
                unit="%",
                baseline=1.0,
                baseline_date=date(2026, 1, 1),
                target=2.0,
                target_date=date(2027, 1, 1),
                direction="higher",
            )
            scorecard.record(kpi, measured_on=date(2026, 6, 1), value=1.5)
        assessment = readiness.create_assessment(
            project_id, questionnaire_key="ten_considerations", title="", held_on=date(2026, 3, 1)
        )
        readiness.save_response(
            assessment, respondent_id=director.id, group="director", answers={"sponsorship": {"score": 3}}
        )
        db.session.commit()
        return assessment.id


def test_risk_scorecard_and_readiness_pages_cost_the_same_on_a_large_project(app, client, count_queries):
    small = _project_with_items(app, "Small", 0)
    large = _project_with_items(app, "Large", 0)
    small_assessment = _instruments(app, small, 2)
    large_assessment = _instruments(app, large, 60)
    login(client, "dir")
    for page in ("/projects/{}/risks/", "/projects/{}/scorecard/", "/projects/{}/readiness/"):
        assert _queries(app, client, count_queries, page.format(small)) == _queries(
            app, client, count_queries, page.format(large)
        ), page
    assert _queries(app, client, count_queries, f"/projects/{small}/readiness/{small_assessment}") == _queries(
        app, client, count_queries, f"/projects/{large}/readiness/{large_assessment}"
    )


def _blueprint(app, project_id, size):
    """`size` processes; the first with a to-be of `size` steps (half of them branching), causes and tests."""
    with app.app_context():
        owner = team.add_person(project_id, name="Owner", tier="core", position="team_member")
        first = None
        for n in range(size):
            process = processes.create_process(
                project_id,
                name=f"P{n}",
                area="sales",
                owner_id=owner.id,
                importance=3,
                performance_gap=3,
                feasibility=3,
                in_blueprint=True,
            )
            first = first or process
        model = processes.current(processes.models_of(first.id), "to_be")
        for n in range(size):
            process_steps.add_step(
                model, actor=f"Role {n % 4}", activity=f"Step {n}", duration_hours=1, next_steps="1" if n % 2 else ""
            )
            processes.add_cause(first, category="people", text=f"Cause {n}")
            processes.record_test(first, scenario=f"S{n}", held_on=date(2026, 5, 1), result="pass", model_id=model.id)
        processes.revise(model, reason="second")
        db.session.commit()
        return first.id, model.id


def test_blueprint_pages_cost_the_same_on_a_large_project(app, client, count_queries):
    small = _project_with_items(app, "Small", 0)
    large = _project_with_items(app, "Large", 0)
    small_process, small_model = _blueprint(app, small, 3)
    large_process, large_model = _blueprint(app, large, 40)
    login(client, "dir")
    for page in ("/projects/{}/blueprint/", "/projects/{}/blueprint/processes/{}", "/projects/{}/blueprint/models/{}"):
        small_args = (small,) if page.endswith("/") else (small, small_process if "processes" in page else small_model)
        large_args = (large,) if page.endswith("/") else (large, large_process if "processes" in page else large_model)
        assert _queries(app, client, count_queries, page.format(*small_args)) == _queries(
            app, client, count_queries, page.format(*large_args)
        ), page
