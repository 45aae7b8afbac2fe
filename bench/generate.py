"""Builds a project at real scale through the services (so every rule and the audit trail apply), then tops
the audit trail up to its target with bulk rows.

`scale` shrinks or grows every count but the team's (the test suite round-trips a small one; the benchmark uses 1.0,
and 10.0 for its large project):
9 phases, 1,000 checklist items, 150 people, 12 steering meetings, 60 processes with as-is and to-be of about 20 steps,
40 assessments with 8 respondents, 200 risks, 30 milestone reports, 100,000 audit entries.
"""

from datetime import date, timedelta

from sqlalchemy import func, insert, select

from crm_rollout.auth import service as accounts
from crm_rollout.core.audit import AuditEntry, acting_as
from crm_rollout.core.db import utcnow
from crm_rollout.core.extensions import db
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.processes import service as processes
from crm_rollout.processes import steps as process_steps
from crm_rollout.projects import service as projects
from crm_rollout.readiness import service as readiness
from crm_rollout.reports import service as reports
from crm_rollout.risks import service as risks
from crm_rollout.steering import actions as steering_actions
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team

PASSWORD = "bench-password"
FULL = {
    "items": 1000,
    "people": 150,
    "processes": 60,
    "steps": 20,
    "assessments": 40,
    "respondents": 8,
    "risks": 200,
    "reports": 30,
    "meetings": 12,
    "audit": 100_000,
}
ACTORS = ["Sales rep", "Sales manager", "Service agent", "Case manager", "Finance clerk", "Logistics", "IT"]
AREAS = ["sales", "service", "marketing", "call_centre", "field_service", "ecommerce"]
COMPUTED = {"project": {"name": "Bench", "company": "Bench"}, "overall_progress": 0, "phases": [], "charts": {}}


def counts(scale: float) -> dict[str, int]:
    per_unit = ("steps", "respondents")  # a smaller project has fewer processes, not shorter ones
    found = {k: v if k in per_unit else max(2, round(v * scale)) for k, v in FULL.items()}
    # A team does not grow with its checklist: a larger project has more work, not 1,500 people.
    found["people"] = min(found["people"], FULL["people"])
    return found


def _user(name: str):
    return accounts.find_by_login(name) or accounts.create_user(
        username=name, email=f"{name}@bench.example", display_name=name.title(), password=PASSWORD
    )


def generate(scale: float = 1.0, name: str = "Bench project") -> int:
    """Create the project and return its id (commits as it goes, so a large run keeps memory flat)."""
    n = counts(scale)
    director = _user("benchdirector")
    respondents = [_user(f"benchuser{i}") for i in range(n["respondents"])]
    with acting_as(db.session, director.id):
        project = projects.create_project(
            creator=director,
            name=name,
            company="Bench Co.",
            vision="",
            strategy="",
            scope_areas=["sales", "service"],
            start_date=date.today() - timedelta(days=120),
            target_golive_date=date.today() + timedelta(days=240),
        )
        for user in respondents:
            projects.add_member(project, login=user.username, role="consultant")
        db.session.commit()
        _checklist(project.id, director.id, n["items"])
        people = _people(project.id, n["people"])
        _processes(project.id, people, n["processes"], n["steps"])
        _assessments(project.id, respondents, n["assessments"])
        _risks(project.id, people, n["risks"])
        _meetings(project.id, people, n["meetings"])
        _reports(project.id, director.id, n["reports"])
    _top_up_audit(project.id, director.id, n["audit"])
    return project.id


def _checklist(project_id: int, owner_id: int, total: int) -> None:
    summaries = phases.summaries(project_id)
    existing = sum(s.total for s in summaries)
    for i in range(max(0, total - existing)):
        phase = summaries[i % len(summaries)].phase
        item = phase_changes.add_item(phase, title=f"Bench item {i}", locale="en", owner=owner_id)
        if i % 3 == 0:
            phase_changes.update_item(item, expected_version=item.version, changes={"status": "done"})
        if i % 200 == 199:
            db.session.commit()
    db.session.commit()


def _people(project_id: int, total: int) -> list:
    tiers = [("core", "team_member"), ("functional", "key_user"), ("steering", "steering_member")]
    people = []
    for i in range(total):
        tier, position = tiers[i % len(tiers)] if i else ("core", "director")
        people.append(
            team.add_person(
                project_id,
                name=f"Person {i}",
                tier=tier,
                position=position,
                department=f"Dept {i % 9}",
                allocation_percent=50 + i % 51,
            )
        )
    db.session.commit()
    return people


def _draw(model, steps: int) -> None:
    for s in range(steps):
        process_steps.add_step(
            model,
            actor=ACTORS[(s * 3) % len(ACTORS)],
            department=f"Dept {s % 5}",
            activity=f"Step {s} of the work",
            system="CRM" if s % 2 else "",
            duration_hours=1 + s % 6,
            is_decision=s % 7 == 3,
            next_steps=f"{s}: back" if s % 7 == 3 and s > 1 else "",
        )


def _processes(project_id: int, people: list, total: int, steps: int) -> None:
    for p in range(total):
        process = processes.create_process(
            project_id,
            name=f"Process {p}",
            area=AREAS[p % len(AREAS)],
            owner_id=people[p % len(people)].id,
            importance=1 + p % 5,
            performance_gap=1 + (p * 2) % 5,
            feasibility=1 + (p * 3) % 5,
            in_blueprint=True,
        )
        models = processes.models_of(process.id)
        _draw(processes.current(models, "as_is"), steps)
        _draw(processes.current(models, "to_be"), max(2, steps // 2))
        processes.add_cause(process, category="technology", text="No shared customer record")
        db.session.commit()


def _assessments(project_id: int, respondents: list, total: int) -> None:
    for a in range(total):
        assessment = readiness.create_assessment(
            project_id, questionnaire_key="ten_considerations", title=f"Round {a}", held_on=date.today()
        )
        keys = [i["key"] for i in assessment.questionnaire["items"]]
        for r, user in enumerate(respondents):
            answers = {k: {"score": 1 + (a + r + i) % 5, "evidence": ""} for i, k in enumerate(keys)}
            readiness.save_response(assessment, respondent_id=user.id, group="consultant", answers=answers)
        db.session.commit()


def _risks(project_id: int, people: list, total: int) -> None:
    existing = len(risks.risks(project_id))
    for r in range(max(0, total - existing)):
        risks.create_risk(
            project_id,
            title=f"Bench risk {r}",
            probability=1 + r % 5,
            impact=1 + (r * 2) % 5,
            owner_id=people[r % len(people)].id,
            status="open",
        )
    db.session.commit()


def _meetings(project_id: int, people: list, total: int) -> None:
    phase_ids = [s.phase.id for s in phases.summaries(project_id)]
    for m in range(total):
        meeting = steering.create_meeting(
            project_id, title=f"Steering {m}", meeting_date=date.today() - timedelta(days=14 * (total - m))
        )
        for a in range(5):
            steering.add_agenda_item(meeting, title=f"Topic {a}", phase_id=phase_ids[a % len(phase_ids)])
        for d in range(2):
            steering.record_decision(
                project_id, decided_on=meeting.meeting_date, text=f"Decision {m}.{d}", meeting_id=meeting.id
            )
        steering_actions.create_action(
            project_id, title=f"Action {m}", owner_id=people[m % len(people)].id, meeting_id=meeting.id
        )
    db.session.commit()


def _reports(project_id: int, director_id: int, total: int) -> None:
    for r in range(total):
        milestone = milestones.create_milestone(
            project_id, name=f"Milestone {r}", baseline_date=date.today() + timedelta(days=7 * r)
        )
        report = reports.create_report(project_id, title=f"Report {r}", milestone_id=milestone.id)
        reports.submit(report, expected_version=report.version, submitted_by=director_id, computed=COMPUTED)
    db.session.commit()


def _top_up_audit(project_id: int, actor_id: int, target: int) -> None:
    """History beyond what the build wrote, as checklist edits spread over the past months."""
    have = db.session.scalar(select(func.count()).where(AuditEntry.project_id == project_id))
    items = [i.id for i in phases.project_items(project_id)]
    now = utcnow()
    batch = []
    for n in range(max(0, target - have)):
        batch.append(
            {
                "project_id": project_id,
                "actor_id": actor_id,
                "at": now - timedelta(minutes=n),
                "entity_type": "checklist_items",
                "entity_id": items[n % len(items)],
                "action": "updated",
                "field": "notes",
                "old_value": f"note {n}",
                "new_value": f"note {n + 1}",
            }
        )
        if len(batch) == 5000:
            db.session.execute(insert(AuditEntry), batch)
            batch = []
    if batch:
        db.session.execute(insert(AuditEntry), batch)
    db.session.commit()
