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

from datetime import UTC, datetime, timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import as_of, today
from crm_rollout.core.extensions import db
from crm_rollout.cutover import runs as cutover_runs
from crm_rollout.cutover import service as cutover
from crm_rollout.demo.clock import OFFICE, on
from crm_rollout.demo.readiness import seed_readiness
from crm_rollout.gates import service as gates
from crm_rollout.golive import service as golive
from crm_rollout.hypercare import service as hypercare
from crm_rollout.methods import service as methods
from crm_rollout.migration import service as migration
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
from crm_rollout.training import service as training

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
COURSES = [
    ("销售：客户与商机 Sales: accounts and opportunities", "销售部", 6, "online", 70),
    ("售后：工单与备件 Service: cases and spare parts", "售后服务部", 8, "classroom", 70),
    ("经理：看板与审批 Managers: dashboards and approvals", "经理", 3, "classroom", None),
]
# department, job title, how many, how many of them completed their course
TRAINEES = [("销售部", "销售代表", 24, 21), ("售后服务部", "服务工程师", 20, 10), ("销售部", "经理", 6, 6)]
# object, source, order, mapping, cleansing, trial (extracted, rejected), rehearsal 1, rehearsal 2 (source, target)
OBJECTS = [
    ("客户 Accounts", "ERP (SAP)", 10, (18400, 920), (18400, 210), (18400, 18380)),
    ("联系人 Contacts", "Excel + ERP", 20, (52100, 6300), (52100, 2400), (52100, 50900)),
    ("产品 Products", "ERP (SAP)", 5, (3200, 40), (3200, 4), (3200, 3200)),
    ("在途订单 Open orders", "ERP (SAP)", 30, (1150, 90), (1150, 12), (1150, 1149)),
    ("服务工单 Service cases", "旧呼叫中心 Old call centre", 40, (9800, 800), (9800, 160), (9800, 9790)),
]
# number, title, minutes, after, rollback action
RUNBOOK = [
    (
        10,
        "冻结旧呼叫中心与 ERP 客户主数据 Freeze the old call centre and ERP customer master",
        30,
        "",
        "解除冻结 Unfreeze",
    ),
    (20, "全量备份 Full backup of the old systems", 60, "10", "—"),
    (30, "抽取客户、产品 Extract accounts and products", 45, "20", "—"),
    (40, "加载产品与客户 Load products and accounts", 90, "30", "清空新系统 Empty the new CRM"),
    (50, "抽取并加载联系人 Extract and load contacts", 120, "40", "删除已加载联系人 Delete loaded contacts"),
    (
        60,
        "加载在途订单与服务工单 Load open orders and service cases",
        90,
        "40+15",
        "删除已加载单据 Delete loaded orders",
    ),
    (70, "核对记录数与金额 Reconcile counts and amounts", 60, "50, 60", "—"),
    (80, "关键用户验收测试 Key users' smoke test", 90, "70", "—"),
    (90, "指导委员会上线确认 Steering committee go decision", 15, "80", "按回退计划执行 Run the rollback plan"),
    (100, "开放给全部用户 Open to all users", 15, "90", "关闭访问 Close access"),
]
# rehearsal name, days ago it ran, actual minutes by step number (the first overran on contacts)
REHEARSALS = [
    (
        "第 1 次演练 Rehearsal 1",
        24,
        {10: 35, 20: 75, 30: 50, 40: 110, 50: 260, 60: 100, 70: 95, 80: 90, 90: 20, 100: 15},
    ),
    ("第 2 次演练 Rehearsal 2", 6, {10: 30, 20: 60, 30: 45, 40: 85, 50: 150, 60: 80, 70: 70, 80: 80, 90: 15, 100: 10}),
]


def seed_golive(users: dict):
    """The phase-7 project, directed by 许峰; `users` holds the demo accounts (the consultant works for both
    companies)."""
    start = today() - timedelta(days=sum(PHASE_DAYS[:6]) + DAYS_INTO_PHASE_7)
    director = users["xufeng"]
    with acting_as(db.session, director.id, at=on(start, 9)):
        method = methods.published(methods.default_version_id())
        project = projects.create_project(
            creator=director,
            template=methods.template_of(method),
            method_version_id=method.id,
            name="云帆 CRM · Yunfan CRM",
            company=COMPANY,
            vision="每位用户的家电都有人负责到底。Every customer's appliance has someone who sees it through.",
            strategy="销售与售后一起上线，市场营销明年跟进。Sales and after-sales together; marketing next year.",
            scope_areas=["sales", "service"],
            start_date=start,
            target_golive_date=start + timedelta(days=sum(PHASE_DAYS[:7])),
        )
        project.is_demo = True
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
    _training(project, users["consultant"])
    _migration(project, users["consultant"], people)
    _cutover(project, director, people)
    _go_no_go(project, director, people, users)
    _pilot_incidents(project, users["consultant"], people)
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


def _training(project, consultant) -> None:
    """Two sessions a course; those meant to pass attend and score 85, the rest fail the test or stay away."""
    with acting_as(
        db.session, consultant.id, at=on(phases.get_phase(project.id, 7).planned_start + timedelta(days=2), 10)
    ):
        courses = [
            training.create_course(
                project.id,
                title=title,
                audience=audience,
                hours=hours,
                mode=mode,
                trainer="李明 Li Ming",
                pass_score=score,
            )
            for title, audience, hours, mode, score in COURSES
        ]
        passing = set()
        for department, title, count, done in TRAINEES:
            for n in range(count):
                trainee = training.create_trainee(
                    project.id, name=f"{title} {n + 1:02d}", department=department, job_title=title
                )
                if n < done:
                    passing.add(trainee.id)
    everyone = training.trainees(project.id)
    for course in courses:
        meant = [t for t in everyone if training.is_for(course, t)]
        for round_ in range(2):
            held = today() - timedelta(days=18 - round_ * 9)
            with acting_as(db.session, consultant.id, at=on(held - timedelta(days=7), 11)):
                session = training.create_session(
                    project.id, course_id=course.id, held_on=held, place="总部培训室 HQ training room", capacity=30
                )
                training.enrol(session, [t.id for t in meant[round_::2]])
            with acting_as(db.session, consultant.id, at=on(held, 17)):
                for enrolment in session.enrolments:
                    passed = enrolment.trainee_id in passing
                    changes = {"attended": passed or enrolment.trainee_id % 2 == 0, "score": 85 if passed else 55}
                    training.update_enrolment(enrolment, expected_version=enrolment.version, changes=changes)


def _migration(project, consultant, people) -> None:
    owner = people["tech_consultant"].id
    with acting_as(db.session, consultant.id, at=on(phases.get_phase(project.id, 6).planned_start, 10)):
        migration.set_tolerance(project.id, 0.5, expected_version=0)
        rows = {}
        for name, source, order, *_loads in OBJECTS:
            rows[name] = migration.create_object(
                project.id,
                name=name,
                source_system=source,
                owner_id=owner,
                sequence=order,
                mapping_status="done",
                cleansing_status="in_progress" if name.startswith("联系人") else "done",
                load_rules="按 ERP 客户编号去重 De-duplicate by ERP customer number" if name.startswith("客户") else "",
            )
        accounts_ = rows["客户 Accounts"]
        for name in ("联系人 Contacts", "在途订单 Open orders", "服务工单 Service cases"):
            migration.set_dependencies(rows[name], [accounts_.id], expected_version=rows[name].version)
    for name, _source, _order, trial, first, second in OBJECTS:
        extracted = trial[0]
        for kind, days_ago, rejected, (source, target) in (
            ("trial", 40, trial[1], (extracted, extracted - trial[1] - 40)),
            ("rehearsal", 24, first[1], (extracted, extracted - first[1])),
            ("rehearsal", 6, extracted - second[1], second),
        ):
            with acting_as(db.session, consultant.id, at=on(today() - timedelta(days=days_ago), 20)):
                reasons = (
                    {
                        "手机号重复 Duplicate mobile number": rejected * 2 // 3,
                        "缺少地区 Missing region": rejected - rejected * 2 // 3,
                    }
                    if rejected
                    else {}
                )
                migration.create_load(
                    project.id,
                    object_id=rows[name].id,
                    kind=kind,
                    run_on=today() - timedelta(days=days_ago),
                    extracted=extracted,
                    cleansed=extracted - rejected // 2,
                    loaded=min(target, extracted - rejected),
                    rejected=rejected,
                    duplicates=rejected // 3,
                    source_count=source,
                    target_count=target,
                    rejection_reasons=reasons,
                )


def _cutover(project, director, people) -> None:
    owners = [people["project_manager"], people["tech_consultant"], people["app_consultant"]]
    golive_day = project.target_golive_date
    window_start = datetime.combine(
        golive_day - timedelta(days=2), datetime.min.time().replace(hour=18), OFFICE
    ).astimezone(UTC)
    with acting_as(db.session, director.id, at=on(today() - timedelta(days=30), 10)):
        cutover.update_plan(
            project.id,
            expected_version=0,
            changes={
                "window_start": window_start,
                "window_end": window_start + timedelta(hours=11),
                "point_of_no_return": window_start + timedelta(hours=9),
                "rollback_authority": "林涛 Lin Tao（总经理）, 许峰 Xu Feng",
                "rollback_plan": "恢复全量备份，重新开放旧呼叫中心，短信通知全部服务工程师。"
                "Restore the full backup, reopen the old call centre, text every service engineer.",
            },
        )
        steps = {}
        for number, title, minutes, after, rollback in RUNBOOK:
            steps[number] = cutover.create_step(
                project.id,
                number=number,
                title=title,
                owner_id=owners[number // 10 % 3].id,
                checker_id=owners[(number // 10 + 1) % 3].id,
                planned_minutes=minutes,
                after=after,
                rollback_action=rollback,
            )
    for name, days_ago, actual in REHEARSALS:
        with acting_as(db.session, director.id, at=on(today() - timedelta(days=days_ago + 1), 9)):
            run = cutover_runs.create_run(project.id, kind="rehearsal", name=name)
        begin = on(today() - timedelta(days=days_ago), 18)
        ends = {}
        for number, _title, _minutes, after, _rollback in RUNBOOK:
            waits = [
                ends[int(a.split("+")[0])] + timedelta(minutes=int(a.split("+")[1]) if "+" in a else 0)
                for a in after.replace(" ", "").split(",")
                if a
            ]
            started = max([begin, *waits])
            ends[number] = started + timedelta(minutes=actual[number])
            for status, moment in (("running", started), ("done", ends[number])):
                with as_of(moment), acting_as(db.session, director.id, at=moment):
                    cutover_runs.tick(run, steps[number], status, user_id=director.id, runs_any=True)
        if name.endswith("2"):
            with acting_as(db.session, director.id, at=on(today() - timedelta(days=days_ago - 1), 10)):
                cutover_runs.adopt_durations(run, project_id=project.id)


def _go_no_go(project, director, people, users) -> None:
    with acting_as(db.session, director.id, at=on(today() - timedelta(days=5), 10)):
        golive.create_owned(
            project.id,
            title="400 热线坐席已排班 The 400 hotline is staffed for go-live week",
            owner_id=people["project_manager"].id,
        )
        supplier = golive.create_owned(
            project.id,
            title="备件供应商接口已联调 The spare-parts supplier's interface is tested",
            owner_id=people["app_consultant"].id,
        )
    # 李明, who owns the interface test, confirms it on the go/no-go page.
    tester = users["consultant"]
    moment = on(today() - timedelta(days=3), 16)
    with as_of(moment), acting_as(db.session, tester.id, at=moment):
        golive.confirm(
            supplier,
            user_id=tester.id,
            comment="联调记录：42 笔测试订单全部成功。All 42 test orders went through.",
            confirmed=True,
            expected_version=supplier.version,
        )
    with acting_as(db.session, director.id, at=on(today() - timedelta(days=4), 15)):
        pack = golive.freeze(project.id, user_id=director.id)
        meeting = steering.meetings(project.id)[0]
        golive.decide(
            pack,
            outcome="no_go",
            rationale="培训与联系人数据未达标；第 3 次演练后重新评估。Training and contacts are not there yet; "
            "decide again after rehearsal 3.",
            meeting_id=meeting.id,
            decided_by="指导委员会 Steering committee",
            expected_version=pack.version,
        )


# Incidents from the pilot branch: title, priority, category, days and hours ago reported, hours to the
# answer, hours to the resolution (None: still open)
PILOT_INCIDENTS = [
    ("杭州分公司无法登录手机端 Hangzhou cannot sign in on mobile", "P1", "defect", (20, 9), 0.5, 6),
    ("报价单缺少公司抬头 Quotes print without the letterhead", "P3", "defect", (18, 3), 3, 40),
    ("服务工程师不会转派工单 Engineers do not know how to reassign a case", "P3", "training", (15, 5), 2, 20),
    ("客户地址缺少区县 Customer addresses miss the district", "P2", "data", (12, 7), 2, 30),
    ("需要按型号统计返修率 Return rate by model wanted", "P4", "change", (9, 2), 20, 120),
    ("工单附件上传失败 Case attachments fail to upload", "P2", "defect", (3, 6), 1, None),
    ("重复联系人收到两条短信 Duplicate contacts get two texts", "P3", "data", (1, 4), 10, None),
]


def _pilot_incidents(project, consultant, people) -> None:
    """The Hangzhou pilot went live three weeks ago; its incidents are handled as hypercare will be."""
    now = datetime.now(UTC)
    for title, priority, category, (days, hours), answer, resolve in PILOT_INCIDENTS:
        reported = now - timedelta(days=days, hours=hours)
        with as_of(reported), acting_as(db.session, consultant.id, at=reported):
            incident = hypercare.create_incident(
                project.id,
                title=title,
                priority=priority,
                category=category,
                owner_id=people["tech_consultant" if category in ("defect", "data") else "app_consultant"].id,
                reported_at=reported,
                responded_at=reported + timedelta(hours=answer),
            )
        if resolve is not None:
            resolved = reported + timedelta(hours=resolve)
            with as_of(resolved), acting_as(db.session, consultant.id, at=resolved):
                hypercare.update_incident(
                    incident,
                    expected_version=incident.version,
                    changes={"resolved_at": resolved, "resolution": "已修复并通知用户。Fixed and the users told."},
                )
