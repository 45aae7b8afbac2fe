"""The team page with the method's health checks, people, the organisation chart and capacity."""

from datetime import date

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from crm_rollout.activity import service as activity
from crm_rollout.core import registry
from crm_rollout.core.forms import data_of, posted, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.permissions import MANAGE_TEAM, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import failed_status, form_version, render_project, run_action, save_form, svg_response
from crm_rollout.methodology import organisation_template
from crm_rollout.projects import service as projects
from crm_rollout.team import health, orgchart, service
from crm_rollout.team.forms import PersonForm, RulesForm
from crm_rollout.team.models import TIERS

bp = Blueprint("team", __name__, url_prefix="/projects/<int:project_id>/team")


def _tiers() -> list[dict]:
    return organisation_template()["tiers"]


@bp.get("/")
@access(VIEW)
def team(project_id: int):
    people = service.people(project_id)
    return render_project(
        "team/team.html",
        people=people,
        tiers=_tiers(),
        checks=health.health_checks(g.project, people),
        position_labels=service.position_labels(),
        group_labels=service.group_labels(),
    )


def _person_form(data=None, formdata=None) -> PersonForm:
    form = PersonForm(data=data) if formdata is None else PersonForm(formdata=formdata)
    form.tier.choices = [(t, service.tier_labels()[t]) for t in TIERS]
    form.position.choices = [
        (p["key"], f"{service.tier_labels()[tier]} · {localized(p, 'name')}")
        for tier, positions in service.positions_by_tier().items()
        for p in positions
    ]
    form.functional_group.choices = [("", _("— none —")), *list(service.group_labels().items())]
    form.user_id.choices = [(None, _("— no account —"))] + [
        (m.user_id, f"{m.user.display_name} ({m.user.username})") for m in projects.members(g.project.id)
    ]
    return form


def _person_values(form) -> dict:
    return data_of(form, service.PERSON_FIELDS)


@bp.route("/new", methods=["GET", "POST"])
@access(MANAGE_TEAM)
def new_person(project_id: int):
    form = _person_form(data={"allocation_percent": 100}, formdata=posted())
    saved = save_form(form, lambda: service.add_person(project_id, **_person_values(form)))
    if saved:
        flash(_("%(name)s added to the team.", name=saved.value.name), "success")
        return redirect(url_for("team.team", project_id=project_id))
    status = 400 if form.is_submitted() else 200
    return render_project("team/person_form.html", status, form=form, person=None)


@bp.route("/<int:person_id>", methods=["GET", "POST"])
@access(VIEW, post=MANAGE_TEAM)
def person(project_id: int, person_id: int):
    person = service.PEOPLE.get(project_id, person_id)
    form, status, conflict = None, 200, False
    if MANAGE_TEAM in g.permissions:  # others see the person without the form
        form = _person_form(data=values_of(person, service.PERSON_FIELDS), formdata=posted())
    if request.method == "POST":
        changes = _person_values(form)
        if save_form(form, lambda: service.update_person(person, expected_version=form_version(form), changes=changes)):
            flash(_("Saved."), "success")
            return redirect(url_for("team.person", project_id=project_id, person_id=person_id))
        status = failed_status(form)
        conflict = form.conflict
    history = activity.history("people", person.id)
    return render_project(
        "team/person.html",
        status,
        person=person,
        form=form,
        conflict=conflict,
        position_labels=service.position_labels(),
        group_labels=service.group_labels(),
        tier_labels=service.tier_labels(),
        duties=next(t for t in _tiers() if t["key"] == person.tier),
        position=next((p for p in organisation_template()["positions"] if p["key"] == person.position), None),
        history=history,
        **_work_of(person.id),
        names=activity.reference_names(project_id, history),
    )


def _work_of(person_id: int) -> dict:
    """What the person owns in the domains above the team (checklist items, actions ...)."""
    work = {}
    for provide in registry.current().person_work.values():
        work |= provide(person_id)
    return work


@bp.route("/<int:person_id>/remove", methods=["GET", "POST"])
@access(MANAGE_TEAM)
def remove_person(project_id: int, person_id: int):
    person = service.PEOPLE.get(project_id, person_id)
    if request.method == "POST":
        removed = run_action(
            lambda: service.remove_person(person, expected_version=request.form.get("version", type=int)),
            done=_("%(name)s left the team. Their history stays.", name=person.name),
        )
        if not removed:
            return redirect(url_for("team.person", project_id=project_id, person_id=person_id))
        return redirect(url_for("team.team", project_id=project_id))
    return render_project("team/confirm_remove.html", person=person)


def _chart():
    return orgchart.layout(
        service.people(g.project.id), service.tier_labels(), service.group_labels(), service.position_labels()
    )


@bp.get("/chart")
@access(VIEW)
def chart(project_id: int):
    return render_project("team/chart.html", chart=_chart())


@bp.get("/chart.svg")
@access(VIEW)
def chart_svg(project_id: int):
    svg = render_template("team/orgchart.svg", chart=_chart(), title=g.project.name)
    return svg_response(svg)


@bp.get("/capacity")
@access(VIEW)
def capacity(project_id: int):
    people = service.people(project_id)
    mondays, rows = service.capacity(g.project, people, start=request.args.get("from", type=_parse_date))
    return render_project("team/capacity.html", mondays=mondays, rows=rows, position_labels=service.position_labels())


def _parse_date(value):
    return date.fromisoformat(value)


@bp.route("/rules", methods=["GET", "POST"])
@access(MANAGE_TEAM)
def rules(project_id: int):
    current = service.rules(g.project)
    form = RulesForm(data=current) if request.method == "GET" else RulesForm()
    form.consultancy_tiers.choices = list(service.tier_labels().items())
    if save_form(form, lambda: service.set_rules(g.project, values=form.data)):
        flash(_("Health-check thresholds saved."), "success")
        return redirect(url_for("team.team", project_id=project_id))
    status = 400 if form.is_submitted() else 200
    return render_project("team/rules.html", status, form=form)
