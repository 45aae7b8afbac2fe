"""The benefits scorecard: KPIs with status against target, measurements, CSV import and the chart."""

from flask import Blueprint, flash, g, redirect, request, url_for

from crm_rollout.core import charts
from crm_rollout.core.exports import csv_response
from crm_rollout.core.forms import data_of, nothing_first
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_SCORECARD, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import flash_form_errors, render_project, save_form, svg_response
from crm_rollout.scorecard import service
from crm_rollout.scorecard.forms import KpiForm, MeasurementForm
from crm_rollout.team import service as team

bp = Blueprint("scorecard", __name__, url_prefix="/projects/<int:project_id>/scorecard")


def _page(form=None, status=200):
    project_id = g.project.id
    kpis = service.kpis(project_id)
    starters = service.starters(g.project, kpis)
    starter = next((s for s in starters if s["position"] == request.args.get("starter", type=int)), None)
    if form is None:  # a chosen starter fills the new-indicator form
        form = KpiForm(formdata=None, data=starter["values"] if starter else None)
    form.owner_id.choices = nothing_first(team.person_choices(project_id), nobody=True)
    rows = [(k, service.status(k)) for k in kpis]
    return render_project(
        "scorecard/scorecard.html",
        status,
        rows=rows,
        starters=starters,
        open_form=starter is not None,
        form=form,
        measurement_form=MeasurementForm(formdata=None),
    )


@bp.get("/")
@access(VIEW)
def scorecard(project_id: int):
    return _page()


@bp.post("/")
@access(EDIT_SCORECARD)
def create(project_id: int):
    form = KpiForm()
    form.owner_id.choices = []
    if save_form(form, lambda: service.create_kpi(project_id, **data_of(form, service.FIELDS))):
        flash(_("Indicator added."), "success")
        return redirect(url_for("scorecard.scorecard", project_id=project_id))
    return _page(form, 400)


@bp.post("/<int:kpi_id>/measurements")
@access(EDIT_SCORECARD)
def measure(project_id: int, kpi_id: int):
    kpi = service.KPIS.get(project_id, kpi_id)
    form = MeasurementForm()
    if save_form(
        form, lambda: service.record(kpi, measured_on=form.measured_on.data, value=form.value.data, note=form.note.data)
    ):
        flash(_("Measurement recorded."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("scorecard.scorecard", project_id=project_id) + f"#kpi-{kpi_id}")


@bp.get("/chart.svg")
@access(VIEW)
def chart(project_id: int):
    data = {
        "labels": {"baseline": _("Baseline"), "target": _("Target"), "none": _("No indicators yet")},
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "baseline": k.baseline,
                "target": k.target,
                "points": [(m.measured_on.isoformat(), m.value) for m in k.measurements],
            }
            for k in service.kpis(project_id)
        ],
    }
    svg = charts.cached("kpis", data, charts.kpis_svg)
    return svg_response(svg)


@bp.get("/export.csv")
@access(VIEW)
def export(project_id: int):
    header = [
        "kpi",
        "type",
        "goal",
        "unit",
        "baseline",
        "baseline_date",
        "target",
        "target_date",
        "direction",
        "status",
        "date",
        "value",
        "note",
    ]
    rows = []
    for kpi in service.kpis(project_id):
        state = service.status(kpi).status
        base = [
            kpi.name,
            kpi.indicator_type,
            kpi.goal_type,
            kpi.unit,
            kpi.baseline,
            kpi.baseline_date.isoformat(),
            kpi.target,
            kpi.target_date.isoformat(),
            kpi.direction,
            state,
        ]
        rows += [[*base, m.measured_on.isoformat(), m.value, m.note] for m in kpi.measurements] or [[*base, "", "", ""]]
    return csv_response(f"scorecard-{project_id}.csv", header, rows)
