"""JSON API for the benefits scorecard: KPIs and their measurements."""

from flask import g

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import create_response, iso
from crm_rollout.core.api.docs import body, returns, shape_of
from crm_rollout.core.api.parsing import Field, from_model
from crm_rollout.core.api.resources import Collection, serve
from crm_rollout.core.permissions import EDIT_SCORECARD, project_access
from crm_rollout.scorecard import service as scorecard
from crm_rollout.scorecard.models import Kpi

KPI_SPEC = {
    "name": "str",
    "indicator_type": "str",
    "goal_type": "str",
    "unit": "str",
    "baseline": "float",
    "baseline_date": "date",
    "target": "float",
    "target_date": "date",
    "direction": "str",
    "owner_id": "int?",
    "data_source": "str",
    "summable": "bool",
}


KPI_SPEC = from_model(Kpi, KPI_SPEC)


MEASUREMENT_SPEC = {"date": "date", "value": "float", "note": Field("str", max_length=300)}


KPI_REQUIRED = (
    "name",
    "indicator_type",
    "goal_type",
    "baseline",
    "baseline_date",
    "target",
    "target_date",
    "direction",
)


def kpi_json(k) -> dict:
    state = scorecard.status(k)
    data = {name: getattr(k, name) for name in scorecard.FIELDS}
    return data | {
        "id": k.id,
        "baseline_date": iso(k.baseline_date),
        "target_date": iso(k.target_date),
        "status": state.status,
        "latest": state.latest,
        "measurements": [{"date": iso(m.measured_on), "value": m.value, "note": m.note} for m in k.measurements],
        "version": k.version,
    }


KPI_OUT = shape_of(
    KPI_SPEC,
    id="int",
    status="str",
    latest="float?",
    measurements=[{"date": "date", "value": "float", "note": "str"}],
    version="int",
)


@bp.post("/kpis/<int:kpi_id>/measurements")
@returns(KPI_OUT)
@project_access(EDIT_SCORECARD, project_of=scorecard.KPIS.project_from("kpi_id"))
@body(MEASUREMENT_SPEC, required=("date", "value"))
def add_measurement(kpi_id: int):
    kpi = scorecard.KPIS.get(g.project.id, kpi_id)

    def record(values):
        scorecard.record(kpi, measured_on=values.get("date"), value=values.get("value"), note=values.get("note", ""))
        return kpi

    return create_response(record, kpi_json)


serve(Collection("kpis", scorecard.KPIS, kpi_json, KPI_OUT, EDIT_SCORECARD, KPI_SPEC, required=KPI_REQUIRED))
