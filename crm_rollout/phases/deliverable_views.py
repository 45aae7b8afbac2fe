"""A phase's deliverables: adding, the deliverable page with its history, editing, removing and restoring."""

from flask import flash, redirect, request, url_for

from crm_rollout.activity import service as activity
from crm_rollout.core.forms import nothing_first
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import EDIT_CHECKLIST, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import failed_status, form_version, render_project, run_action, save_form
from crm_rollout.phases import changing, service
from crm_rollout.phases.forms import ConfirmForm, DeliverableForm, NewDeliverableForm
from crm_rollout.phases.views import bp, editor_locale, phase_page, title_in_locale
from crm_rollout.team import service as team


def _back_to_phase(deliverable):
    return redirect(
        url_for("phases.phase", project_id=deliverable.project_id, number=deliverable.phase.number) + "#deliverables"
    )


@bp.post("/phases/<int:number>/deliverables")
@access(EDIT_CHECKLIST)
def add_deliverable(project_id: int, number: int):
    phase = service.get_phase(project_id, number)
    form = NewDeliverableForm()
    if save_form(form, lambda: changing.add_deliverable(phase, title=form.title.data, locale=editor_locale())):
        flash(_("Deliverable added."), "success")
        return redirect(url_for("phases.phase", project_id=project_id, number=number) + "#deliverables")
    return phase_page(phase, 400, new_deliverable_form=form)


def _deliverable_form(deliverable) -> DeliverableForm:
    form = DeliverableForm(obj=deliverable, title=title_in_locale(deliverable), person=deliverable.person_id)
    form.person.choices = nothing_first(team.person_choices(deliverable.project_id), nobody=True)
    return form


def _deliverable_page(deliverable, form, status=200):
    history = activity.history("deliverables", deliverable.id)
    return render_project(
        "phases/deliverable.html",
        status,
        deliverable=deliverable,
        phase=deliverable.phase,
        form=form,
        conflict=getattr(form, "conflict", False),
        history=history,
        names=activity.reference_names(deliverable.project_id, history),
        confirm_form=ConfirmForm(formdata=None, version=deliverable.version),
    )


@bp.get("/deliverables/<int:deliverable_id>")
@access(VIEW)
def deliverable(project_id: int, deliverable_id: int):
    deliverable = service.DELIVERABLES.get(project_id, deliverable_id)
    form = _deliverable_form(deliverable)
    form.version.data = deliverable.version
    return _deliverable_page(deliverable, form)


@bp.post("/deliverables/<int:deliverable_id>")
@access(EDIT_CHECKLIST)
def update_deliverable(project_id: int, deliverable_id: int):
    deliverable = service.DELIVERABLES.get(project_id, deliverable_id)
    form = _deliverable_form(deliverable)

    def update():
        changes = {"status": form.status.data, "reference": form.reference.data, "person": form.person.data}
        if form.title.data != title_in_locale(deliverable):
            changes["title"] = form.title.data
        changing.update_deliverable(
            deliverable, expected_version=form_version(form), changes=changes, locale=editor_locale()
        )

    if save_form(form, update):
        flash(_("Deliverable saved."), "success")
        return _back_to_phase(deliverable)
    return _deliverable_page(deliverable, form, failed_status(form))


@bp.post("/deliverables/<int:deliverable_id>/removal")
@access(EDIT_CHECKLIST)
def toggle_deliverable_removal(project_id: int, deliverable_id: int):
    deliverable = service.DELIVERABLES.get(project_id, deliverable_id)
    form = ConfirmForm()
    removing = request.form.get("action") == "remove"
    if form.validate_on_submit():
        run_action(
            lambda: changing.set_removed(deliverable, removed=removing, expected_version=form_version(form)),
            done=_("Deliverable removed; it can be restored.") if removing else _("Deliverable restored."),
        )
    return _back_to_phase(deliverable)
