"""The risk register as a workbook."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import EDIT_RISKS
from crm_rollout.core.sheet_cells import names
from crm_rollout.core.sheets import ID, Column, Sheet, columns_of, import_of, offer, reference
from crm_rollout.risks import service
from crm_rollout.risks.models import Risk
from crm_rollout.team import service as team

RISK_IMPORT = import_of(
    service.RISKS,
    EDIT_RISKS,
    service.FIELDS,
    references=lambda project_id: {"owner_id": names(team.people(project_id))},
    same_as="title",
)

offer(
    Sheet(
        "risks",
        _l("Risk register"),
        (
            ID,
            *columns_of(Risk, "kind", "title", "category", "probability", "impact"),
            Column(_l("Score"), lambda r: r.score),
            *columns_of(Risk, "residual_probability", "residual_impact"),
            reference(Risk, "owner_id"),
            *columns_of(Risk, "status", "review_date", "mitigation", "contingency", "resolution"),
        ),
        lambda project_id, _phase: service.risks(project_id),
        importer=RISK_IMPORT,
        page="risks.register",
    )
)
