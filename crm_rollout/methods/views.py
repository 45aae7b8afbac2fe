"""The method library's pages: the list, a method and its versions, the draft editor, files in and out."""

from functools import wraps

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from crm_rollout.core.forms import data_of
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.web import failed_status, form_version, run_action, save_form
from crm_rollout.methodology import organisation_template, questionnaires
from crm_rollout.methods import content as contents
from crm_rollout.methods import lists, service
from crm_rollout.methods.forms import ImportForm, LinesForm, PhaseForm, PublishForm, VersionForm

bp = Blueprint("methods", __name__, url_prefix="/methods")


def manager_required(view):
    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not service.may_manage(current_user):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


@bp.get("/")
@login_required
def library():
    found = service.methods()
    return render_template(
        "methods/library.html",
        methods=found,
        may_manage=service.may_manage(current_user),
        form=ImportForm(formdata=None),
    )


@bp.get("/<int:method_id>")
@login_required
def method(method_id: int):
    found = service.get_method(method_id)
    shown = service.latest(found) or service.draft(found)
    return _method_page(found, shown)


@bp.get("/<int:method_id>/versions/<int:method_version_id>")
@login_required
def version(method_id: int, method_version_id: int):
    return _method_page(service.get_method(method_id), service.get_version(method_id, method_version_id))


def _method_page(found, shown, status=200, publish_form=None):
    """A method with one of its versions; the draft's buttons carry its row version."""
    row_version = {"version": shown.version} if shown else {}
    return render_template(
        "methods/method.html",
        method=found,
        shown=shown,
        draft=service.draft(found),
        may_manage=service.may_manage(current_user),
        full=contents.clean(shown.content) if shown else None,
        questionnaires=questionnaires(),
        tiers={tier["key"]: tier for tier in organisation_template()["tiers"]},
        action_form=VersionForm(formdata=None, data=row_version),
        publish_form=publish_form or PublishForm(formdata=None, data=row_version),
    ), status


@bp.post("/<int:method_id>/draft")
@manager_required
def start_draft(method_id: int):
    found = service.get_method(method_id)
    saved = run_action(lambda: service.start_draft(found))
    return redirect(url_for("methods.version", method_id=method_id, method_version_id=saved.value.id))


def _draft(method_id: int, method_version_id: int):
    return service.get_version(method_id, method_version_id)


@bp.route("/<int:method_id>/versions/<int:method_version_id>/phases/<int:number>", methods=["GET", "POST"])
@manager_required
def edit_phase(method_id: int, method_version_id: int, number: int):
    draft = _draft(method_id, method_version_id)
    phases = draft.content["phases"]
    if not 1 <= number <= len(phases):
        abort(404)
    phase = phases[number - 1]
    form = PhaseForm(
        data={name: phase.get(name) for name in service.PHASE_FIELDS}
        | {
            "items": contents.item_lines(phase["items"]),
            "deliverables": contents.deliverable_lines(phase["deliverables"]),
        }
    )
    values = data_of(form, (*service.PHASE_FIELDS, "items", "deliverables"))
    saved = save_form(
        form, lambda: service.update_phase(draft, number, expected_version=form_version(form), values=values)
    )
    if saved:
        flash(_("Phase saved in the draft."), "success")
        return redirect(
            url_for("methods.version", method_id=method_id, method_version_id=method_version_id) + f"#phase-{number}"
        )
    if not form.is_submitted():
        form.version.data = draft.version
    status = failed_status(form) if form.is_submitted() else 200
    return render_template(
        "methods/phase.html", method=draft.method, draft=draft, number=number, form=form, conflict=form.conflict
    ), status


@bp.route("/<int:method_id>/versions/<int:method_version_id>/rules", methods=["GET", "POST"])
@manager_required
def edit_rules(method_id: int, method_version_id: int):
    """The team health thresholds and the readiness weights: numbers a plain form sends as text."""
    draft = _draft(method_id, method_version_id)
    current = contents.clean(draft.content)
    form = VersionForm(data={"version": draft.version})
    rules, weights = current["team_rules"], current["readiness_weights"]
    thresholds = current["readiness_thresholds"]
    if form.is_submitted():
        rules = {name: _number(f"rule-{name}", int) for name in rules if name != "consultancy_tiers"}
        rules["consultancy_tiers"] = request.form.getlist("tiers")
        weights = {q: {d: _number(f"weight-{q}-{d}", float) for d in dims} for q, dims in weights.items()}
        typed = {q: _number(f"threshold-{q}", float) for q in weights}
        thresholds = {q: value for q, value in typed.items() if value != ""}
    saved = save_form(
        form,
        lambda: service.update_rules(
            draft, expected_version=form_version(form), team_rules=rules, weights=weights, thresholds=thresholds
        ),
    )
    if saved:
        flash(_("Rules and weights saved in the draft."), "success")
        return redirect(url_for("methods.version", method_id=method_id, method_version_id=method_version_id) + "#rules")
    status = failed_status(form) if form.is_submitted() else 200
    return render_template(
        "methods/rules.html",
        method=draft.method,
        draft=draft,
        form=form,
        rules=rules,
        weights=weights,
        thresholds=thresholds,
        tiers=organisation_template()["tiers"],
        questionnaires=questionnaires(),
    ), status


def _number(name: str, kind):
    """A typed number, or the text as typed so the service refuses it with its message."""
    text = request.form.get(name, "").strip()
    try:
        return kind(text)
    except ValueError:
        return text


def _edit_lines(method_id: int, method_version_id: int, *, heading, lead, hint, read, write, anchor: str, **context):
    """One of the method's lists edited as lines (the risk catalogue, the KPI starter set, a questionnaire's
    items): read(draft) gives the lines, write(draft, expected_version=, text=) checks and keeps them."""
    draft = _draft(method_id, method_version_id)
    form = LinesForm(data={"lines": read(draft), "version": draft.version})
    form.lines.label.text, form.lines.description = heading, hint
    saved = save_form(form, lambda: write(draft, expected_version=form_version(form), text=form.lines.data or ""))
    if saved:
        flash(_("%(what)s saved in the draft.", what=heading), "success")
        return redirect(url_for("methods.version", method_id=method_id, method_version_id=method_version_id) + anchor)
    status = failed_status(form) if form.is_submitted() else 200
    return render_template(
        "methods/lines.html", method=draft.method, draft=draft, form=form, heading=heading, lead=lead, **context
    ), status


@bp.route("/<int:method_id>/versions/<int:method_version_id>/risks", methods=["GET", "POST"])
@manager_required
def edit_risks(method_id: int, method_version_id: int):
    return _edit_lines(
        method_id,
        method_version_id,
        heading=_("Risk catalogue"),
        lead=_(
            "Every new project starts with these risks proposed for review: its team accepts each into the "
            "register or dismisses it with a reason."
        ),
        hint=_(
            "One risk a line: %(shape)s (the mitigation may be left out). Categories: leadership, strategy, "
            "customer, organisation, team, data, technology, measurement, other.",
            shape=lists.RISK_SHAPE,
        ),
        read=lists.risk_lines,
        write=lists.update_risks,
        anchor="#risks",
    )


@bp.route("/<int:method_id>/versions/<int:method_version_id>/kpis", methods=["GET", "POST"])
@manager_required
def edit_kpis(method_id: int, method_version_id: int):
    return _edit_lines(
        method_id,
        method_version_id,
        heading=_("KPI starter set"),
        lead=_(
            "The benefits scorecard of every new project offers these indicators to start from: its team "
            "measures its own baseline and sets its own target."
        ),
        hint=_("One indicator a line: %(shape)s.", shape=lists.KPI_SHAPE),
        read=lists.kpi_lines,
        write=lists.update_kpis,
        anchor="#kpis",
    )


@bp.route("/<int:method_id>/versions/<int:method_version_id>/questionnaires/<key>", methods=["GET", "POST"])
@manager_required
def edit_questions(method_id: int, method_version_id: int, key: str):
    questionnaire = questionnaires().get(key)
    if questionnaire is None:
        abort(404)
    return _edit_lines(
        method_id,
        method_version_id,
        heading=localized(questionnaire, "name"),
        lead=_(
            "Assessments of projects created from this version ask these items; assessments already held keep theirs."
        ),
        hint=_(
            "One item a line: %(shape)s. Leave the key empty for a new item; an item keeps its guidance by its key.",
            shape=lists.QUESTION_SHAPE,
        ),
        read=lambda draft: lists.question_lines(draft, key),
        write=lambda draft, **values: lists.update_questions(draft, key, **values),
        anchor="#rules",
        questionnaire=questionnaire,
    )


def _button(method_id: int, method_version_id: int, apply, done: str, anchor: str = ""):
    """A button on the draft: run it with the draft's version as the form sent it, and go back to the draft."""
    draft = _draft(method_id, method_version_id)
    form = VersionForm()
    if not form.validate_on_submit():
        abort(400)
    run_action(lambda: apply(draft, form_version(form)), done=done)
    return redirect(url_for("methods.version", method_id=method_id, method_version_id=method_version_id) + anchor)


@bp.post("/<int:method_id>/versions/<int:method_version_id>/phases")
@manager_required
def add_phase(method_id: int, method_version_id: int):
    return _button(
        method_id,
        method_version_id,
        lambda d, v: service.add_phase(d, expected_version=v),
        _("Phase added at the end."),
    )


@bp.post("/<int:method_id>/versions/<int:method_version_id>/phases/<int:number>/move")
@manager_required
def move_phase(method_id: int, method_version_id: int, number: int):
    to = request.form.get("to", type=int)  # where a phase was dropped (drag and drop); else one step
    by = to - number if to else (-1 if request.form.get("direction") == "up" else 1)
    return _button(
        method_id,
        method_version_id,
        lambda d, v: service.move_phase(d, number, by=by, expected_version=v),
        _("Phase moved."),
        f"#phase-{number + by}",
    )


@bp.post("/<int:method_id>/versions/<int:method_version_id>/phases/<int:number>/remove")
@manager_required
def remove_phase(method_id: int, method_version_id: int, number: int):
    return _button(
        method_id,
        method_version_id,
        lambda d, v: service.remove_phase(d, number, expected_version=v),
        _("Phase removed from the draft."),
    )


@bp.post("/<int:method_id>/versions/<int:method_version_id>/publish")
@manager_required
def publish(method_id: int, method_version_id: int):
    draft = _draft(method_id, method_version_id)
    form = PublishForm()
    saved = save_form(
        form,
        lambda: service.publish(
            draft, expected_version=form_version(form), user_id=current_user.id, note=form.note.data or ""
        ),
    )
    if saved:
        flash(_("Published as version %(n)d. New projects can be created from it.", n=draft.number), "success")
        return redirect(url_for("methods.version", method_id=method_id, method_version_id=method_version_id))
    return _method_page(draft.method, draft, failed_status(form), publish_form=form)


@bp.post("/<int:method_id>/versions/<int:method_version_id>/remove")
@manager_required
def remove_draft(method_id: int, method_version_id: int):
    _button(method_id, method_version_id, lambda d, v: service.discard(d, expected_version=v), _("Draft discarded."))
    return redirect(url_for("methods.method", method_id=method_id))


@bp.get("/<int:method_id>/versions/<int:method_version_id>/method.toml")
@login_required
def export(method_id: int, method_version_id: int):
    shown = service.get_version(method_id, method_version_id)
    name = f"{shown.method.key}-v{shown.number or 'draft'}.toml"
    return Response(
        service.to_toml(shown),
        mimetype="application/toml",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.post("/import")
@manager_required
def import_method():
    form = ImportForm()
    saved = save_form(form, lambda: service.import_file(form.file.data.read(service.MAX_FILE + 1)))
    if saved:
        flash(_("Method imported as a draft: check it and publish it."), "success")
        return redirect(url_for("methods.method", method_id=saved.value.id))
    return render_template(
        "methods/library.html", methods=service.methods(), may_manage=True, form=form
    ), failed_status(form)
