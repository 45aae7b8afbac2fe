"""Walks every route of the app for every role, an outsider and an anonymous visitor.

The expectations come from the role table of the specification (issue #2), written
out here independently of crm_rollout.core.permissions. A route missing from SPEC fails
the test, so a new route cannot ship without a decision about who may use it.
"""

import pytest
from flask import url_for

from crm_rollout.auth import service as accounts
from crm_rollout.core.extensions import db
from crm_rollout.notifications import service as notifications
from tests.conftest import login

ROLES = ("director", "steering", "consultant", "member", "viewer")

# What each role may do, as the issue states it.
MAY = {
    "director": {
        "view",
        "manage",
        "members",
        "edit",
        "own",
        "comment",
        "team",
        "steer",
        "vote",
        "report",
        "risks",
        "kpis",
        "blueprint",
        "attach",
        "golive",
        "cutover",
    },
    "steering": {"view", "comment", "vote", "review"},  # a member of the committee, not its chair
    "consultant": {"view", "edit", "own", "comment", "risks", "kpis", "blueprint", "attach", "golive", "cutover"},
    "member": {"view", "own", "comment", "attach", "cutover"},
    "viewer": {"view"},
}

# (endpoint, method) -> what it needs. "public": anyone; "login": any signed-in user;
# "admin": site admins; "own_token", "own_notification": the director's own; others: a project permission.
SPEC = {
    ("static", "GET"): "public",
    ("health.health", "GET"): "public",
    ("api.openapi", "GET"): "public",
    ("auth.login", "GET"): "public",
    ("auth.login", "POST"): "public",
    ("auth.set_language", "POST"): "public",
    ("auth.logout", "POST"): "login",
    ("auth.account", "GET"): "login",
    ("auth.account", "POST"): "login",
    ("auth.revoke_token", "POST"): "own_token",
    ("admin.users", "GET"): "admin",
    ("admin.users", "POST"): "admin",
    ("admin.user", "GET"): "admin",
    ("admin.user", "POST"): "admin",
    ("projects.portfolio", "GET"): "login",
    ("projects.my_work", "GET"): "login",
    # A programme is reached through its waves: a member of one sees it, a director of one edits it.
    ("programmes.programmes", "GET"): "login",
    ("programmes.programme", "GET"): "view",
    ("programmes.timeline", "GET"): "view",
    ("programmes.edit", "GET"): "manage",
    ("programmes.edit", "POST"): "manage",
    ("programmes.new_programme", "GET"): "manage",
    ("programmes.new_programme", "POST"): "manage",
    ("programmes.new_wave", "GET"): "manage",
    ("programmes.new_wave", "POST"): "manage",
    # The method library: everyone signed in reads it; site administrators and project directors edit it.
    ("methods.library", "GET"): "login",
    ("methods.method", "GET"): "login",
    ("methods.version", "GET"): "login",
    ("methods.export", "GET"): "login",
    ("methods.start_draft", "POST"): "methods",
    ("methods.edit_phase", "GET"): "methods",
    ("methods.edit_phase", "POST"): "methods",
    ("methods.add_phase", "POST"): "methods",
    ("methods.edit_rules", "GET"): "methods",
    ("methods.edit_rules", "POST"): "methods",
    ("methods.edit_risks", "GET"): "methods",
    ("methods.edit_kpis", "GET"): "methods",
    ("methods.edit_questions", "GET"): "methods",
    ("methods.edit_questions", "POST"): "methods",
    ("methods.edit_kpis", "POST"): "methods",
    ("methods.edit_risks", "POST"): "methods",
    ("methods.move_phase", "POST"): "methods",
    ("methods.remove_phase", "POST"): "methods",
    ("methods.publish", "POST"): "methods",
    ("methods.remove_draft", "POST"): "methods",
    ("methods.import_method", "POST"): "methods",
    ("notifications.inbox", "GET"): "login",
    ("notifications.mark_read", "POST"): "login",
    ("notifications.open_notification", "POST"): "own_notification",
    ("notifications.settings", "GET"): "login",
    ("notifications.settings", "POST"): "login",
    ("notifications.project_defaults", "GET"): "manage",
    ("notifications.project_defaults", "POST"): "manage",
    ("calendar.feed", "GET"): "public",  # the secret address is the key
    ("api.list_notifications", "GET"): "login",
    ("api.read_notification", "POST"): "own_notification",
    ("api.me", "GET"): "login",
    ("search.results", "GET"): "login",  # what it finds is filtered by membership: tests/search
    ("api.search_everything", "GET"): "login",
    ("documents.attach", "POST"): "attach",
    ("documents.add_version", "POST"): "attach",
    ("documents.remove", "POST"): "attach",
    ("documents.download", "GET"): "view",
    ("api.list_attachments", "GET"): "view",
    ("api.create_attachments", "POST"): "attach",
    ("api.get_attachment", "GET"): "view",
    ("steering.meeting_invitation", "GET"): "view",
    ("projects.new_project", "GET"): "login",
    ("projects.new_project", "POST"): "login",
    ("projects.overview", "GET"): "view",
    ("projects.settings", "GET"): "manage",
    ("phases.method", "GET"): "manage",
    ("phases.method", "POST"): "manage",
    ("projects.settings", "POST"): "manage",
    ("projects.members", "GET"): "view",
    ("projects.add_member", "POST"): "members",
    ("projects.member", "POST"): "members",
    ("phases.phase", "GET"): "view",
    ("phases.edit_phase", "GET"): "manage",
    ("phases.edit_phase", "POST"): "manage",
    ("phases.add_item", "POST"): "edit",
    ("phases.bulk_update", "POST"): "edit",
    ("phases.item", "GET"): "view",
    ("phases.item", "POST"): "own",  # the member owns the item used here
    ("phases.set_status", "POST"): "own",
    ("phases.remove_item", "GET"): "edit",
    ("phases.remove_item", "POST"): "edit",
    ("phases.restore_item", "POST"): "edit",
    ("phases.comment", "POST"): "comment",
    ("phases.add_deliverable", "POST"): "edit",
    ("phases.deliverable", "GET"): "view",
    ("phases.update_deliverable", "POST"): "edit",
    ("phases.toggle_deliverable_removal", "POST"): "edit",
    ("activity.activity", "GET"): "view",
    ("milestones.milestones", "GET"): "view",
    ("milestones.create", "POST"): "manage",
    ("milestones.propose", "POST"): "manage",
    ("milestones.milestone", "GET"): "view",
    ("milestones.milestone", "POST"): "manage",
    ("milestones.timeline", "GET"): "view",
    ("reports.reports", "GET"): "view",
    ("reports.create", "POST"): "report",
    ("reports.set_rule", "POST"): "report",
    ("reports.report", "GET"): "view",
    ("reports.report", "POST"): "report",
    ("reports.submit", "POST"): "report",
    ("reports.version", "GET"): "view",
    ("reports.version_pdf", "GET"): "view",
    ("reports.review", "POST"): "review",
    ("gates.gate", "GET"): "view",
    ("gates.request_review", "POST"): "manage",
    ("gates.review", "POST"): "review",
    ("gates.start", "POST"): "manage",
    ("risks.register", "GET"): "view",
    ("risks.new", "GET"): "risks",
    ("risks.create", "POST"): "risks",
    ("risks.risk", "GET"): "view",
    ("risks.risk", "POST"): "risks",
    ("risks.triage", "POST"): "risks",
    ("readiness.assessments", "GET"): "view",
    ("readiness.create", "POST"): "edit",
    ("readiness.threshold", "POST"): "manage",
    ("readiness.assessment", "GET"): "view",
    ("readiness.assessment", "POST"): "comment",
    ("readiness.radar", "GET"): "view",
    ("readiness.trend", "GET"): "view",
    ("readiness.follow_up", "POST"): "risks",
    ("scorecard.scorecard", "GET"): "view",
    ("scorecard.create", "POST"): "kpis",
    ("scorecard.measure", "POST"): "kpis",
    ("scorecard.chart", "GET"): "view",
    ("scorecard.export", "GET"): "view",
    ("risks.export", "GET"): "view",
    ("sheets.export", "GET"): "view",
    ("lessons.lessons", "GET"): "view",
    ("lessons.lessons", "POST"): "comment",
    ("lessons.lesson", "GET"): "view",
    ("lessons.lesson", "POST"): "comment",
    ("api.list_lessons", "GET"): "view",
    ("api.create_lesson", "POST"): "comment",
    ("api.patch_lesson", "PATCH"): "comment",
    ("api.export_lessons_xlsx", "GET"): "view",
    **{(f"api.export_{key}_xlsx", "GET"): "view" for key in ("actions", "checklist", "decisions", "deliverables")},
    **{(f"api.export_{key}_xlsx", "GET"): "view" for key in ("kpis", "measurements", "milestones", "processes")},
    **{(f"api.export_{key}_xlsx", "GET"): "view" for key in ("risks", "team", "readiness", "readiness_answers")},
    # The way back from a workbook: whoever may change the register.
    **{
        route: need
        for key, need in (
            ("checklist", "edit"),
            ("risks", "risks"),
            ("actions", "steer"),
            ("team", "team"),
            ("measurements", "kpis"),
            ("lessons", "comment"),
        )
        for route in (
            (f"api.import_{key}", "POST"),
            (f"sheets.import_{key}", "GET"),
            (f"sheets.import_{key}", "POST"),
            (f"sheets.apply_{key}", "POST"),
        )
    },
    # Go-live: the training plan.
    **{(f"training.{page}", "GET"): "view" for page in ("plan", "course", "session", "trainees", "trainee")},
    **{(f"training.{page}", "POST"): "golive" for page in ("plan", "course", "session", "trainees", "trainee")},
    **{(f"training.{action}", "POST"): "golive" for action in ("add_session", "enrol", "attendance", "add_team")},
    **{
        route: need
        for kind in ("training_course", "training_session", "trainee", "training_enrolment")
        for route, need in (
            ((f"api.list_{kind}s", "GET"), "view"),
            ((f"api.create_{kind}", "POST"), "golive"),
            ((f"api.patch_{kind}", "PATCH"), "golive"),
        )
    },
    **{(f"api.export_{key}_xlsx", "GET"): "view" for key in ("trainees", "training_courses")},
    **{
        route: "golive"
        for key in ("trainees", "training_courses")
        for route in (
            (f"api.import_{key}", "POST"),
            (f"sheets.import_{key}", "GET"),
            (f"sheets.import_{key}", "POST"),
            (f"sheets.apply_{key}", "POST"),
        )
    },
    # Go-live: data migration.
    **{(f"migration.{page}", "GET"): "view" for page in ("objects", "object", "load")},
    **{(f"migration.{page}", "POST"): "golive" for page in ("objects", "object", "load")},
    **{(f"migration.{action}", "POST"): "golive" for action in ("tolerance", "dependencies", "add_load")},
    **{
        route: need
        for kind in ("migration_object", "migration_load")
        for route, need in (
            ((f"api.list_{kind}s", "GET"), "view"),
            ((f"api.create_{kind}", "POST"), "golive"),
            ((f"api.patch_{kind}", "PATCH"), "golive"),
        )
    },
    # Go-live: the cut-over.
    **{(f"cutover.{page}", "GET"): "view" for page in ("runbook", "step", "run")},
    **{(f"cutover.{page}", "POST"): "golive" for page in ("runbook", "step", "plan", "new_run", "adopt")},
    ("cutover.tick", "POST"): "cutover",  # and, for a member, a step they own or check (tests/cutover)
    ("api.get_cutover_plan", "GET"): "view",
    ("api.patch_cutover_plan", "PATCH"): "golive",
    **{
        route: need
        for kind in ("runbook_step", "cutover_run")
        for route, need in (
            ((f"api.list_{kind}s", "GET"), "view"),
            ((f"api.create_{kind}", "POST"), "golive"),
            ((f"api.patch_{kind}", "PATCH"), "golive"),
        )
    },
    ("api.list_cutover_run_steps", "GET"): "view",
    ("api.create_cutover_run_step", "POST"): "cutover",
    # Go-live: go/no-go and hypercare.
    ("golive.criteria", "GET"): "view",
    **{(f"golive.{action}", "POST"): "golive" for action in ("targets", "add_criterion", "freeze")},
    ("golive.confirm", "POST"): "comment",  # and only the criterion's owner (tests/golive)
    ("golive.waive", "POST"): "steer",
    ("golive.withdraw_waiver", "POST"): "steer",
    ("golive.pack", "GET"): "view",
    ("golive.pack", "POST"): "steer",
    ("api.list_golive_criteria", "GET"): "view",
    ("api.list_golive_packs", "GET"): "view",
    ("api.freeze_golive_pack", "POST"): "golive",
    ("api.list_owned_criteria", "GET"): "view",
    ("api.create_owned_criterion", "POST"): "golive",
    ("api.patch_owned_criterion", "PATCH"): "golive",
    ("hypercare.stand_up", "GET"): "view",
    ("hypercare.stand_up", "POST"): "comment",
    ("hypercare.incident", "GET"): "view",
    ("hypercare.incident", "POST"): "golive",
    ("api.list_incidents", "GET"): "view",
    ("api.create_incident", "POST"): "comment",
    ("api.patch_incident", "PATCH"): "golive",
    ("project_health.index", "GET"): "view",
    ("api.get_health_index", "GET"): "view",
    ("api.list_risks", "GET"): "view",
    ("api.create_risk", "POST"): "risks",
    ("api.patch_risk", "PATCH"): "risks",
    ("api.list_kpis", "GET"): "view",
    ("api.create_kpi", "POST"): "kpis",
    ("api.add_measurement", "POST"): "kpis",
    ("api.patch_kpi", "PATCH"): "kpis",
    ("api.list_assessments", "GET"): "view",
    ("api.create_assessment", "POST"): "edit",
    ("api.put_response", "PUT"): "comment",
    ("team.team", "GET"): "view",
    ("team.chart", "GET"): "view",
    ("team.chart_svg", "GET"): "view",
    ("team.capacity", "GET"): "view",
    ("team.person", "GET"): "view",
    ("team.person", "POST"): "team",
    ("team.new_person", "GET"): "team",
    ("team.new_person", "POST"): "team",
    ("team.remove_person", "GET"): "team",
    ("team.remove_person", "POST"): "team",
    ("team.rules", "GET"): "team",
    ("team.rules", "POST"): "team",
    ("steering.committee", "GET"): "view",
    ("steering.meeting", "GET"): "view",
    ("steering.meeting_pack", "GET"): "view",
    ("steering.minutes", "GET"): "view",
    ("steering.decisions", "GET"): "view",
    ("steering.actions", "GET"): "view",
    ("steering.new_meeting", "GET"): "steer",
    ("steering.new_meeting", "POST"): "steer",
    ("steering.update_meeting", "POST"): "steer",
    ("steering.add_agenda_item", "POST"): "steer",
    ("steering.remove_agenda_item", "POST"): "steer",
    ("steering.attendance", "POST"): "steer",
    ("steering.approve_minutes", "POST"): "steer",
    ("steering.record_decision", "POST"): "steer",
    ("steering.create_action", "POST"): "steer",
    ("steering.update_action", "POST"): "steer",  # or the action's owner (tested in tests/steering)
    ("steering.add_note", "POST"): "comment",
    ("steering.vote", "POST"): "vote",
    ("api.list_people", "GET"): "view",
    ("api.create_person", "POST"): "team",
    ("api.patch_person", "PATCH"): "team",
    ("api.list_meetings", "GET"): "view",
    ("api.create_meeting", "POST"): "steer",
    ("api.patch_meeting", "PATCH"): "steer",
    ("api.list_decisions", "GET"): "view",
    ("api.create_decision", "POST"): "steer",
    ("api.list_actions", "GET"): "view",
    ("api.create_action", "POST"): "steer",
    ("api.patch_action", "PATCH"): "steer",  # or the action's owner (tested in tests/api)
    ("api.list_milestones", "GET"): "view",
    ("api.create_milestone", "POST"): "manage",
    ("api.patch_milestone", "PATCH"): "manage",
    ("api.list_reports", "GET"): "view",
    ("api.get_report", "GET"): "view",
    ("api.get_report_version", "GET"): "view",
    ("api.submit_report", "POST"): "report",
    ("api.review_report", "POST"): "review",
    ("api.list_gates", "GET"): "view",
    ("api.review_gate", "POST"): "review",
    ("api.list_projects", "GET"): "login",
    ("api.list_programmes", "GET"): "login",
    ("api.list_methods", "GET"): "login",
    ("api.get_programme", "GET"): "view",
    ("api.list_phases", "GET"): "view",
    ("api.patch_item", "PATCH"): "own",
    ("api.item_history", "GET"): "view",
    ("processes.catalogue", "GET"): "view",
    ("processes.create", "POST"): "blueprint",
    ("processes.weights", "POST"): "manage",
    ("processes.process", "GET"): "view",
    ("processes.process", "POST"): "blueprint",
    ("processes.add_cause", "POST"): "blueprint",
    ("processes.remove_cause", "POST"): "blueprint",
    ("processes.fishbone_svg", "GET"): "view",
    ("processes.record_test", "POST"): "blueprint",
    ("processes.model", "GET"): "view",
    ("processes.add_step", "POST"): "blueprint",
    ("processes.update_elements", "POST"): "blueprint",
    ("processes.revise", "POST"): "blueprint",
    ("processes.approve", "POST"): "process_owner",
    ("processes.swimlane_svg", "GET"): "view",
    ("processes.export_bpmn", "GET"): "view",
    ("processes.import_bpmn", "POST"): "blueprint",
    ("processes.step", "GET"): "view",
    ("processes.step", "POST"): "blueprint",
    ("processes.move_step", "POST"): "blueprint",
    ("processes.remove_step", "POST"): "blueprint",
    ("api.list_processes", "GET"): "view",
    ("api.create_process", "POST"): "blueprint",
    ("api.get_process", "GET"): "view",
    ("api.patch_process", "PATCH"): "blueprint",
    ("api.get_process_model", "GET"): "view",
    ("api.patch_process_model", "PATCH"): "blueprint",
    ("api.revise_process_model", "POST"): "blueprint",
    ("api.get_process_model_bpmn", "GET"): "view",
    ("api.put_process_model_bpmn", "PUT"): "blueprint",
    ("api.create_process_step", "POST"): "blueprint",
    ("api.patch_process_step", "PATCH"): "blueprint",
    ("api.remove_process_step", "DELETE"): "blueprint",
    ("api.list_prototype_tests", "GET"): "view",
    ("api.create_prototype_test", "POST"): "blueprint",
}


def _routes(app):
    # Routes that delete something go last, so the walk never loses what later routes need.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: "remove" in rule.endpoint)
    for rule in rules:
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _url(app, rule, world, own):
    values = {
        "project_id": world.project_id,
        "item_id": world.item_id,
        "number": 1,
        "deliverable_id": world.deliverable_id,
        "membership_id": world.membership_id,
        "user_id": world.users["viewer"],
        "token_id": own["token_id"],
        "notification_id": own["notification_id"],
        "token": own["calendar"],
        "filename": "css/app.css",
        "person_id": world.person_id,
        "meeting_id": world.meeting_id,
        "agenda_item_id": world.agenda_item_id,
        "action_id": world.action_id,
        "milestone_id": world.milestone_id,
        "report_id": world.report_id,  # its version 1 is submitted (number=1 serves both)
        "gate_id": world.gate_id,
        "risk_id": world.risk_id,
        "assessment_id": world.assessment_id,
        "kpi_id": world.kpi_id,
        "process_id": world.process_id,
        "model_id": world.model_id,
        "step_id": world.step_id,
        "cause_id": world.cause_id,
        "lesson_id": world.lesson_id,
        "document_id": world.document_id,
        "version_id": world.version_id,
        "kind": "items",
        "subject_id": world.item_id,
        "key": "ten_considerations",
        "register": "risks",
        "preview": "no-such-preview",
        "programme_id": world.programme_id,
        "method_id": world.method_id,
        "method_version_id": world.method_version_id,
        "course_id": world.course_id,
        "session_id": world.session_id,
        "trainee_id": world.trainee_id,
        "enrolment_id": world.enrolment_id,
        "training_course_id": world.course_id,
        "training_session_id": world.session_id,
        "training_enrolment_id": world.enrolment_id,
        "object_id": world.migration_object_id,
        "load_id": world.migration_load_id,
        "migration_object_id": world.migration_object_id,
        "migration_load_id": world.migration_load_id,
        "runbook_step_id": world.runbook_step_id,
        "cutover_run_id": world.cutover_run_id,
        "run_id": world.cutover_run_id,
        "criterion_id": world.owned_criterion_id,
        "owned_criterion_id": world.owned_criterion_id,
        "pack_id": world.pack_id,
        "incident_id": world.incident_id,
    }
    if rule.endpoint == "api.remove_process_step":
        values["step_id"] = world.second_step_id  # the page's remove route takes the first
    with app.test_request_context():
        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def _expected(need, who, is_api):
    """'ok', 'login', 403 or 404 for this identity on a route that needs `need`."""
    if need == "public":
        return "ok"
    if who == "anonymous":
        return 401 if is_api else "login"
    if need in ("login", "own_token", "own_notification"):
        if need.startswith("own_") and who != "director":
            return 404
        return "ok"
    if need == "admin":
        return "ok" if who == "admin" else 403
    if need == "methods":  # the outsider directs a project of their own
        return "ok" if who in ("director", "outsider", "admin") else 403
    if who in ("outsider", "admin"):
        return 404  # not a member: the project's existence is not revealed
    if need == "process_owner":  # any member may be the owner; in the world it is the consultant
        return "ok" if who == "consultant" else 403
    return "ok" if need in MAY[who] else 403


def _matches(expected, response):
    code = response.status_code
    if expected == "login":
        return code == 302 and "/login" in response.headers["Location"]
    if expected == "ok":
        return code < 500 and code not in (401, 403, 404)
    return code == expected


def test_every_route_is_in_the_spec(app):
    missing = {(rule.endpoint, method) for rule, method in _routes(app)} - set(SPEC)
    assert not missing, f"routes without a permission decision: {sorted(missing)}"


@pytest.mark.parametrize("who", [*ROLES, "outsider", "admin", "anonymous"])
def test_route_access_by_role(app, client, world, who):
    with app.app_context():
        director = db.session.get(accounts.User, world.users["director"])
        token, _raw = accounts.create_api_token(director, "matrix")
        db.session.commit()
        own = {
            "token_id": token.id,
            "notification_id": _notification_of(director.id, world.project_id),
            "calendar": notifications.calendar_token(director.id),
        }
        db.session.commit()
    if who == "admin":
        login(client, "siteadmin")
    elif who != "anonymous":
        login(client, who)
    failures = []
    for rule, method in _routes(app):
        if (rule.endpoint, method) == ("auth.logout", "POST"):
            continue  # would end the session the rest of the walk needs; covered in test_auth
        url = _url(app, rule, world, own)
        is_api = url.startswith("/api/")
        expected = _expected(SPEC[(rule.endpoint, method)], who, is_api)
        kwargs = {"json": {}} if method in ("PATCH", "PUT") else {}
        response = client.open(url, method=method, **kwargs)
        if not _matches(expected, response):
            failures.append(f"{method} {url}: expected {expected}, got {response.status_code}")
    assert not failures, "\n".join(failures)


def _notification_of(user_id: int, project_id: int) -> int:
    """A notification of the director's, written as a change by another member writes one."""
    from crm_rollout.notifications.models import Notification

    row = Notification(
        user_id=user_id,
        project_id=project_id,
        kind="assigned",
        sentence="item_assigned",
        params={"title": "x"},
        subject_type="projects",
        subject_id=project_id,
        endpoint="projects.overview",
        endpoint_args={"project_id": project_id},
        channel="inbox",
    )
    db.session.add(row)
    db.session.flush()
    return row.id


def test_templates_name_permissions_and_an_unknown_one_is_an_error(app):
    """Templates ask `can(perm.EDIT_CHECKLIST)`; a misspelt permission fails loudly instead of hiding a button."""
    from crm_rollout.core import permissions

    with app.test_request_context():
        assert permissions.can(permissions.perm.VIEW) is False  # no project on this request
        with pytest.raises(ValueError):
            permissions.can("checklist.edti")
