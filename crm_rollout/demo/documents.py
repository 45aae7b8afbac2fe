"""The demo's evidence files: the deliverables of the closed phases carry their signed or written results (so
their gates froze them), the committee's first meeting its annex, and phase 4 is still collecting."""

from datetime import timedelta

from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.demo.clock import on
from crm_rollout.documents import service as documents
from crm_rollout.phases import service as phases
from crm_rollout.steering import service as steering


def seed_documents(project, users: dict) -> None:
    consultant = users["consultant"]
    for number in (1, 2, 3, 4):
        phase = phases.get_phase(project.id, number)
        deliverables = [d for d in phases.phase_deliverables(phase.id) if d.removed_at is None]
        if number == 4:
            deliverables = deliverables[:1]  # the blueprint is still being written: the rest have no file yet
        for n, deliverable in enumerate(deliverables):
            day = (phase.actual_end or phase.actual_start + timedelta(days=20)) - timedelta(days=2 + n)
            name = f"{deliverable.title_zh} {deliverable.title_en}".strip()
            with acting_as(db.session, consultant.id, at=on(day, 16)):
                documents.attach(
                    project.id, "deliverables", deliverable.id, [_file(name, number)], user_id=consultant.id
                )
    first = min(steering.meetings(project.id), key=lambda m: m.meeting_date)
    with acting_as(db.session, users["director"].id, at=on(first.meeting_date, 18)):
        annex = (
            "第一次指导委员会会议 · 附件：项目章程与九阶段计划\n"
            "Steering meeting 1 · Annex: project charter and the nine-phase plan\n\n"
            "1. 项目范围：销售与客户服务（第一波）。Scope: sales and service (wave 1).\n"
            "2. 上线目标日期与里程碑见计划。Go-live target and milestones: see the plan.\n"
        )
        documents.attach(
            project.id,
            "meetings",
            first.id,
            [("会议附件 Meeting annex.txt", annex.encode())],
            user_id=users["director"].id,
        )


def _file(name: str, phase_number: int) -> tuple[str, bytes]:
    text = (
        f"# {name}\n\n"
        f"阶段 {phase_number} 交付物，经项目经理与业务负责人确认。\n"
        f"Deliverable of phase {phase_number}, confirmed by the project manager and the business owner.\n"
    )
    return f"{name}.md", text.encode()
