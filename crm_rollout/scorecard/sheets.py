"""The benefits scorecard as workbooks: its KPIs with where each stands, and every measurement."""

from flask_babel import lazy_gettext as _l

from crm_rollout.core.sheets import Column, Sheet, columns_of, offer, reference
from crm_rollout.scorecard import service
from crm_rollout.scorecard.labels import KpiState
from crm_rollout.scorecard.models import Kpi, Measurement


def _measurements(project_id: int) -> list:
    return [m for kpi in service.kpis(project_id) for m in kpi.measurements]


offer(
    Sheet(
        "kpis",
        _l("Benefits scorecard"),
        (
            Column("ID", lambda k: k.id),
            *columns_of(Kpi, "name", "indicator_type", "goal_type", "unit", "baseline", "baseline_date"),
            *columns_of(Kpi, "target", "target_date", "direction"),
            reference(Kpi, "owner_id"),
            Column(_l("Latest value"), lambda k: service.status(k).latest),
            Column(_l("Status"), lambda k: str(KpiState(service.status(k).status).label)),
            *columns_of(Kpi, "data_source"),
        ),
        lambda project_id, _phase: service.kpis(project_id),
    )
)
offer(
    Sheet(
        "measurements",
        _l("Measurements"),
        (
            Column(_l("KPI"), lambda m: m.kpi.name),
            *columns_of(Measurement, "measured_on", "value"),
            Column(Kpi.audit_labels["unit"], lambda m: m.kpi.unit),
            *columns_of(Measurement, "note"),
        ),
        lambda project_id, _phase: _measurements(project_id),
    )
)
