"""A model as files: its swimlane picture as SVG, and BPMN 2.0 out and in (with the import's report)."""

from flask import Response, flash, redirect, url_for
from flask_babel import ngettext

from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_BLUEPRINT, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import save_form, svg_response
from crm_rollout.processes import bpmn, service, steps
from crm_rollout.processes.forms import ImportForm
from crm_rollout.processes.labels import ModelKind
from crm_rollout.processes.views import bp, model_page, swimlane_markup


@bp.get("/models/<int:model_id>/swimlane.svg")
@access(VIEW)
def swimlane_svg(project_id: int, model_id: int):
    model = service.MODELS.get(project_id, model_id)
    (drawn,) = service.drawn([model])
    return svg_response(swimlane_markup(drawn, _title(model)))


def _title(model) -> str:
    return f"{model.process.name} · {ModelKind.labels()[model.kind]}" + (
        f" r{model.revision}" if model.kind == ModelKind.TO_BE else ""
    )


@bp.get("/models/<int:model_id>/model.bpmn")
@access(VIEW)
def export_bpmn(project_id: int, model_id: int):
    model = service.MODELS.get(project_id, model_id)
    (drawn,) = service.drawn([model])
    name = f"process-{model.process_id}-{model.kind}-r{model.revision}.bpmn"
    return Response(
        bpmn.export(_title(model), drawn),
        mimetype="application/xml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/models/<int:model_id>/import")
@access(EDIT_BLUEPRINT)
def import_bpmn(project_id: int, model_id: int):
    model = service.MODELS.get(project_id, model_id)
    form = ImportForm()

    def apply():
        imported = bpmn.parse(form.file.data.read(bpmn.MAX_BYTES + 1))
        steps.replace_steps(model, imported)
        return imported

    saved = save_form(form, apply)
    if saved:
        report = saved.value.report
        flash(
            _(
                "Imported %(steps)d steps and %(flows)d flows from the BPMN file.",
                steps=len(saved.value.steps),
                flows=len(saved.value.flows),
            )
            + " "
            + (
                ngettext(
                    "%(num)d element could not be kept: see the import report below.",
                    "%(num)d elements could not be kept: see the import report below.",
                    len(report.dropped),
                )
                if report.dropped
                else _("Every element of the file was kept.")
            ),
            "warning" if report.dropped else "success",
        )
        return redirect(url_for("processes.model", project_id=project_id, model_id=model_id))
    return model_page(model, import_form=form, status=400)
