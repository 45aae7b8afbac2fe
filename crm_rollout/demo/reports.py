"""The demo's milestone reports: two approved (the second returned once first), one waiting for review."""

from datetime import timedelta

from flask_babel import force_locale

from crm_rollout.core.audit import acting_as
from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.milestones import service as milestones
from crm_rollout.reports import service as reports
from crm_rollout.reports import snapshot


def seed_reports(project, users: dict) -> None:
    """Written and reviewed in the days after each phase closed; frozen in the company's language (Chinese)."""
    director, steering = users["director"], users["steering"]
    phase_milestones = {m.phase.number: m for m in milestones.milestones(project.id) if m.phase}

    def after_phase(number: int, days: int, hour: int = 10):
        end = phase_milestones[number].phase.actual_end or today()
        return on(end + timedelta(days=days), hour)

    def draft(phase_number: int, at, **fields):
        with acting_as(db.session, director.id, at=at):
            return reports.create_report(project.id, milestone_id=phase_milestones[phase_number].id, **fields)

    def submit(report, at):
        with acting_as(db.session, director.id, at=at), force_locale("zh"):
            computed = snapshot.computed_content(project)
            return reports.submit(report, expected_version=report.version, submitted_by=director.id, computed=computed)

    def review(version, decision: str, at, comment: str = ""):
        with acting_as(db.session, steering.id, at=at):
            reports.review(
                version,
                reviewer_id=steering.id,
                decision=decision,
                comment=comment,
            )

    kickoff = draft(
        2,
        after_phase(2, 1),
        title="项目启动阶段报告 · Kickoff report",
        overall_rag="green",
        achievements="项目章程获批；指导委员会成立；核心小组 9 人到位。"
        "Charter approved; committee and core team in place.",
        next_steps="安装系统，开始现状分析。Install the system and start the as-is analysis.",
    )
    review(submit(kickoff, after_phase(2, 1, 16)), "approve", after_phase(2, 3))

    analysis = draft(
        3,
        after_phase(3, 1),
        title="分析和诊断阶段报告 · Analysis & diagnosis report",
        overall_rag="amber",
        schedule_rag="amber",
        schedule_reason="延期一周关闭 Closed a week late",
        achievements="完成 14 个现状流程与投诉处理鱼骨图。14 as-is processes mapped; complaint-handling fishbone done.",
        risks_and_issues="客户主数据重复率 18%。18 % duplicate customer records.",
    )
    review(
        submit(analysis, after_phase(3, 1, 16)),
        "return",
        after_phase(3, 2),
        "请补充数据清洗的计划和负责人。Add the data clean-up plan and its owner.",
    )
    with acting_as(db.session, director.id, at=after_phase(3, 3)):
        reports.update_report(
            analysis,
            expected_version=analysis.version,
            changes={
                "next_steps": "周杰负责数据清洗计划，下次会议前提交。"
                "Zhou Jie owns the data clean-up plan, due before the next meeting."
            },
        )
    review(submit(analysis, after_phase(3, 3, 15)), "approve", after_phase(3, 5))

    blueprint = draft(
        4,
        on(today() - timedelta(days=2), 9),
        title="业务蓝图阶段中期报告 · Blueprint mid-phase report",
        overall_rag="amber",
        schedule_rag="amber",
        schedule_reason="两项逾期 Two items overdue",
        resources_rag="red",
        resources_reason="三名核心成员投入不足 Three core members below their allocation",
        achievements="选出三个关键流程。Three key processes selected.",
        decisions_requested="批准人力资源部调整考核方案。Let HR adjust the performance measures.",
    )
    submit(blueprint, on(today() - timedelta(days=2), 17))
