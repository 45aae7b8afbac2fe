"""A realistic demo: a medical-device maker rolling out CRM for sales and service, now in phase 4.

Dates are relative to today, so the demo always stands partway through the blueprint
phase with some items overdue.
"""

import secrets
from datetime import timedelta

from sqlalchemy import func, select, update

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import as_of, today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.demo.documents import seed_documents
from crm_rollout.demo.gates import seed_gates
from crm_rollout.demo.golive import seed_golive
from crm_rollout.demo.health import seed_health_history
from crm_rollout.demo.lessons import seed_lessons
from crm_rollout.demo.milestones import seed_milestones
from crm_rollout.demo.organisation import seed_organisation
from crm_rollout.demo.processes import seed_processes
from crm_rollout.demo.programme import seed_programme
from crm_rollout.demo.project import new_project
from crm_rollout.demo.readiness import seed_readiness
from crm_rollout.demo.reports import seed_reports
from crm_rollout.demo.risks import seed_risks
from crm_rollout.demo.scorecard import seed_scorecard
from crm_rollout.notifications import mail
from crm_rollout.notifications.models import Notification
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from crm_rollout.projects import service as projects

DEMO_PASSWORD = "demo-password"  # noqa: S105 (documented demo accounts)

# username, name, e-mail, role on the demo project (None: site admin only), can sign in
PEOPLE = [
    ("admin", "系统管理员 Site Admin", "admin@example.com", None, True),
    ("director", "王立新 Wang Lixin", "director@example.com", "director", True),
    ("steering", "陈国栋 Chen Guodong", "steering@example.com", "steering", True),
    ("consultant", "李明 Li Ming", "consultant@example.com", "consultant", True),
    ("member", "赵敏 Zhao Min", "member@example.com", "member", True),
    ("viewer", "孙丽 Sun Li", "viewer@example.com", "viewer", True),
    ("zhoujie", "周杰 Zhou Jie", "zhoujie@example.com", "member", False),
    ("liuyang", "刘洋 Liu Yang", "liuyang@example.com", "member", False),
    # The second demo company's rollout (demo/golive.py), in phase 7: its director and its chair.
    ("xufeng", "许峰 Xu Feng", "xufeng@example.com", None, True),
    ("lintao", "林涛 Lin Tao", "lintao@example.com", None, True),
]

# Planned phase lengths in days, and how far into the project today is.
PHASE_DAYS = [20, 20, 45, 40, 30, 45, 35, 20, 30]
DAYS_SINCE_START = 110
PHASE_3_SLIP = 7  # phase 3 closed a week late, so phase 4 started late

EVIDENCE = {
    1: [
        "范围确定为销售与客服两个领域，市场营销放在第二波。Scope: sales and service first; marketing in wave 2.",
        "3 月 12 日为中高层举办 CRM 理念研讨会，28 人参加，签到表已归档。",
        "总经理签署项目承诺书，承诺每两周主持一次指导委员会。",
        "CRM 目标写入公司三年战略：提高老客户复购率。",
        "预期收益清单已由财务复核：销售周期缩短 20%，投诉响应时间降到 4 小时内。",
        "初步风险清单 12 项，已列入风险登记。",
        "选定远景咨询为实施伙伴，合同已签。",
    ],
    2: [
        "目标：一年内老客户复购率从 35% 提升到 45%；投诉 24 小时解决率从 60% 到 90%。",
        "指导委员会成立，总经理陈国栋任主席，成员 6 人。",
        "王立新（销售与市场副总）全职担任项目总监。",
        "核心小组 9 人：销售 3、客服 2、市场 1、IT 2、财务 1。",
        "四个职能组已成立，组长由部门经理担任。",
        "职责说明经第一次指导委员会确认。",
        "项目计划含 9 个阶段里程碑，已发布在共享盘。",
        "培训计划覆盖 120 名最终用户。",
        "启动会于 4 月 8 日召开，全公司邮件通告。",
    ],
    3: [
        "服务器与网络到位；按 150 个并发用户测算。",
        "测试环境安装完成，按部门设置了访问权限。",
        "两名 IT 管理员完成 5 天厂商培训。",
        "核心小组完成 2 天应用培训。",
        "产品目录与 500 家重点客户样本数据已导入测试环境。",
        "已绘制 14 个现状流程：销售 6 个、服务 5 个、市场 3 个。",
        "投诉处理的鱼骨图显示：无统一记录、无解决方案库、信息不共享。",
        "客户主数据重复率 18%，联系人缺手机号 31%。",
        "",
    ],
}


def seed_demo() -> bool:
    """Load the demo into an empty database; False (and nothing written) if there are accounts already."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    with mail.suppressed():
        _seed()
    return True


def _seed() -> None:
    users = {}
    start = today() - timedelta(days=DAYS_SINCE_START)
    with as_of(on(start - timedelta(days=1), 15)):
        for username, name, email, _role, can_sign_in in PEOPLE:
            password = DEMO_PASSWORD if can_sign_in else secrets.token_urlsafe(24)
            users[username] = accounts.create_user(
                username=username, email=email, display_name=name, password=password, is_admin=username == "admin"
            )
    director = users["director"]
    with acting_as(db.session, director.id, at=on(start, 9)):
        project = new_project(
            director,
            name="星河 CRM 一期 · Xinghe CRM Wave 1",
            company="星河医疗器械有限公司 Xinghe Medical Devices Co.",
            vision=(
                "以客户为中心：让每一位医院客户得到一致、及时的服务。"
                "Every hospital customer gets consistent, timely service."
            ),
            strategy=(
                "先销售与客服（第一波），市场营销在第二波推进；重点提升老客户复购与投诉处理。"
                " Sales and service first; marketing follows in wave 2."
                " Focus on repeat business and complaint handling."
            ),
            scope_areas=["sales", "service"],
            start_date=start,
            target_golive_date=start + timedelta(days=sum(PHASE_DAYS[:8])),
        )
        for username, _name, _email, role, _sign_in in PEOPLE:
            if role and username != "director":
                projects.add_member(project, login=username, role=role)
        _plan_phases(project.id, start)
    _actual_dates(project.id, director)
    _work_the_checklists(project.id, users, start)
    seed_organisation(project, users, start)
    seed_documents(project, users)
    seed_gates(project, users)
    seed_milestones(project, director, start)
    seed_risks(project, users, start)
    seed_processes(project, users, start)
    seed_readiness(project, users)
    seed_scorecard(project, users, start)
    seed_reports(project, users)
    seed_lessons(project, users)
    seed_programme(project, users)
    yunfan = seed_golive(users)
    seed_health_history(project, worsening=False)
    seed_health_history(yunfan)
    _read_the_old_news()


def _read_the_old_news() -> None:
    """People have read what they were told more than a week ago; the last days' news waits in their inbox."""
    week_ago = on(today() - timedelta(days=7), 18)
    db.session.execute(
        update(Notification).where(Notification.created_at < week_ago).values(read_at=Notification.created_at)
    )


def _plan_phases(project_id: int, start) -> None:
    offset = 0
    for summary in phases.summaries(project_id):
        phase = summary.phase
        days = PHASE_DAYS[phase.number - 1]
        phase.planned_start = start + timedelta(days=offset)
        phase.planned_end = start + timedelta(days=offset + days - 1)
        offset += days
    db.session.flush()


def _actual_dates(project_id: int, director) -> None:
    """The dates phases 1–4 really had (phase 3 a week late, so phase 4 started late), which their gates keep."""
    for summary in phases.summaries(project_id):
        phase = summary.phase
        slip = timedelta(days=PHASE_3_SLIP if phase.number >= 3 else 0)
        with acting_as(db.session, director.id, at=on(phase.planned_start + slip, 9)):
            if phase.number <= 4:
                phase.actual_start = phase.planned_start + slip
            if phase.number <= 3:
                phase.actual_end = phase.planned_end + slip
            db.session.flush()


def _work_the_checklists(project_id: int, users: dict, start) -> None:
    """Owners, due dates, statuses and evidence, written by the people who would write them: on the day an
    item was due, or for work still ahead, when the plan was made at the kickoff."""
    items = phases.project_items(project_id)
    by_phase = {}
    for item in items:
        by_phase.setdefault(item.phase.number, []).append(item)
    owners = ["director", "consultant", "member", "zhoujie", "liuyang"]
    for number, phase_items in by_phase.items():
        phase = phase_items[0].phase
        for index, item in enumerate(phase_items):
            owner = users[owners[(index + number) % len(owners)]]
            due = phase.planned_start + timedelta(days=min(3 + index * 5, PHASE_DAYS[number - 1] - 1))
            changes = {"owner": owner.id, "due_date": due}
            if number <= 3:
                note = EVIDENCE[number][index] if index < len(EVIDENCE[number]) else ""
                changes |= {"status": "done" if note else "not_applicable", "notes": note}
            elif number == 4:
                changes |= _phase_4_state(index)
            written = due if due < today() else start + timedelta(days=5)
            with acting_as(db.session, owner.id, at=on(written, 10 + index % 7, index * 7 % 60)):
                phase_changes.update_item(item, expected_version=item.version, changes=changes)
    for deliverable_phase in range(1, 4):
        for deliverable in phases.phase_deliverables(by_phase[deliverable_phase][0].phase_id):
            # Phase 3's data-quality assessment was only submitted: its gate passed by an override.
            status = "submitted" if deliverable_phase == 3 and deliverable.position == 2 else "accepted"
            end = deliverable.phase.actual_end or deliverable.phase.planned_end
            with acting_as(db.session, users["director"].id, at=on(end - timedelta(days=1), 16, deliverable.position)):
                phase_changes.update_deliverable(
                    deliverable,
                    expected_version=deliverable.version,
                    changes={"status": status, "reference": f"共享盘 / Shared drive: PMO/{deliverable_phase:02d}"},
                )


def _phase_4_state(index: int) -> dict:
    """Phase 4 is under way: one done, some in progress (one overdue), one blocked, the rest open."""
    t = today()
    states = [
        {"status": "done", "notes": "选出 3 个关键流程：投诉处理、线索到商机、商机到订单（评分表见附件）。"},
        {
            "status": "in_progress",
            "due_date": t - timedelta(days=6),
            "notes": "投诉处理已完成两次研讨会，线索流程待定。",
        },
        {"status": "in_progress", "due_date": t + timedelta(days=9)},
        {"status": "open", "due_date": t - timedelta(days=2)},
        {
            "status": "blocked",
            "due_date": t + timedelta(days=5),
            "notes": "等待人力资源部确认考核方案调整的权限。Waiting for HR.",
        },
        {"status": "open", "due_date": t + timedelta(days=14)},
        {"status": "open", "due_date": t + timedelta(days=20)},
    ]
    return states[index] if index < len(states) else {}
