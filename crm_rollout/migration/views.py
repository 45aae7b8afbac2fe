"""Data migration's pages: read by everyone in the project, written by the director and consultants."""

from flask import Blueprint, flash, redirect, url_for

from crm_rollout.core.forms import data_of, nothing_first, posted, scoped, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_GOLIVE, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, failed_status, form_page, form_version, render_project, save_form
from crm_rollout.migration import service
from crm_rollout.migration.forms import DependenciesForm, LoadForm, ObjectForm, ToleranceForm
from crm_rollout.team import service as team

bp = Blueprint("migration", __name__, url_prefix="/projects/<int:project_id>/migration")
LOAD_FORM_FIELDS = tuple(name for name in service.LOAD_FIELDS if name != "object_id")


def _object_form(project_id: int, **kwargs) -> ObjectForm:
    form = ObjectForm(**kwargs)
    form.owner_id.choices = nothing_first(team.person_choices(project_id), nobody=True)
    return form


def _object_values(form) -> dict:
    return data_of(form, service.OBJECT_FIELDS)


def _load_values(form) -> dict:
    values = data_of(form, LOAD_FORM_FIELDS)
    values["rejection_reasons"] = service.parse_reasons(values["rejection_reasons"])
    for name in service.COUNTS:  # an empty count is none
        values[name] = values[name] or 0
    for name in ("source_amount", "target_amount"):
        values[name] = float(values[name]) if values[name] is not None else None
    return values


@bp.route("/", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def objects(project_id: int):
    form = _object_form(project_id, formdata=posted())
    return form_page(
        form,
        lambda: service.create_object(project_id, **_object_values(form)),
        saved=_("Migration object added."),
        to=url_for("migration.objects", project_id=project_id),
        page=lambda status: _objects_page(project_id, form=form, status=status),
    )


def _objects_page(project_id: int, *, form=None, tolerance_form=None, status=200):
    standings, tolerance = service.standings(project_id)
    if tolerance_form is None:
        settings_version = service.settings_version(project_id)
        tolerance_form = ToleranceForm(data={"tolerance_percent": tolerance, "version": settings_version})
    return render_project(
        "migration/objects.html",
        status,
        standings=standings,
        tolerance=tolerance,
        form=scoped(form or _object_form(project_id), "object"),
        tolerance_form=scoped(tolerance_form, "tolerance"),
    )


@bp.route("/tolerance", methods=["POST"])
@access(EDIT_GOLIVE)
def tolerance(project_id: int):
    form = ToleranceForm()

    def apply():
        percent = float(form.tolerance_percent.data)
        return service.set_tolerance(project_id, percent, expected_version=form_version(form))

    if save_form(form, apply):
        flash(_("Saved."), "success")
        return redirect(url_for("migration.objects", project_id=project_id))
    return _objects_page(project_id, tolerance_form=form, status=failed_status(form))


@bp.route("/objects/<int:object_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def object(project_id: int, object_id: int):
    row = service.OBJECTS.get(project_id, object_id)
    form = _object_form(project_id, formdata=posted(), data=values_of(row, service.OBJECT_FIELDS))
    return form_page(
        form,
        edit_of(service.update_object, row, form, _object_values(form)),
        saved=_("Saved."),
        to=url_for("migration.object", project_id=project_id, object_id=object_id),
        page=lambda status: _object_page(row, form=form, status=status),
    )


def _object_page(row, *, form=None, load_form=None, dependencies_form=None, status=200):
    project_id = row.project_id
    form = form or _object_form(project_id, data=values_of(row, service.OBJECT_FIELDS))
    if dependencies_form is None:
        dependencies_form = DependenciesForm(
            data={"depends_on": [d.depends_on_id for d in row.dependencies], "version": row.version}
        )
    dependencies_form.depends_on.choices = [(o.id, o.name) for o in service.objects(project_id) if o.id != row.id]
    standing = next(s for s in service.standings(project_id)[0] if s.object.id == row.id)
    return render_project(
        "migration/object.html",
        status,
        standing=standing,
        tolerance=service.tolerance(project_id),
        form=scoped(form, "object"),
        load_form=scoped(load_form or LoadForm(), "load"),
        dependencies_form=scoped(dependencies_form, "dependencies"),
        conflict=getattr(form, "conflict", False) or getattr(dependencies_form, "conflict", False),
    )


@bp.route("/objects/<int:object_id>/dependencies", methods=["POST"])
@access(EDIT_GOLIVE)
def dependencies(project_id: int, object_id: int):
    row = service.OBJECTS.get(project_id, object_id)
    form = DependenciesForm()
    chosen = form.depends_on.data or []
    if save_form(form, lambda: service.set_dependencies(row, chosen, expected_version=form_version(form))):
        flash(_("Saved."), "success")
        return redirect(url_for("migration.object", project_id=project_id, object_id=object_id))
    return _object_page(row, dependencies_form=form, status=failed_status(form))


@bp.route("/objects/<int:object_id>/loads", methods=["POST"])
@access(EDIT_GOLIVE)
def add_load(project_id: int, object_id: int):
    row = service.OBJECTS.get(project_id, object_id)
    form = scoped(LoadForm(), "load")
    if save_form(form, lambda: service.create_load(project_id, object_id=row.id, **_load_values(form))):
        flash(_("Load recorded."), "success")
        return redirect(url_for("migration.object", project_id=project_id, object_id=object_id))
    return _object_page(row, load_form=form, status=400)


@bp.route("/loads/<int:load_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def load(project_id: int, load_id: int):
    row = service.LOADS.get(project_id, load_id)
    data = values_of(row, LOAD_FORM_FIELDS) | {"rejection_reasons": service.reasons_text(row.rejection_reasons)}
    form = LoadForm(formdata=posted(), data=data)
    return form_page(
        form,
        # read when the form is valid: the amounts and reasons are converted from what was typed
        lambda: service.update_load(row, expected_version=form_version(form), changes=_load_values(form)),
        saved=_("Saved."),
        to=url_for("migration.object", project_id=project_id, object_id=row.object_id),
        page=lambda status: render_project(
            "migration/load.html",
            status,
            load=row,
            tolerance=service.tolerance(project_id),
            form=form,
            conflict=form.conflict,
        ),
    )
