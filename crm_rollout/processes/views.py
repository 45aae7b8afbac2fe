"""The blueprint pages: the process catalogue and its ranking, a process (fishbone, as-is vs to-be, revisions,
prototype tests), a model (swimlane, steps, five elements, BPMN) and a step."""

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from crm_rollout.core import charts
from crm_rollout.core.extensions import db
from crm_rollout.core.forms import data_of, nothing_first, posted, scoped, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_BLUEPRINT, MANAGE_PROJECT, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import (
    edit_of,
    failed_status,
    form_page,
    form_version,
    render_project,
    run_action,
    save_form,
    svg_response,
)
from crm_rollout.processes import approvals, bpmn, diagrams, fishbone, service, steps
from crm_rollout.processes.forms import (
    CauseForm,
    ElementsForm,
    ImportForm,
    ProcessForm,
    ReviseForm,
    StepForm,
    TestForm,
    WeightsForm,
)
from crm_rollout.processes.labels import CauseCategory, ModelKind
from crm_rollout.processes.models import CRITERIA
from crm_rollout.processes.scoring import weights_of
from crm_rollout.team import service as team

bp = Blueprint("processes", __name__, url_prefix="/projects/<int:project_id>/blueprint")


def _owner_choices(form, project_id: int) -> None:
    form.owner_id.choices = nothing_first(team.person_choices(project_id), nobody=True)


def _process_form(project_id: int, process=None, formdata=None) -> ProcessForm:
    """The process form: blank for a new one, or filled from `process`; with the team as owners."""
    form = ProcessForm(formdata=formdata, data=values_of(process, service.PROCESS_FIELDS) if process else {})
    _owner_choices(form, project_id)
    return form


# --- Catalogue ---------------------------------------------------------------------------------


@bp.get("/")
@access(VIEW)
def catalogue(project_id: int):
    return _catalogue_page(_process_form(project_id), WeightsForm(formdata=None, data=_weights_data()))


def _weights_data() -> dict:
    return weights_of(g.project) | {"version": g.project.version}


def _catalogue_page(form, weights_form, status=200):
    processes = service.processes(g.project.id)
    return render_project(
        "processes/catalogue.html",
        status,
        ranking=service.ranking(g.project, processes),
        processes=processes,
        weights=weights_of(g.project),
        form=form,
        weights_form=scoped(weights_form, "weights"),
    )


def _process_values(form) -> dict:
    return data_of(form, service.PROCESS_FIELDS)


@bp.post("/")
@access(EDIT_BLUEPRINT)
def create(project_id: int):
    form = _process_form(project_id, formdata=request.form)
    saved = save_form(form, lambda: service.create_process(project_id, **_process_values(form)))
    if saved:
        flash(_("Added to the catalogue."), "success")
        return redirect(url_for("processes.process", project_id=project_id, process_id=saved.value.id))
    return _catalogue_page(form, WeightsForm(formdata=None, data=_weights_data()), 400)


@bp.post("/weights")
@access(MANAGE_PROJECT)
def weights(project_id: int):
    form = WeightsForm()
    weights = data_of(form, CRITERIA)
    if save_form(form, lambda: service.set_weights(g.project, expected_version=form_version(form), weights=weights)):
        flash(_("Weights saved; the ranking uses them now."), "success")
        return redirect(url_for("processes.catalogue", project_id=project_id) + "#ranking")
    return _catalogue_page(_process_form(project_id), form, failed_status(form))


# --- A process -----------------------------------------------------------------------------------


@bp.route("/processes/<int:process_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_BLUEPRINT)
def process(project_id: int, process_id: int):
    process = service.PROCESSES.get(project_id, process_id)
    form = _process_form(project_id, process, posted())
    return form_page(
        form,
        edit_of(service.update_process, process, form, _process_values(form)),
        saved=_("Saved."),
        to=url_for("processes.process", project_id=project_id, process_id=process_id),
        page=lambda status: _process_page(process, form, status=status),
    )


def _process_page(process, form, *, cause_form=None, test_form=None, status=200):
    models = service.models_of(process.id)
    drawn = {d.model.id: d for d in service.drawn([m for m in models if not m.superseded])}
    as_is, to_be = service.current(models, ModelKind.AS_IS), service.current(models, ModelKind.TO_BE)
    causes = service.causes(process.id)
    test_form = test_form or TestForm(formdata=None, model_id=to_be.id if to_be else None)
    test_form.model_id.choices = [
        (m.id, _("To-be revision %(n)d", n=m.revision)) for m in models if m.kind == ModelKind.TO_BE
    ]
    return render_project(
        "processes/process.html",
        status,
        process=process,
        form=form,
        models=models,
        as_is=drawn.get(as_is.id) if as_is else None,
        to_be=drawn.get(to_be.id) if to_be else None,
        approved=service.latest_approved(models),
        causes=causes,
        fishbone=_fishbone(process, causes),
        tests=service.tests(process.id),
        cause_form=cause_form or CauseForm(formdata=None),
        test_form=test_form,
        weighted=service.ranking(g.project, [process])[0],
        conflict=getattr(form, "conflict", False),
    )


@bp.post("/processes/<int:process_id>/causes")
@access(EDIT_BLUEPRINT)
def add_cause(project_id: int, process_id: int):
    process = service.PROCESSES.get(project_id, process_id)
    form = CauseForm()
    if save_form(form, lambda: service.add_cause(process, category=form.category.data, text=form.text.data)):
        return redirect(url_for("processes.process", project_id=project_id, process_id=process_id) + "#fishbone")
    return _process_page(process, _process_form(process.project_id, process), cause_form=form, status=400)


@bp.post("/causes/<int:cause_id>/remove")
@access(EDIT_BLUEPRINT)
def remove_cause(project_id: int, cause_id: int):
    cause = service.get_cause(project_id, cause_id)
    process_id = cause.process_id
    service.remove_cause(cause)
    db.session.commit()
    flash(_("Cause removed."), "success")
    return redirect(url_for("processes.process", project_id=project_id, process_id=process_id) + "#fishbone")


@bp.get("/processes/<int:process_id>/fishbone.svg")
@access(VIEW)
def fishbone_svg(project_id: int, process_id: int):
    process = service.PROCESSES.get(project_id, process_id)
    return svg_page("processes/fishbone.svg", chart=_fishbone(process, service.causes(process.id)), title=process.name)


def _fishbone(process, causes):
    grouped = {}
    for cause in causes:
        grouped.setdefault(cause.category, []).append(cause.text)
    return fishbone.fishbone(process.problem or process.name, grouped, CauseCategory.labels())


def svg_page(template: str, **context) -> Response:
    return svg_response(render_template(template, **context))


def swimlane_markup(drawn, title: str) -> Markup:
    """The model's swimlane as SVG, laid out, routed and written once for each content, title and language
    while it stays in the shared cache, as the charts are (core/charts.py): a model is read far more often than
    it changes, and drawing it is a fifth of its page."""
    key = [drawn.picture_values(), title, str(get_locale())]
    svg = charts.cached(
        "swimlane",
        key,
        lambda _key: render_template("processes/swimlane.svg", chart=diagrams.swimlane(drawn), title=title).encode(),
    )
    return Markup(svg.decode())  # noqa: S704  (a rendered template is escaped already)


@bp.post("/processes/<int:process_id>/tests")
@access(EDIT_BLUEPRINT)
def record_test(project_id: int, process_id: int):
    process = service.PROCESSES.get(project_id, process_id)
    form = TestForm()
    form.model_id.choices = []
    values = data_of(form, service.TEST_FIELDS)
    if save_form(form, lambda: service.record_test(process, **values)):
        flash(_("Test recorded. If it found something to change, revise the to-be."), "success")
        return redirect(url_for("processes.process", project_id=project_id, process_id=process_id) + "#tests")
    return _process_page(process, _process_form(process.project_id, process), test_form=form, status=400)


# --- A model -----------------------------------------------------------------------------------------


@bp.get("/models/<int:model_id>")
@access(VIEW)
def model(project_id: int, model_id: int):
    return model_page(service.MODELS.get(project_id, model_id))


def model_page(model, *, step_form=None, elements_form=None, revise_form=None, import_form=None, status=200):
    models = service.models_of(model.process_id)
    as_is = service.current(models, ModelKind.AS_IS) if model.kind == ModelKind.TO_BE else None
    drawn, *before = service.drawn([model, *([as_is] if as_is else [])])
    elements_form = elements_form or ElementsForm(formdata=None, data=values_of(model, service.MODEL_FIELDS))
    revise_form = revise_form or ReviseForm(formdata=None)
    revise_form.prototype_test_id.choices = [(None, _("— none —"))] + [
        (t.id, f"{t.held_on.isoformat()} {t.scenario[:60]}") for t in service.tests(model.process_id)
    ]
    kind_label = ModelKind.labels()[model.kind]
    return render_project(
        "processes/model.html",
        status,
        model=model,
        process=model.process,
        drawn=drawn,
        measures=drawn.measures,
        as_is=before[0] if before else (drawn if model.kind == ModelKind.AS_IS else None),
        to_be=drawn if model.kind == ModelKind.TO_BE else None,
        swimlane=swimlane_markup(drawn, f"{model.process.name} · {kind_label}"),
        models=models,
        step_form=step_form or StepForm(formdata=None),
        elements_form=elements_form,
        revise_form=revise_form,
        import_form=import_form or ImportForm(formdata=None),
        may_approve=approvals.may_approve(model.process, current_user.id),
        kind_label=kind_label,
        import_report=bpmn.in_words(model.diagram["import_report"])
        if "import_report" in (model.diagram or {})
        else None,
        conflict=getattr(elements_form, "conflict", False),
    )


def _step_values(form) -> dict:
    return data_of(form, (*steps.STEP_FIELDS, "next_steps"))


@bp.post("/models/<int:model_id>/steps")
@access(EDIT_BLUEPRINT)
def add_step(project_id: int, model_id: int):
    model = service.MODELS.get(project_id, model_id)
    form = StepForm()
    if save_form(form, lambda: steps.add_step(model, at=form.at.data, **_step_values(form))):
        flash(_("Step added."), "success")
        return redirect(url_for("processes.model", project_id=project_id, model_id=model_id) + "#add-step")
    return model_page(model, step_form=form, status=400)


@bp.post("/models/<int:model_id>/elements")
@access(EDIT_BLUEPRINT)
def update_elements(project_id: int, model_id: int):
    model = service.MODELS.get(project_id, model_id)
    form = ElementsForm()
    changes = data_of(form, service.MODEL_FIELDS)
    if save_form(form, lambda: service.update_model(model, expected_version=form_version(form), changes=changes)):
        flash(_("Saved."), "success")
        return redirect(url_for("processes.model", project_id=project_id, model_id=model_id) + "#elements")
    return model_page(model, elements_form=form, status=failed_status(form))


@bp.post("/models/<int:model_id>/revise")
@access(EDIT_BLUEPRINT)
def revise(project_id: int, model_id: int):
    model = service.MODELS.get(project_id, model_id)
    form = ReviseForm()
    form.prototype_test_id.choices = []
    saved = save_form(
        form,
        lambda: service.revise(model, reason=form.reason.data, prototype_test_id=form.prototype_test_id.data),
    )
    if saved:
        flash(_("Revision %(n)d started; the earlier one is kept as it was.", n=saved.value.revision), "success")
        return redirect(url_for("processes.model", project_id=project_id, model_id=saved.value.id))
    return model_page(model, revise_form=form, status=400)


@bp.post("/models/<int:model_id>/approve")
@access(VIEW)
def approve(project_id: int, model_id: int):
    """The process owner's approval of a to-be revision (any role: it is the owner who counts)."""
    model = service.MODELS.get(project_id, model_id)
    if not approvals.may_approve(model.process, current_user.id):
        abort(403)
    version = request.form.get("version", type=int)
    run_action(
        lambda: approvals.approve(model, user_id=current_user.id, expected_version=version),
        done=_("Approved. The approval is in the project's history."),
        conflict=_("The revision changed while you were reading it; check it and approve again."),
    )
    return redirect(url_for("processes.model", project_id=project_id, model_id=model_id))


# --- A step ---------------------------------------------------------------------------------------


@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_BLUEPRINT)
def step(project_id: int, step_id: int):
    step = steps.STEPS.get(project_id, step_id)
    model = service.MODELS.get(project_id, step.model_id)
    (drawn,) = service.drawn([model])
    form = StepForm(data=values_of(step, steps.STEP_FIELDS) | {"next_steps": drawn.routes_text(step)})
    return form_page(
        form,
        edit_of(steps.update_step, step, form, _step_values(form)),
        saved=_("Step saved."),
        to=url_for("processes.model", project_id=project_id, model_id=model.id) + "#steps",
        page=lambda status: render_project(
            "processes/step.html",
            status,
            step=step,
            model=model,
            number=drawn.number(step.id),
            form=form,
            conflict=form.conflict,
        ),
    )


@bp.post("/steps/<int:step_id>/move")
@access(EDIT_BLUEPRINT)
def move_step(project_id: int, step_id: int):
    step = steps.STEPS.get(project_id, step_id)
    run_action(lambda: steps.move_step(step, by=-1 if request.form.get("direction") == "up" else 1))
    return redirect(url_for("processes.model", project_id=project_id, model_id=step.model_id) + "#steps")


@bp.post("/steps/<int:step_id>/remove")
@access(EDIT_BLUEPRINT)
def remove_step(project_id: int, step_id: int):
    step = steps.STEPS.get(project_id, step_id)
    model_id = step.model_id
    run_action(lambda: steps.remove_step(step), done=_("Step removed."))
    return redirect(url_for("processes.model", project_id=project_id, model_id=model_id) + "#steps")
