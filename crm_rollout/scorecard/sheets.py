"""The benefits scorecard as workbooks: its KPIs with where each stands, and every measurement."""

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import EDIT_SCORECARD
from crm_rollout.core.sheet_cells import names
from crm_rollout.core.sheets import ID, Column, Import, Sheet, columns_of, offer, reference
from crm_rollout.scorecard import service
from crm_rollout.scorecard.labels import KpiState
from crm_rollout.scorecard.models import Kpi, Measurement


def _measurements(project_id: int) -> list:
    return [m for kpi in service.kpis(project_id) for m in kpi.measurements]


def _same_day(project_id: int, values: dict) -> Measurement | None:
    """A KPI has one measurement a day: a line of a KPI and a day already measured changes that one."""
    if values.get("kpi_id") is None or values.get("measured_on") is None:
        return None
    kpi = service.KPIS.get(project_id, values["kpi_id"])
    return next((m for m in kpi.measurements if m.measured_on == values["measured_on"]), None)


def _record(project_id: int, **values) -> Measurement:
    if values.get("kpi_id") is None:
        raise ValidationFailed({"kpi_id": _("Name one of the project's KPIs.")})
    kpi = service.KPIS.get(project_id, values["kpi_id"])
    return service.record(
        kpi, measured_on=values.get("measured_on"), value=values.get("value"), note=values.get("note")
    )


def _rerecord(measurement: Measurement, *, expected_version, changes: dict) -> Measurement:
    values = {"value": measurement.value, "note": measurement.note} | changes
    return service.record(
        measurement.kpi, measured_on=measurement.measured_on, value=values["value"], note=values["note"]
    )


MEASUREMENT_IMPORT = Import(
    EDIT_SCORECARD,
    ("kpi_id", "measured_on", "value", "note"),
    _same_day,
    _record,
    _rerecord,
    references=lambda project_id: {"kpi_id": names(service.kpis(project_id))},
    versioned=False,
)


offer(
    Sheet(
        "kpis",
        _l("Benefits scorecard"),
        (
            ID,
            *columns_of(Kpi, "name", "indicator_type", "goal_type", "unit", "baseline", "baseline_date"),
            *columns_of(Kpi, "target", "target_date", "direction"),
            reference(Kpi, "owner_id"),
            Column(_l("Latest value"), lambda k: service.status(k).latest),
            Column(_l("Status"), lambda k: str(KpiState(service.status(k).status).label)),
            *columns_of(Kpi, "data_source", "summable"),
        ),
        lambda project_id, _phase: service.kpis(project_id),
    )
)
offer(
    Sheet(
        "measurements",
        _l("Measurements"),
        (
            Column(_l("KPI"), lambda m: m.kpi.name, "kpi_id", "reference"),
            *columns_of(Measurement, "measured_on", "value"),
            Column(Kpi.audit_labels["unit"], lambda m: m.kpi.unit),
            *columns_of(Measurement, "note"),
        ),
        lambda project_id, _phase: _measurements(project_id),
        importer=MEASUREMENT_IMPORT,
        page="scorecard.scorecard",
    )
)
