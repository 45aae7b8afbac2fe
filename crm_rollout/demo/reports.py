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


class _Writer:
    """The director drafts and submits, the chair reviews, each at the moment given."""

    def __init__(self, project, users: dict):
        self.project, self.director, self.steering = project, users["director"], users["steering"]
        self.milestones = {m.phase.number: m for m in milestones.milestones(project.id) if m.phase}

    def after_phase(self, number: int, days: int, hour: int = 10):
        end = self.milestones[number].phase.actual_end or today()
        return on(end + timedelta(days=days), hour)

    def draft(self, phase_number: int, at, **fields):
        with acting_as(db.session, self.director.id, at=at):
            milestone_id = self.milestones[phase_number].id
            return reports.create_report(self.project.id, milestone_id=milestone_id, **fields)

    def submit(self, report, at):
        with acting_as(db.session, self.director.id, at=at), force_locale("zh"):
            computed = snapshot.computed_content(self.project)
            return reports.submit(
                report, expected_version=report.version, submitted_by=self.director.id, computed=computed
            )

    def review(self, version, decision: str, at, comment: str = ""):
        with acting_as(db.session, self.steering.id, at=at):
            reports.review(version, reviewer_id=self.steering.id, decision=decision, comment=comment)


def seed_reports(project, users: dict) -> None:
    """Written and reviewed in the days after each phase closed; frozen in the company's language (Chinese)."""
    writer = _Writer(project, users)
    _kickoff_report(writer)
    _analysis_report(writer)
    _blueprint_report(writer)


def _kickoff_report(writer: _Writer) -> None:
    kickoff = writer.draft(
        2,
        writer.after_phase(2, 1),
        title="项目启动阶段报告 · Kickoff report",
        overall_rag="green",
        achievements="项目章程获批；指导委员会成立；核心小组 9 人到位。"
        "Charter approved; committee and core team in place.",
        next_steps="安装系统，开始现状分析。Install the system and start the as-is analysis.",
    )
    writer.review(writer.submit(kickoff, writer.after_phase(2, 1, 16)), "approve", writer.after_phase(2, 3))


def _analysis_report(writer: _Writer) -> None:
    analysis = writer.draft(
        3,
        writer.after_phase(3, 1),
        title="分析和诊断阶段报告 · Analysis & diagnosis report",
        overall_rag="amber",
        schedule_rag="amber",
        schedule_reason="延期一周关闭 Closed a week late",
        achievements="完成 14 个现状流程与投诉处理鱼骨图。14 as-is processes mapped; complaint-handling fishbone done.",
        risks_and_issues="客户主数据重复率 18%。18 % duplicate customer records.",
    )
    writer.review(
        writer.submit(analysis, writer.after_phase(3, 1, 16)),
        "return",
        writer.after_phase(3, 2),
        "请补充数据清洗的计划和负责人。Add the data clean-up plan and its owner.",
    )
    with acting_as(db.session, writer.director.id, at=writer.after_phase(3, 3)):
        reports.update_report(
            analysis,
            expected_version=analysis.version,
            changes={
                "next_steps": "周杰负责数据清洗计划，下次会议前提交。"
                "Zhou Jie owns the data clean-up plan, due before the next meeting."
            },
        )
    writer.review(writer.submit(analysis, writer.after_phase(3, 3, 15)), "approve", writer.after_phase(3, 5))


def _blueprint_report(writer: _Writer) -> None:
    blueprint = writer.draft(
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
    writer.submit(blueprint, on(today() - timedelta(days=2), 17))
