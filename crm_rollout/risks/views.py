"""The risk register: heat maps, proposals from the method's catalogue, adding and editing risks and issues."""

from flask import Blueprint, flash, redirect, request, url_for

from crm_rollout.core import caching
from crm_rollout.core.exports import csv_response
from crm_rollout.core.forms import data_of, nothing_first, values_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.permissions import EDIT_RISKS, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import edit_of, form_page, render_project, run_action, save_form
from crm_rollout.phases import service as phases
from crm_rollout.phases.forms import phase_choices
from crm_rollout.risks import service
from crm_rollout.risks.forms import RiskForm
from crm_rollout.risks.labels import RiskKind, RiskStatus
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team

bp = Blueprint("risks", __name__, url_prefix="/projects/<int:project_id>/risks")


def _choices(form, project_id: int, phase_id: int | None = None) -> None:
    """Item choices come from the risk's phase only: a list of every item of a large project helps nobody
    (and costs a thousand options on every page)."""
    form.owner_id.choices = nothing_first(team.person_choices(project_id), nobody=True)
    summaries = phases.summaries(project_id)
    form.phase_id.choices = phase_choices(summaries)
    number = {s.phase.id: s.phase.number for s in summaries}.get(phase_id)
    items = [i for i in phases.phase_items(phase_id) if i.removed_at is None] if number else []
    form.item_id.choices = [(None, _("— none —"))] + [(i.id, f"{number}. {localized(i, 'title')[:60]}") for i in items]
    form.decision_id.choices = [(None, _("— none —"))] + [
        (d.id, f"#{d.id} {d.text[:60]}") for d in steering.decisions(project_id)
    ]


def _values(form) -> dict:
    return data_of(form, service.FIELDS)


@bp.get("/")
@access(VIEW)
@caching.cached
def register(project_id: int):
    kind = request.args.get("kind") if request.args.get("kind") in RiskKind.codes() else None
    current, residual = service.heatmaps(project_id)
    return render_project(
        "risks/register.html",
        page=service.register_page(project_id, kind, request.args.get("page", 1, type=int)),
        proposed=service.risks_in(project_id, RiskStatus.PROPOSED),
        dismissed=service.risks_in(project_id, RiskStatus.DISMISSED),
        current=current,
        residual=residual,
        overdue=service.overdue_reviews(project_id),
        kind=kind,
    )


# Adding has its own page: the form's choices (every person, every decision) cost more than the register's
# rows, and a long form under a long register is hard to reach on a phone.
@bp.get("/new")
@access(EDIT_RISKS)
def new(project_id: int):
    form = RiskForm(formdata=None, probability=3, impact=3)
    _choices(form, project_id)
    return render_project("risks/new.html", form=form)


@bp.post("/")
@access(EDIT_RISKS)
def create(project_id: int):
    form = RiskForm()
    _choices(form, project_id)
    if save_form(form, lambda: service.create_risk(project_id, **_values(form))):
        flash(_("Added to the register."), "success")
        return redirect(url_for("risks.register", project_id=project_id))
    return render_project("risks/new.html", 400, form=form)


@bp.route("/<int:risk_id>", methods=["GET", "POST"])
@access(VIEW, post=EDIT_RISKS)
def risk(project_id: int, risk_id: int):
    risk = service.RISKS.get(project_id, risk_id)
    form = RiskForm(data=values_of(risk, service.FIELDS))
    _choices(form, project_id, risk.phase_id)
    return form_page(
        form,
        edit_of(service.update_risk, risk, form, _values(form)),
        saved=_("Saved."),
        to=url_for("risks.register", project_id=project_id),
        page=lambda status: render_project("risks/risk.html", status, risk=risk, form=form, conflict=form.conflict),
    )


@bp.post("/<int:risk_id>/review")
@access(EDIT_RISKS)
def triage(project_id: int, risk_id: int):
    """Accept a proposed risk into the register, or dismiss it with a reason."""
    risk = service.RISKS.get(project_id, risk_id)
    version = request.form.get("version", type=int)
    if request.form.get("action") == "accept":
        run_action(lambda: service.accept(risk, expected_version=version), done=_("Accepted into the register."))
    else:
        reason = request.form.get("reason", "")
        run_action(
            lambda: service.dismiss(risk, expected_version=version, reason=reason),
            done=_("Dismissed; the reason is kept."),
        )
    return redirect(url_for("risks.register", project_id=project_id) + "#proposed")


@bp.get("/export.csv")
@access(VIEW)
def export(project_id: int):
    header = [
        "id",
        "kind",
        "title",
        "category",
        "probability",
        "impact",
        "score",
        "residual_probability",
        "residual_impact",
        "owner",
        "status",
        "review_date",
        "mitigation",
        "contingency",
        "resolution",
    ]
    rows = [
        [
            r.id,
            r.kind,
            r.title,
            r.category,
            r.probability,
            r.impact,
            r.score,
            r.residual_probability,
            r.residual_impact,
            r.owner.name if r.owner else "",
            r.status,
            r.review_date.isoformat() if r.review_date else "",
            r.mitigation,
            r.contingency,
            r.resolution,
        ]
        for r in service.risks(project_id)
    ]
    return csv_response(f"risk-register-{project_id}.csv", header, rows)
