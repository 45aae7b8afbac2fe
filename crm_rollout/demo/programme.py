"""The demo's programme: the rollout so far is the first wave (East China, with headquarters); the second
wave (South China) started from it ten days ago and is in its preparation phase."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.programmes import service as programmes
from crm_rollout.projects import service as projects
from crm_rollout.risks import service as risks
from crm_rollout.team import service as team

WAVE_2_DAYS_AGO = 10
WAVE_2_WEEKS = (3, 3, 5, 5, 4, 6, 5, 3, 4)  # shorter than wave 1: the blueprint is carried over

# Preparation items of wave 2 done so far (by position in the phase), with their evidence.
WAVE_2_DONE = {
    0: "范围：华南区销售与客服，沿用一期流程。Scope: South China sales and service, on wave 1's processes.",
    2: "华南区总经理签署承诺书。The South China general manager signed the commitment.",
}


def seed_programme(project, users: dict) -> None:
    director = users["director"]
    start = today() - timedelta(days=WAVE_2_DAYS_AGO)
    with acting_as(db.session, director.id, at=on(start - timedelta(days=5), 10)):
        programmes.create_programme(
            project,
            name="星河 CRM 全国推广 · Xinghe CRM nationwide",
            company=project.company,
            vision=project.vision,
            scope="华东区（含总部）· East China, with headquarters",
        )
    with acting_as(db.session, director.id, at=on(start, 9)):
        wave, _carried = programmes.start_wave(
            project,
            creator=director,
            name="星河 CRM 二期 · 华南 · Xinghe CRM Wave 2 South China",
            scope="华南区 · South China",
            start_date=start,
            target_golive_date=start + timedelta(weeks=sum(WAVE_2_WEEKS)),
        )
        wave.is_demo = True
        _plan(wave.id, start)
        milestones.propose_from_phases(wave.id)
        _shared_project_manager(wave, start)
        risks.create_risk(
            wave.id,
            title="项目经理同时负责两波，投入不足 · The project manager is split between two waves",
            kind="risk",
            category="team",
            probability=4,
            impact=4,
            mitigation="一期上线前由远景咨询增派一名顾问。The consultancy adds a consultant until wave 1 goes live.",
        )
    _first_week(wave.id, director, start)


def _plan(project_id: int, start) -> None:
    offset = timedelta()
    for summary, weeks in zip(phases.summaries(project_id), WAVE_2_WEEKS, strict=True):
        summary.phase.planned_start = start + offset
        offset += timedelta(weeks=weeks)
        summary.phase.planned_end = start + offset - timedelta(days=1)
    db.session.flush()


def _shared_project_manager(wave, start) -> None:
    """The consultancy's project manager, full time on wave 1, takes wave 2 on at 40 %: the programme flags it."""
    projects.add_member(wave, login="consultant", role="consultant")
    wave_1_manager = next(p for p in team.people_of_projects([_wave_1_id(wave)]) if p.position == "project_manager")
    team.add_person(
        wave.id,
        name=wave_1_manager.name,
        organisation=wave_1_manager.organisation,
        is_consultancy=True,
        tier="core",
        position="project_manager",
        allocation_percent=40,
        allocation_start=start,
        role_title=wave_1_manager.role_title,
        user_id=wave_1_manager.user_id,
    )


def _wave_1_id(wave) -> int:
    return programmes.wave_of(wave.id).started_from_id


def _first_week(project_id: int, director, start) -> None:
    phase = phases.get_phase(project_id, 1)
    with acting_as(db.session, director.id, at=on(start, 9)):
        phase.actual_start = start
        db.session.flush()
    items = phases.phase_items(phase.id)
    for position, evidence in WAVE_2_DONE.items():
        item = items[position]
        with acting_as(db.session, director.id, at=on(start + timedelta(days=position + 2), 16)):
            phase_changes.update_item(
                item, expected_version=item.version, changes={"status": "done", "notes": evidence, "owner": director.id}
            )
