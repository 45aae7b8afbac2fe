"""Yunfan's go-live objects (demo/golive.py sets up the company): the training plan and who it reached, the
migration objects and their loads, the runbook and its two rehearsals, the go/no-go and the pilot's
incidents."""

from datetime import UTC, datetime, timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import as_of, today
from crm_rollout.core.extensions import db
from crm_rollout.cutover import runs as cutover_runs
from crm_rollout.cutover import service as cutover
from crm_rollout.demo.clock import OFFICE, on
from crm_rollout.golive import service as golive
from crm_rollout.hypercare import service as hypercare
from crm_rollout.migration import service as migration
from crm_rollout.phases import service as phases
from crm_rollout.steering import service as steering
from crm_rollout.training import service as training

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


def seed_training(project, consultant) -> None:
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


def seed_migration(project, consultant, people) -> None:
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


def seed_cutover(project, director, people) -> None:
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


def seed_go_no_go(project, director, people, users) -> None:
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


def seed_pilot_incidents(project, consultant, people) -> None:
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
