"""The go/no-go page: the criteria as the data shows them, the owners' confirmations, waivers by steering
decision, and the frozen packs the committee decides on."""

from flask import Blueprint, flash, g, redirect, request, url_for

from crm_rollout.core.forms import data_of, nothing_first, posted, scoped
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import COMMENT, EDIT_GOLIVE, MANAGE_STEERING, VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import failed_status, form_page, form_version, render_project, run_action, save_form
from crm_rollout.golive import service
from crm_rollout.golive.forms import ConfirmForm, DecideForm, OwnedForm, TargetsForm, WaiverForm
from crm_rollout.steering import service as steering
from crm_rollout.team import service as team

bp = Blueprint("golive", __name__, url_prefix="/projects/<int:project_id>/go-live")
DECISION_FIELDS = ("outcome", "rationale", "meeting_id", "decided_by")  # what the go/no-go form decides


def _back(project_id: int, anchor: str = ""):
    return redirect(url_for("golive.criteria", project_id=project_id) + anchor)


@bp.get("/")
@access(VIEW)
def criteria(project_id: int):
    return _page(project_id)


def _page(project_id: int, *, targets_form=None, owned_form=None, waiver_form=None, status=200):
    found = service.criteria(project_id)
    settings = service.settings_of(project_id)
    if targets_form is None:
        targets_form = TargetsForm(
            data={"trained_target": service.trained_target(project_id), "version": settings.version if settings else 0}
        )
    owned_form = owned_form or OwnedForm(formdata=None)
    owned_form.owner_id.choices = nothing_first(team.person_choices(project_id), nobody=True)
    waiver_form = waiver_form or WaiverForm(formdata=None)
    waiver_form.criterion_key.choices = [(c["key"], c["label"]) for c in found if not c.get("waived_by")]
    waiver_form.decision_id.choices = nothing_first(
        [(d.id, f"{d.decided_on.isoformat()} · {d.text[:80]}") for d in steering.decisions(project_id)]
    )
    return render_project(
        "golive/criteria.html",
        status,
        criteria=found,
        all_met=service.all_met(found),
        owned={row.id: row for row in service.owned(project_id)},
        packs=service.packs(project_id),
        targets_form=scoped(targets_form, "targets"),
        owned_form=scoped(owned_form, "owned"),
        waiver_form=scoped(waiver_form, "waiver"),
    )


@bp.post("/targets")
@access(EDIT_GOLIVE)
def targets(project_id: int):
    form = TargetsForm()
    changes = {"trained_target": form.trained_target.data}
    if save_form(
        form, lambda: service.update_settings(project_id, expected_version=form_version(form), changes=changes)
    ):
        flash(_("Saved."), "success")
        return _back(project_id)
    return _page(project_id, targets_form=form, status=failed_status(form))


@bp.post("/criteria")
@access(EDIT_GOLIVE)
def add_criterion(project_id: int):
    form = OwnedForm()
    form.owner_id.choices = []
    if save_form(form, lambda: service.create_owned(project_id, title=form.title.data, owner_id=form.owner_id.data)):
        flash(_("Criterion added; its owner confirms it here."), "success")
        return _back(project_id, "#owned")
    return _page(project_id, owned_form=form, status=failed_status(form))


@bp.post("/criteria/<int:criterion_id>/confirm")
@access(COMMENT)
def confirm(project_id: int, criterion_id: int):
    row = service.OWNED_CRITERIA.get(project_id, criterion_id)
    form = ConfirmForm()
    confirmed = request.form.get("confirmed") == "1"
    run_action(
        lambda: service.confirm(
            row, user_id=g.actor_id, comment=form.comment.data, confirmed=confirmed, expected_version=form_version(form)
        ),
        done=_("Confirmed.") if confirmed else _("Confirmation withdrawn."),
    )
    return _back(project_id, f"#criterion-owned-{criterion_id}")


@bp.post("/waivers")
@access(MANAGE_STEERING)
def waive(project_id: int):
    form = WaiverForm()
    run_action(
        lambda: service.waive(project_id, form.criterion_key.data, form.decision_id.data),
        done=_("Waived by the steering decision."),
    )
    return _back(project_id)


@bp.post("/waivers/withdraw")
@access(MANAGE_STEERING)
def withdraw_waiver(project_id: int):
    run_action(
        lambda: service.withdraw_waiver(project_id, request.form.get("criterion_key", "")),
        done=_("The waiver is withdrawn; the criterion counts again."),
    )
    return _back(project_id)


@bp.post("/packs")
@access(EDIT_GOLIVE)
def freeze(project_id: int):
    saved = run_action(lambda: service.freeze(project_id, user_id=g.actor_id), done=_("Pack frozen for the committee."))
    if saved:
        return redirect(url_for("golive.pack", project_id=project_id, pack_id=saved.value.id))
    return _back(project_id)


@bp.route("/packs/<int:pack_id>", methods=["GET", "POST"])
@access(VIEW, post=MANAGE_STEERING)
def pack(project_id: int, pack_id: int):
    row = service.get_pack(project_id, pack_id)
    form = DecideForm(formdata=posted(), data={"version": row.version})
    form.meeting_id.choices = nothing_first(
        [(m.id, f"{m.meeting_date.isoformat()} · {m.title}") for m in steering.meetings(project_id)]
    )
    return form_page(
        form,
        lambda: service.decide(row, **data_of(form, DECISION_FIELDS), expected_version=form_version(form)),
        saved=_("The decision is in the decision log."),
        to=url_for("golive.pack", project_id=project_id, pack_id=pack_id),
        page=lambda status: render_project(
            "golive/pack.html", status, pack=row, verified=service.verify(row), form=form
        ),
    )
