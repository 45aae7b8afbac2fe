from datetime import UTC, datetime, time, timedelta

from sqlalchemy import func, select

from crm_rollout.auth.models import User
from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.demo.seed import DEMO_PASSWORD, seed_demo
from crm_rollout.phases import service as phases
from crm_rollout.projects import service as projects
from crm_rollout.projects.models import Project
from crm_rollout.reports.models import ReportVersion


def test_unknown_pages_get_a_friendly_404(login_as, world):
    response = login_as("viewer").get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_server_errors_show_no_stack_trace(app, login_as, world, monkeypatch):
    client = login_as("viewer")

    def explode(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("crm_rollout.portfolio.views.phases.items_owned_by", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/my-work")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html and "Traceback" not in html


def test_the_error_page_itself_failing_still_answers_plainly(app, login_as, world, monkeypatch):
    """Found by the review: the 500 handler raised while rendering its page. Whatever breaks the page, the
    answer keeps its status and shows no internals."""
    client = login_as("viewer")

    def explode(*_args, **_kwargs):
        raise TypeError("secret internals of the error page")

    monkeypatch.setattr("crm_rollout.portfolio.views.phases.items_owned_by", explode)
    monkeypatch.setattr("crm_rollout.core.errors.render_template", explode)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        responses = {path: client.get(path) for path in ("/my-work", "/no-such-page")}
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert [r.status_code for r in responses.values()] == [500, 404]
    for response in responses.values():
        assert "secret internals" not in response.get_data(as_text=True)


def test_security_headers_are_set(client):
    response = client.get("/login")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_demo_is_loaded_only_into_an_empty_database(app, client):
    with app.app_context():
        assert seed_demo()
        db.session.commit()
        assert not seed_demo()
        users = {u.username: u for u in db.session.scalars(select(User))}
        project, role = projects.projects_of(users["director"].id)[-1]  # wave 1, the first and furthest along
        assert role == "director" and project.is_demo
        for name in ("steering", "consultant", "member", "viewer"):
            assert projects.projects_of(users[name].id)[0][1] == name
        summaries = phases.summaries(project.id)
        assert [s.phase.status for s in summaries[:4]] == ["closed", "closed", "closed", "in_progress"]
        assert len(phases.overdue_due_dates(project.id)) > 0
        assert sum(s.done for s in summaries) > 0
        assert db.session.scalar(select(func.count()).select_from(User)) == len(users)
    response = client.post("/login", data={"login": "director@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302


def test_the_demo_history_spreads_over_the_months_the_project_has_run(app):
    with app.app_context():
        assert seed_demo()
        db.session.commit()
        project = db.session.scalars(select(Project).order_by(Project.id)).first()
        entries = db.session.scalars(select(AuditEntry).where(AuditEntry.project_id == project.id)).all()
        days = {entry.at.date() for entry in entries}
        start = datetime.combine(project.start_date, time(), tzinfo=UTC)
        assert len(days) > 30, "a history of many days, not one burst"
        assert all(start - timedelta(days=1) <= entry.at <= datetime.now(UTC) for entry in entries)
        reports_submitted = sorted(
            (e.at, e.entity_id) for e in entries if e.entity_type == "report_versions" and e.action == "created"
        )
        assert [version_id for _at, version_id in reports_submitted] == sorted(v for _at, v in reports_submitted)
        assert reports_submitted[-1][0] - reports_submitted[0][0] > timedelta(days=30)
        version = db.session.scalars(select(ReportVersion).order_by(ReportVersion.id)).first()
        assert "项目准备" in str(version.content), "frozen in the company's language"
