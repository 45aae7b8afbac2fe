"""The risk register as a workbook."""

from flask_babel import lazy_gettext as _l

from crm_rollout.core.sheets import Column, Sheet, columns_of, offer, reference
from crm_rollout.risks import service
from crm_rollout.risks.models import Risk

offer(
    Sheet(
        "risks",
        _l("Risk register"),
        (
            Column("ID", lambda r: r.id),
            *columns_of(Risk, "kind", "title", "category", "probability", "impact"),
            Column(_l("Score"), lambda r: r.score),
            *columns_of(Risk, "residual_probability", "residual_impact"),
            reference(Risk, "owner_id"),
            *columns_of(Risk, "status", "review_date", "mitigation", "contingency", "resolution"),
        ),
        lambda project_id, _phase: service.risks(project_id),
    )
)
