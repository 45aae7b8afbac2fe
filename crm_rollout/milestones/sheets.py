"""The milestones as a workbook."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.sheets import ID, Sheet, columns_of, offer, reference
from crm_rollout.milestones import service
from crm_rollout.milestones.models import Milestone

offer(
    Sheet(
        "milestones",
        _l("Milestones"),
        (
            ID,
            *columns_of(Milestone, "name"),
            reference(Milestone, "phase_id", "number"),
            *columns_of(Milestone, "baseline_date", "forecast_date", "actual_date", "status", "acceptance_criteria"),
        ),
        lambda project_id, _phase: service.milestones(project_id),
    )
)
