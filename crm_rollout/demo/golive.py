"""A second demo company, in phase 7 (training and data): the go-live objects with numbers.

云帆家电 (Yunfan Home Appliances) rolls CRM out to sales and after-sales service. Phases 1–6 are behind it,
closed through their gates; go-live is five weeks away. Its figures are built to tell a story a director
can read off the go/no-go page and the health index:
- training has reached most of sales but only half of the service engineers;
- contacts still do not balance in the second migration rehearsal (duplicate mobile numbers);
- the first cut-over rehearsal overran the window, the second fitted it after a fix to the load order;
- the data-migration milestone slipped, the sponsor missed the last steering meeting,
- and the pilot branch (Hangzhou, live for three weeks) reports its incidents in hypercare.
"""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo import golive_objects as go_live
from crm_rollout.demo.clock import on
from crm_rollout.demo.project import new_project
from crm_rollout.demo.readiness import seed_readiness
from crm_rollout.gates import service as gates
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.processes import service as processes
from crm_rollout.processes.labels import TestResult
from crm_rollout.processes.models import ModelKind
from crm_rollout.projects import service as projects
from crm_rollout.risks import service as risks
from crm_rollout.scorecard import service as scorecard
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team

PHASE_DAYS = [14, 14, 30, 35, 25, 40, 40, 14, 30]
DAYS_INTO_PHASE_7 = 26
COMPANY = "云帆家电股份有限公司 Yunfan Home Appliances Co."

# name, tier, position, department, job title, % of their time, on the demo account
TEAM = [
    ("林涛 Lin Tao", "steering", "chair", "总经理办公室", "总经理 General manager", 10, "lintao"),
    ("何静 He Jing", "steering", "steering_member", "财务部", "财务总监 CFO", 5, None),
    ("许峰 Xu Feng", "core", "director", "销售部", "销售副总 VP sales", 100, "xufeng"),
    ("马丽 Ma Li", "core", "project_manager", "信息部", "IT 经理 IT manager", 80, None),
    ("李明 Li Ming", "functional", "app_consultant", "", "应用顾问 Application consultant", 100, "consultant"),
    ("宋亮 Song Liang", "functional", "key_user", "销售部", "大区经理 Regional sales manager", 40, None),
    ("邓洁 Deng Jie", "functional", "key_user", "售后服务部", "服务主管 Service supervisor", 40, None),
    ("曹宇 Cao Yu", "functional", "tech_consultant", "信息部", "数据工程师 Data engineer", 100, None),
]


def seed_golive(users: dict):
    """The phase-7 project, directed by 许峰; `users` holds the demo accounts (the consultant works for both
    companies)."""
    start = today() - timedelta(days=sum(PHASE_DAYS[:6]) + DAYS_INTO_PHASE_7)
    director = users["xufeng"]
    with acting_as(db.session, director.id, at=on(start, 9)):
        project = new_project(
            director,
            name="云帆 CRM · Yunfan CRM",
            company=COMPANY,
            vision="每位用户的家电都有人负责到底。Every customer's appliance has someone who sees it through.",
            strategy="销售与售后一起上线，市场营销明年跟进。Sales and after-sales together; marketing next year.",
            scope_areas=["sales", "service"],
            start_date=start,
            target_golive_date=start + timedelta(days=sum(PHASE_DAYS[:7])),
        )
        project.readiness_thresholds = {"ten_considerations": 3.5}
        projects.add_member(project, login="lintao", role="steering")
        projects.add_member(project, login="consultant", role="consultant")
        projects.add_member(project, login="viewer", role="viewer")
        _plan(project.id, start)
    people = _team(project, director, start, users)
    _close_phases_1_to_6(project, director, users["lintao"])
    seed_readiness(project, users | {"director": director, "member": users["consultant"]})
    _blueprint(project, users["consultant"], people)
    _steering(project, director, people, start)
    _milestones(project, director, start)
    _risks_and_kpis(project, director, people)
    go_live.seed_training(project, users["consultant"])
    go_live.seed_migration(project, users["consultant"], people)
    go_live.seed_cutover(project, director, people)
    go_live.seed_go_no_go(project, director, people, users)
    go_live.seed_pilot_incidents(project, users["consultant"], people)
    return project


def _plan(project_id: int, start) -> None:
    offset = 0
    for summary in phases.summaries(project_id):
        days = PHASE_DAYS[summary.phase.number - 1]
        summary.phase.planned_start = start + timedelta(days=offset)
        summary.phase.planned_end = start + timedelta(days=offset + days - 1)
        offset += days
    db.session.flush()


def _team(project, director, start, users: dict) -> dict:
    people = {}
    for name, tier, position, department, title, percent, account in TEAM:
        # Nobody links their own account: the administrator links the director's record.
        linker = users["admin"] if account == "xufeng" else director
        with acting_as(db.session, linker.id, at=on(start + timedelta(days=2), 11)):
            people[position if position != "key_user" else name] = team.add_person(
                project.id,
                name=name,
                organisation="远景咨询 Vista Consulting" if position == "app_consultant" else COMPANY,
                is_consultancy=position == "app_consultant",
                department=department,
                role_title=title,
                tier=tier,
                position=position,
                functional_group="sales" if "销售" in department else "service" if "售后" in department else "it",
                leads_group=position == "key_user",
                sits_on_steering=position == "director",
                allocation_percent=percent,
                allocation_start=start,
                allocation_end=project.target_golive_date + timedelta(days=30),
                user_id=users[account].id if account else None,
            )
    return people


def _close_phases_1_to_6(project, director, chair) -> None:
    """Every item of phases 1–6 done by the day it was due, deliverables accepted, each gate approved by the
    chair; phase 7 under way with two items late."""
    for summary in phases.summaries(project.id):
        phase = summary.phase
        if phase.number > 7:
            break
        with acting_as(db.session, director.id, at=on(phase.planned_start, 9)):
            gates.start_phase(phase)
        items = [i for i in phases.phase_items(phase.id) if i.removed_at is None]
        for index, item in enumerate(items):
            due = phase.planned_start + timedelta(days=min(2 + index * 3, PHASE_DAYS[phase.number - 1] - 1))
            if phase.number < 7:
                changes = {"owner": director.id, "due_date": due, "status": "done", "notes": "完成 Done"}
            else:
                changes = {"owner": director.id, "due_date": due} | _phase_7_state(index, due)
            with acting_as(db.session, director.id, at=on(min(due, today() - timedelta(days=1)), 16)):
                phase_changes.update_item(item, expected_version=item.version, changes=changes)
        if phase.number == 7:
            break
        for deliverable in phases.phase_deliverables(phase.id):
            with acting_as(db.session, director.id, at=on(phase.planned_end - timedelta(days=1), 15)):
                phase_changes.update_deliverable(
                    deliverable, expected_version=deliverable.version, changes={"status": "accepted"}
                )
        with acting_as(db.session, director.id, at=on(phase.planned_end, 11)):
            phase.actual_start, phase.actual_end = phase.planned_start, phase.planned_end
            override = None
            if not gates.criteria_met(gates.evidence(phase)):
                override = steering.record_decision(
                    project.id,
                    decided_on=phase.planned_end,
                    text=f"第 {phase.number} 阶段关闭，遗留事项转入下一阶段 · Phase {phase.number} closes",
                    phase_id=phase.id,
                ).id
            gate = gates.request_review(phase, requested_by=director.id, override_decision_id=override)
        with acting_as(db.session, chair.id, at=on(phase.planned_end, 17)):
            gates.review(gate, reviewer_id=chair.id, decision="approve", comment="")


def _phase_7_state(index: int, due) -> dict:
    if due < today() - timedelta(days=3) and index % 3 != 1:
        return {"status": "done", "notes": "完成 Done"}
    if due < today():
        return {"status": "in_progress", "notes": "服务工程师培训排期中 Service engineers' sessions being booked"}
    return {"status": "open"}


def _blueprint(project, consultant, people) -> None:
    with acting_as(
        db.session, consultant.id, at=on(phases.get_phase(project.id, 5).planned_start + timedelta(days=10), 15)
    ):
        for name, area in (("报修到上门 Repair request to visit", "service"), ("询价到订单 Quote to order", "sales")):
            process = processes.create_process(
                project.id, name=name, area=area, owner_id=people["director"].id, importance=5, in_blueprint=True
            )
            to_be = processes.current(processes.models_of(process.id), ModelKind.TO_BE)
            processes.record_test(
                process,
                scenario=f"{name}：典型案例 typical case",
                held_on=phases.get_phase(project.id, 5).planned_end - timedelta(days=3),
                key_users="宋亮 Song Liang, 邓洁 Deng Jie",
                result=TestResult.PASS,
                findings="",
                model_id=to_be.id,
            )


def _steering(project, director, people, start) -> None:
    """Monthly meetings; the chair missed the latest (the health index notices)."""
    committee = [p for p in people.values() if p.on_steering]
    for months_ago in (3, 2, 1, 0):
        held = today() - timedelta(days=30 * months_ago + 5)
        if held < start:
            continue
        with acting_as(db.session, director.id, at=on(held, 17)):
            meeting = steering.create_meeting(project.id, title=f"指导委员会 Steering {held:%Y-%m}", meeting_date=held)
            absent = months_ago == 0
            steering.set_attendance(
                meeting,
                {p.id: "absent" if absent and p.position == "chair" else "present" for p in committee},
            )


def _milestones(project, director, start) -> None:
    with acting_as(db.session, director.id, at=on(start + timedelta(days=5), 10)):
        for number, name, days_late in (
            (6, "系统配置完成 Configuration complete", 0),
            (7, "数据迁移演练通过 Migration rehearsal passed", 12),
            (8, "上线 Go-live", 7),
        ):
            phase = phases.get_phase(project.id, number)
            milestone = milestones.create_milestone(
                project.id, name=name, phase_id=phase.id, baseline_date=phase.planned_end
            )
            if number == 6:
                milestone.actual_date = phase.planned_end
            elif days_late:
                milestone.forecast_date = phase.planned_end + timedelta(days=days_late)
        db.session.flush()


def _risks_and_kpis(project, director, people) -> None:
    with acting_as(db.session, director.id, at=on(today() - timedelta(days=12), 10)):
        risks.create_risk(
            project.id,
            title="服务工程师不愿在手机上填工单 · Engineers resist filling in cases on their phones",
            kind="risk",
            category="organisation",
            probability=4,
            impact=4,
            status="open",
            mitigation="",
        )
        risks.create_risk(
            project.id,
            title="联系人重复导致短信重复发送 · Duplicate contacts get every text twice",
            kind="risk",
            category="data",
            probability=4,
            impact=4,
            status="open",
            mitigation="第 3 次演练前上线按手机号去重的规则。De-duplicate by mobile number before rehearsal 3.",
        )
        # name, unit, baseline, days ago it was measured (negative: the survey still runs), target, direction
        for name, unit, baseline, measured, target, direction in (
            ("首次上门修复率 First-visit fix rate", "%", 62.0, 60, 75.0, "higher"),
            ("报价到订单天数 Days from quote to order", "d", 9.0, 60, 6.0, "lower"),
            ("服务满意度 Service satisfaction", "%", 80.0, -10, 90.0, "higher"),
        ):
            scorecard.create_kpi(
                project.id,
                name=name,
                indicator_type="lagging",
                goal_type="broad",
                unit=unit,
                baseline=baseline,
                baseline_date=today() - timedelta(days=measured),
                target=target,
                target_date=project.target_golive_date + timedelta(days=180),
                direction=direction,
                owner_id=people["director"].id,
            )
