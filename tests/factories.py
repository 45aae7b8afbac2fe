"""Builders for test data, through the services so the rules apply."""

import io
from dataclasses import dataclass
from datetime import date, timedelta

from pypdf import PdfWriter

from crm_rollout.auth import service as accounts
from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import Role
from crm_rollout.cutover import runs as cutover_runs
from crm_rollout.cutover import service as cutover
from crm_rollout.documents import service as documents
from crm_rollout.gates import service as gates
from crm_rollout.golive import service as golive
from crm_rollout.hypercare import service as hypercare
from crm_rollout.lessons import service as lessons
from crm_rollout.methods import service as methods
from crm_rollout.migration import service as migration
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.processes import service as processes
from crm_rollout.processes import steps as process_steps
from crm_rollout.programmes import service as programmes
from crm_rollout.projects import service as projects
from crm_rollout.readiness import service as readiness
from crm_rollout.reports import service as reports
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.steering import actions as steering_actions
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team
from crm_rollout.training import service as training

PASSWORD = "correct-horse-battery"


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _blank_pdf()  # small, but a PDF by its content
# What reports.snapshot computes, minus the charts: keeps building test data fast.
MINIMAL_COMPUTED = {
    "project": {"name": "Rollout", "company": "ACME"},
    "overall_progress": 0,
    "phases": [],
    "milestones": [],
    "charts": {},
}


def make_user(username, *, is_admin=False, password=PASSWORD):
    return accounts.create_user(
        username=username,
        email=f"{username}@example.com",
        display_name=username.title(),
        password=password,
        is_admin=is_admin,
    )


def make_project(director, name="Rollout", **fields):
    with acting_as(db.session, director.id):
        return projects.create_project(
            creator=director,
            name=name,
            company=fields.pop("company", "ACME"),
            vision=fields.pop("vision", ""),
            strategy=fields.pop("strategy", ""),
            scope_areas=fields.pop("scope_areas", ["sales"]),
            start_date=fields.pop("start_date", date(2026, 1, 5)),
            target_golive_date=fields.pop("target_golive_date", date(2026, 12, 1)),
        )


@dataclass
class World:
    """Ids only: tests open their own sessions."""

    project_id: int
    other_project_id: int
    users: dict  # role (or "outsider", "admin") -> user id
    item_id: int  # an item of phase 1 of project, owned by the team member
    other_item_id: int  # an item of other_project
    deliverable_id: int
    other_deliverable_id: int
    membership_id: int  # the viewer's membership
    person_id: int  # a team person of project, linked to no account
    meeting_id: int
    agenda_item_id: int  # on meeting, asks for a vote
    action_id: int  # from meeting, owned by person
    milestone_id: int
    report_id: int  # version 1 submitted, waiting for review
    gate_id: int  # phase 1's gate, under review (criteria overridden by a decision)
    risk_id: int  # one of the proposed Gartner risks
    assessment_id: int  # the ten key considerations, not yet answered
    kpi_id: int  # repeat-purchase rate, higher is better, no measurement yet
    process_id: int  # complaint handling, in the blueprint, owned by the consultant's team record
    model_id: int  # its to-be revision 1, with two steps
    step_id: int  # the to-be's first step
    second_step_id: int  # its second step (two routes remove a step: each gets its own)
    cause_id: int  # a root cause on its fishbone
    lesson_id: int  # a lesson learned in phase 1
    document_id: int  # a PDF attached to item, uploaded by the member who owns it
    version_id: int  # its first version
    programme_id: int  # the project is wave 1 of this programme
    method_id: int  # the library's nine-phase method
    method_version_id: int  # a draft of it, being edited
    course_id: int  # "CRM for sales", for the Sales audience
    session_id: int  # its one session, 10 places
    trainee_id: int  # a sales rep, enrolled in the session, not yet attended
    enrolment_id: int
    migration_object_id: int  # accounts, loaded first
    migration_load_id: int  # its trial load, balancing
    runbook_step_id: int  # "Freeze the legacy CRM", owned by the person
    cutover_run_id: int  # "Rehearsal 1", not started
    owned_criterion_id: int  # "Support desk staffed", owned by the person, not confirmed
    pack_id: int  # go/no-go pack 1, waiting for the committee
    incident_id: int  # a P2 defect, open


def build_world() -> World:
    users = {role: make_user(role) for role in Role.codes()}
    users["outsider"] = make_user("outsider")
    users["admin"] = make_user("siteadmin", is_admin=True)
    project = make_project(users["director"])
    membership_id = None
    for role in Role.codes():
        if role != "director":
            membership = projects.add_member(project, login=role, role=role)
            if role == "viewer":
                membership_id = membership.id
    other = make_project(users["outsider"], name="Other company's rollout")
    item = phases.project_items(project.id)[0]
    phase_changes.update_item(
        item,
        expected_version=item.version,
        changes={"owner": users["member"].id, "due_date": date.today() + timedelta(days=7)},
    )
    deliverable = phases.phase_deliverables(item.phase_id)[0]
    person = team.add_person(project.id, name="Pat Core", tier="core", position="team_member", allocation_percent=80)
    meeting = steering.create_meeting(project.id, title="Steering 1", meeting_date=date.today())
    agenda_item = steering.add_agenda_item(meeting, title="Go ahead?", vote_requested=True)
    action = steering_actions.create_action(project.id, title="Follow up", owner_id=person.id, meeting_id=meeting.id)
    milestone = milestones.create_milestone(project.id, name="Charter signed", baseline_date=date.today())
    report = reports.create_report(project.id, title="Kickoff report", milestone_id=milestone.id)
    reports.submit(
        report, expected_version=report.version, submitted_by=users["director"].id, computed=MINIMAL_COMPUTED
    )
    first_phase = phases.get_phase(project.id, 1)
    gates.start_phase(first_phase)
    override = steering.record_decision(project.id, decided_on=date.today(), text="Close phase 1 despite open items")
    gate = gates.request_review(first_phase, requested_by=users["director"].id, override_decision_id=override.id)
    assessment = readiness.create_assessment(
        project.id, questionnaire_key="ten_considerations", title="", held_on=date.today()
    )
    kpi = scorecard.create_kpi(
        project.id,
        name="Repeat purchase rate",
        indicator_type="lagging",
        goal_type="broad",
        unit="%",
        baseline=35.0,
        baseline_date=date(2026, 1, 1),
        target=45.0,
        target_date=date(2027, 1, 1),
        direction="higher",
    )
    process, to_be, (step, second_step), cause = _blueprint(project.id, users["consultant"].id)
    [document] = documents.attach(project.id, "items", item.id, [("requirements.pdf", PDF)], user_id=users["member"].id)
    lesson = lessons.create_lesson(
        project.id,
        title="Sponsor briefed too late",
        phase_id=item.phase_id,
        category="leadership",
        learned="Brief first.",
    )
    programme = programmes.create_programme(project, name="Nationwide", company="ACME", scope="Headquarters")
    method = next(m for m in methods.methods() if m.key == methods.DEFAULT_KEY)
    method_draft = methods.start_draft(method)
    course = training.create_course(project.id, title="CRM for sales", audience="Sales")
    session = training.create_session(project.id, course_id=course.id, held_on=date.today(), capacity=10)
    trainee = training.create_trainee(project.id, name="Li Wei", department="Sales")
    [enrolment] = training.enrol(session, [trainee.id])
    accounts_object = migration.create_object(project.id, name="Accounts", source_system="ERP", sequence=10)
    trial_load = migration.create_load(
        project.id,
        object_id=accounts_object.id,
        run_on=date.today(),
        extracted=1000,
        loaded=980,
        rejected=20,
        source_count=1000,
        target_count=998,
        rejection_reasons={"missing tax number": 20},
    )
    freeze = cutover.create_step(project.id, title="Freeze the legacy CRM", owner_id=person.id, planned_minutes=30)
    rehearsal = cutover_runs.create_run(project.id, name="Rehearsal 1", kind="rehearsal")
    staffed = golive.create_owned(project.id, title="Support desk staffed", owner_id=person.id)
    pack = golive.freeze(project.id, user_id=users["director"].id)
    incident = hypercare.create_incident(project.id, title="Quotes print without logo", priority="P2")
    other_item = phases.project_items(other.id)[0]
    other_deliverable = phases.phase_deliverables(other_item.phase_id)[0]
    return World(
        project_id=project.id,
        other_project_id=other.id,
        users={name: user.id for name, user in users.items()},
        item_id=item.id,
        other_item_id=other_item.id,
        deliverable_id=deliverable.id,
        other_deliverable_id=other_deliverable.id,
        membership_id=membership_id,
        person_id=person.id,
        meeting_id=meeting.id,
        agenda_item_id=agenda_item.id,
        action_id=action.id,
        milestone_id=milestone.id,
        report_id=report.id,
        gate_id=gate.id,
        risk_id=risks.risks(project.id)[0].id,
        assessment_id=assessment.id,
        kpi_id=kpi.id,
        process_id=process.id,
        model_id=to_be.id,
        step_id=step.id,
        second_step_id=second_step.id,
        cause_id=cause.id,
        lesson_id=lesson.id,
        document_id=document.id,
        version_id=document.current.id,
        programme_id=programme.id,
        method_id=method.id,
        method_version_id=method_draft.id,
        course_id=course.id,
        session_id=session.id,
        trainee_id=trainee.id,
        enrolment_id=enrolment.id,
        migration_object_id=accounts_object.id,
        migration_load_id=trial_load.id,
        runbook_step_id=freeze.id,
        cutover_run_id=rehearsal.id,
        owned_criterion_id=staffed.id,
        pack_id=pack.id,
        incident_id=incident.id,
    )


def _blueprint(project_id: int, owner_user_id: int):
    owner = team.add_person(project_id, name="Owen Owner", tier="functional", position="key_user")
    owner.user_id = owner_user_id
    process = processes.create_process(
        project_id, name="Complaint handling", area="service", owner_id=owner.id, in_blueprint=True
    )
    to_be = processes.current(processes.models_of(process.id), "to_be")
    step = process_steps.add_step(to_be, actor="Service agent", activity="Log the complaint", duration_hours=0.5)
    second = process_steps.add_step(to_be, actor="Case manager", activity="Resolve it", duration_hours=2)
    cause = processes.add_cause(process, category="technology", text="No shared customer record")
    return process, to_be, (step, second), cause
