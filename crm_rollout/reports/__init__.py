"""Milestone reports: drafts, frozen versions the committee signs, PDFs."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.registry import MenuLink


def register(app, registry) -> None:
    """Its pages and what it offers the core; imported here, so that loading a model never loads pages."""
    from crm_rollout.milestones.labels import MilestoneStatus
    from crm_rollout.reports import (
        api,  # noqa: F401  (its JSON endpoints join the API)
        service,
    )
    from crm_rollout.reports.labels import Rag, ReportStatus
    from crm_rollout.reports.views import bp

    app.register_blueprint(bp)
    registry.project_menu.append(MenuLink(20, "reports.reports", _l("Milestone reports")))
    registry.my_work_rows["reviews"] = service.waiting_rows
    registry.template_globals |= {
        "MILESTONE_STATUS_LABELS": MilestoneStatus.labels(),
        "RAG_LABELS": Rag.labels(),
        "REPORT_STATUS_LABELS": ReportStatus.labels(),
    }
