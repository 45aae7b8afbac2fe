"""The demo company's organisation and steering committee, with deliberate slips the health checks catch:
a key assistant and two core members below their minimum time, no back-office head, and a
functional group without a leader."""

from datetime import time, timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.steering import actions as steering_actions
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team

CONSULTANCY = "远景咨询 Vista Consulting"
INTEGRATOR = "数联科技 ShuLian Tech"

# name, tier, position, group, leads, %, organisation (None: the company), department, title, account
PEOPLE = [
    (
        "陈国栋 Chen Guodong",
        "steering",
        "chair",
        "",
        False,
        10,
        None,
        "总经理办公室",
        "总经理 General manager",
        "steering",
    ),
    ("吴海 Wu Hai", "steering", "steering_member", "back_office", False, 5, None, "财务部", "财务总监 CFO", None),
    (
        "郑华 Zheng Hua",
        "steering",
        "steering_member",
        "service",
        False,
        5,
        None,
        "运营部",
        "运营副总 VP operations",
        None,
    ),
    (
        "高建 Gao Jian",
        "steering",
        "steering_adviser",
        "",
        False,
        10,
        CONSULTANCY,
        "",
        "资深合伙人 Senior partner",
        None,
    ),
    (
        "王立新 Wang Lixin",
        "core",
        "director",
        "marketing",
        False,
        100,
        None,
        "销售与市场部",
        "销售与市场副总",
        "director",
    ),
    ("林芳 Lin Fang", "core", "assistant", "sales", False, 80, None, "销售与市场部", "销售运营经理", None),
    (
        "赵敏 Zhao Min",
        "core",
        "team_member",
        "service",
        False,
        80,
        None,
        "客服部",
        "客服经理 Service manager",
        "member",
    ),
    (
        "刘洋 Liu Yang",
        "core",
        "team_member",
        "sales",
        False,
        100,
        None,
        "销售部",
        "销售运营 Sales operations",
        "liuyang",
    ),
    ("周杰 Zhou Jie", "core", "team_member", "it", False, 100, None, "信息部", "IT 主管 IT lead", "zhoujie"),
    ("黄磊 Huang Lei", "core", "team_member", "it", False, 100, None, "信息部", "开发工程师 Developer", None),
    ("马丽 Ma Li", "core", "team_member", "it", False, 60, None, "信息部", "数据库管理员 DBA", None),
    ("孙强 Sun Qiang", "core", "team_member", "sales", False, 80, None, "销售部", "大客户经理 Key accounts", None),
    ("何静 He Jing", "core", "team_member", "marketing", False, 50, None, "市场部", "市场专员 Marketing", None),
    (
        "李明 Li Ming",
        "core",
        "project_manager",
        "",
        False,
        100,
        CONSULTANCY,
        "",
        "项目经理 Project manager",
        "consultant",
    ),
    ("钱伟 Qian Wei", "functional", "group_leader", "sales", True, 30, None, "销售部", "华东区销售经理", None),
    ("韩雪 Han Xue", "functional", "key_user", "sales", False, 20, None, "销售部", "销售代表 Sales rep", None),
    ("冯涛 Feng Tao", "functional", "key_user", "service", False, 20, None, "客服部", "客服主管 Service lead", None),
    ("许可 Xu Ke", "functional", "group_leader", "it", True, 40, None, "信息部", "系统管理员 Sysadmin", None),
    ("唐宁 Tang Ning", "functional", "app_consultant", "sales", False, 60, INTEGRATOR, "", "应用顾问", None),
    ("谢飞 Xie Fei", "functional", "tech_consultant", "it", False, 60, INTEGRATOR, "", "技术顾问", None),
    ("邓博士 Dr Deng", "extended", "expert", "", False, 10, "华南大学客户研究中心", "", "客户体验专家", None),
]


def seed_organisation(project, users: dict, start) -> None:
    director = users["director"]
    golive = project.target_golive_date
    people = {}
    with acting_as(db.session, director.id, at=on(start + timedelta(days=3), 14)):
        for name, tier, position, group, leads, percent, organisation, department, title, account in PEOPLE:
            # Nobody links their own account: the administrator links the director's record.
            linker = users["admin"] if account == "director" else director
            with acting_as(db.session, linker.id, at=on(start + timedelta(days=3), 14)):
                people[name.split()[0]] = team.add_person(
                    project.id,
                    name=name,
                    organisation=organisation or project.company,
                    is_consultancy=organisation is not None and organisation != "华南大学客户研究中心",
                    department=department,
                    role_title=title,
                    tier=tier,
                    position=position,
                    functional_group=group,
                    leads_group=leads,
                    sits_on_steering=position == "director",
                    allocation_percent=percent,
                    allocation_start=start,
                    allocation_end=golive,
                    user_id=users[account].id if account else None,
                )
    with acting_as(db.session, director.id, at=on(phases.get_phase(project.id, 4).actual_start, 9, 45)):
        _assign_phase_4(project.id, people)
    _meetings(project, people, start, director)


def _assign_phase_4(project_id: int, people: dict) -> None:
    by_user = {p.user_id: p for p in people.values() if p.user_id}
    for item in phases.project_items(project_id):
        if item.phase.number == 4 and item.owner_id in by_user:
            phase_changes.update_item(
                item, expected_version=item.version, changes={"person": by_user[item.owner_id].id}
            )


def _meetings(project, people: dict, start, director) -> None:
    """Two meetings held (the second approves the first's minutes and overturns a decision), one coming;
    each recorded by the director on the day it was held."""
    committee = [p for p in people.values() if p.on_steering]
    with acting_as(db.session, director.id, at=on(start + timedelta(days=25), 17)):
        first, wave = _first_meeting(project, people, committee, start)
    with acting_as(db.session, director.id, at=on(start + timedelta(days=95), 11)):
        _second_meeting(project, people, committee, start, first, wave)
    with acting_as(db.session, director.id, at=on(today() - timedelta(days=2), 16)):
        _next_meeting(project)


def _first_meeting(project, people: dict, committee: list, start):
    first = steering.create_meeting(
        project.id,
        title="第一次指导委员会 · Steering meeting 1",
        meeting_date=start + timedelta(days=25),
        start_time=time(14, 0),
        location="总部 3 楼会议室 HQ, room 301",
        call_link="",
    )
    for title, phase_number in (("项目章程审批 Approve the project charter", 2), ("第一波范围 Scope of wave 1", 1)):
        steering.add_agenda_item(first, title=title, phase_id=_phase_id(project.id, phase_number))
    steering.set_attendance(first, {p.id: "excused" if p.name.startswith("吴海") else "present" for p in committee})
    steering.update_meeting(
        first,
        expected_version=first.version,
        changes={
            "minutes": (
                "1. 项目章程经讨论通过；目标为一年内老客户复购率提升到 45%。\n"
                "2. 第一波覆盖销售、客服与市场营销。\n"
                "3. 人力资源部确认核心小组成员的投入比例。\n\n"
                "1. The charter was approved; the goal is 45 % repeat business within a year.\n"
                "2. Wave 1 covers sales, service and marketing.\n"
                "3. HR confirms the core team's time allocation."
            )
        },
    )
    steering.record_decision(
        project.id,
        decided_on=first.meeting_date,
        text="批准项目章程与九阶段计划。Approve the project charter and the nine-phase plan.",
        rationale="目标可衡量，组织已建立。Goals are measurable and the organisation is in place.",
        decided_by="指导委员会 Steering committee",
        meeting_id=first.id,
        phase_id=_phase_id(project.id, 2),
        item_id=None,
    )
    wave = steering.record_decision(
        project.id,
        decided_on=first.meeting_date,
        text="第一波包括市场营销。Wave 1 includes marketing.",
        rationale="",
        decided_by="指导委员会 Steering committee",
        meeting_id=first.id,
        phase_id=_phase_id(project.id, 1),
        item_id=None,
    )
    done = steering_actions.create_action(
        project.id,
        title="人力资源部书面确认核心成员投入比例 · HR confirms allocations in writing",
        owner_id=people["王立新"].id,
        due_date=start + timedelta(days=40),
        meeting_id=first.id,
    )
    steering_actions.update_action(done, expected_version=done.version, changes={"status": "done"})
    return first, wave


def _second_meeting(project, people: dict, committee: list, start, first, wave) -> None:
    second = steering.create_meeting(
        project.id,
        title="第二次指导委员会 · Steering meeting 2",
        meeting_date=start + timedelta(days=95),
        start_time=time(9, 30),
        location="",
        call_link="https://meet.example.com/xinghe-sc",
    )
    steering.add_agenda_item(
        second, title="分析与诊断阶段交付成果 Phase 3 deliverables", phase_id=_phase_id(project.id, 3)
    )
    steering.add_agenda_item(second, title="市场营销是否移到第二波 Move marketing to wave 2?", vote_requested=True)
    steering.set_attendance(second, {p.id: "present" for p in committee})
    steering.approve_minutes(first, in_meeting=second)
    steering.update_meeting(
        second,
        expected_version=second.version,
        changes={
            "minutes": (
                "1. 第一次会议纪要获批准。\n2. 分析与诊断阶段延期一周后关闭。\n"
                "3. 市场营销移到第二波，集中资源做好销售与客服。\n4. 核心小组缺少后台负责人，需尽快补充。\n\n"
                "1. Minutes of meeting 1 approved.\n2. Phase 3 closed a week late.\n"
                "3. Marketing moves to wave 2.\n4. The core team lacks a back-office head."
            )
        },
    )
    steering.record_decision(
        project.id,
        supersedes=wave,
        decided_on=second.meeting_date,
        text="市场营销移到第二波。Marketing moves to wave 2.",
        rationale="先在销售与客服取得阶段性成果。Show partial success in sales and service first.",
        decided_by="指导委员会 Steering committee",
        meeting_id=second.id,
        phase_id=None,
        item_id=None,
    )
    steering.record_decision(
        project.id,
        decided_on=second.meeting_date,
        text="关闭分析与诊断阶段，启动业务蓝图阶段。Close phase 3 and start the blueprint.",
        rationale="交付成果齐全，延期一周可接受。Deliverables complete; a week's slip is acceptable.",
        decided_by="陈国栋 Chen Guodong",
        meeting_id=second.id,
        phase_id=_phase_id(project.id, 3),
        item_id=None,
    )
    for title, owner, days in (
        ("确认人力资源部对考核方案的调整权限 · Confirm HR's authority over performance measures", "王立新", -3),
        ("制定客户数据清洗计划 · Plan the customer data clean-up", "周杰", 10),
        ("为核心小组找到一名后台负责人 · Find a back-office head for the core team", "陈国栋", 5),
    ):
        steering_actions.create_action(
            project.id,
            title=title,
            owner_id=people[owner].id,
            due_date=today() + timedelta(days=days),
            meeting_id=second.id,
        )


def _next_meeting(project) -> None:
    upcoming = steering.create_meeting(
        project.id,
        title="第三次指导委员会 · Steering meeting 3",
        meeting_date=today() + timedelta(days=7),
        start_time=time(14, 0),
        location="总部 3 楼会议室 HQ, room 301",
        call_link="",
    )
    steering.add_agenda_item(upcoming, title="业务蓝图进展 Blueprint progress", phase_id=_phase_id(project.id, 4))
    steering.add_agenda_item(
        upcoming,
        title="批准三个关键流程 Approve the three key processes",
        phase_id=_phase_id(project.id, 4),
        vote_requested=True,
    )


def _phase_id(project_id: int, number: int) -> int:
    return phases.get_phase(project_id, number).id
