"""Hypercare's pages: the daily stand-up and the incidents. Anyone in the project reports one; the
director and consultants triage and resolve them."""

from flask import Blueprint, url_for

from crm_rollout.core.forms import data_of, nothing_first, posted, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import COMMENT, EDIT_GOLIVE, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, form_page, render_project
from crm_rollout.hypercare import service
from crm_rollout.hypercare.forms import IncidentForm
from crm_rollout.team import service as team

bp = Blueprint("hypercare", __name__, url_prefix="/projects/<int:project_id>/hypercare")


def _form(project_id: int, **kwargs) -> IncidentForm:
    form = IncidentForm(**kwargs)
    form.owner_id.choices = nothing_first(team.person_choices(project_id), nobody=True)
    return form


def _values(form) -> dict:
    return data_of(form, service.FIELDS)


@bp.route("/", methods=["GET", "POST"])
@access(VIEW, post=COMMENT)
def stand_up(project_id: int):
    form = _form(project_id, formdata=posted())
    return form_page(
        form,
        lambda: service.create_incident(project_id, **_values(form)),
        saved=_("Incident reported."),
        to=url_for("hypercare.stand_up", project_id=project_id),
        page=lambda status: render_project(
            "hypercare/stand_up.html",
            status,
            view=service.stand_up(project_id),
            incidents=service.incidents(project_id),
            form=form,
        ),
    )


@bp.route("/incidents/<int:incident_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_GOLIVE)
def incident(project_id: int, incident_id: int):
    row = service.INCIDENTS.get(project_id, incident_id)
    form = _form(project_id, formdata=posted(), data=values_of(row, service.FIELDS))
    return form_page(
        form,
        edit_of(service.update_incident, row, form, _values(form)),
        saved=_("Saved."),
        to=url_for("hypercare.stand_up", project_id=project_id),
        page=lambda status: render_project(
            "hypercare/incident.html", status, incident=row, form=form, conflict=form.conflict
        ),
    )
