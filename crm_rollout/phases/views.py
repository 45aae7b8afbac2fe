"""A phase's page: its checklist and deliverables; the item page with history and comments."""

from flask import Blueprint, abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from crm_rollout.activity import service as activity
from crm_rollout.core import caching, registry
from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.forms import data_of, nothing_first, scoped
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import (
    COMMENT,
    EDIT_CHECKLIST,
    MANAGE_PROJECT,
    UPDATE_OWN_ITEMS,
    VIEW,
    can,
)
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import (
    add_errors,
    failed_status,
    form_version,
    render_project,
    run_action,
    save_form,
    wants_fragment,
)
from crm_rollout.documents import service as documents
from crm_rollout.phases import changing, checklist_page, service
from crm_rollout.phases.forms import (
    BulkForm,
    CommentForm,
    ConfirmForm,
    ItemForm,
    NewDeliverableForm,
    NewItemForm,
    PhaseForm,
    StatusForm,
)
from crm_rollout.projects import service as projects
from crm_rollout.team import service as team

bp = Blueprint("phases", __name__, url_prefix="/projects/<int:project_id>")


def editor_locale() -> str:
    return str(get_locale() or "en")


def _owner_choices(members: list[tuple[int, str]]) -> list:
    return nothing_first(members, nobody=True)


# --- The phase page ------------------------------------------------------------


def _owner_filter() -> int | None:
    return request.args.get("owner", type=int)


def _mine_count(project_id: int, number: int) -> int:
    return checklist_page.count_mine(project_id, number, current_user.id, _owner_filter())


@bp.get("/phases/<int:number>")
@access(VIEW)
@caching.cached(
    # Who may tick only their own items sees a page of their own; "mine" is everyone's own.
    personal=lambda: not can(EDIT_CHECKLIST) or request.args.get("filter") == "mine",
    values={"mine": _mine_count},
)
def phase(project_id: int, number: int):
    phase = service.get_phase(project_id, number)
    return phase_page(phase)


def _personal_mine(counts: dict) -> dict:
    return counts | {"mine": caching.personal_value("mine", counts["mine"])}


def phase_page(phase, status=200, new_item_form=None, new_deliverable_form=None, bulk_form=None):
    members = projects.member_names(phase.project_id)
    item_filter = request.args.get("filter", "all")
    if item_filter not in checklist_page.ITEM_FILTERS:
        item_filter = "all"
    owner_id = _owner_filter()
    counts = checklist_page.filter_counts(phase.id, current_user.id, owner_id)
    page = checklist_page.item_page(
        phase.id, item_filter, current_user.id, owner_id, counts[item_filter], request.args.get("page", 1, type=int)
    )
    choices = _owner_choices(members)
    new_item_form = new_item_form or NewItemForm(formdata=None)
    new_item_form.owner.choices = choices
    bulk_form = bulk_form or BulkForm(formdata=None)
    bulk_form.owner.choices = [("", _("— keep —")), ("none", _("— nobody —")), *choices[1:]]
    summaries = service.summaries(phase.project_id)
    deliverables = service.phase_deliverables(phase.id)
    return render_project(
        "phases/phase.html",
        status,
        phase=phase,
        summary=next(s for s in summaries if s.phase.id == phase.id),
        phase_summaries=summaries,
        page=page,
        removed_items=checklist_page.removed_items(phase.id),
        counts=_personal_mine(counts),
        item_filter=item_filter,
        owner_filter=owner_id,
        members=members,
        deliverables=deliverables,
        # Deliverables with an evidence file: the others are flagged on the page.
        evidence=documents.documents_of("deliverables", [d.id for d in deliverables]),
        new_item_form=scoped(new_item_form, "new-item"),
        new_deliverable_form=scoped(new_deliverable_form or NewDeliverableForm(formdata=None), "new-deliverable"),
        bulk_form=scoped(bulk_form, "bulk"),
        status_form=StatusForm(formdata=None),
        panels=[panel for show in registry.current().phase_panels.values() if (panel := show(phase))],
    )


@bp.route("/phases/<int:number>/edit", methods=["GET", "POST"])
@access(MANAGE_PROJECT)
def edit_phase(project_id: int, number: int):
    phase = service.get_phase(project_id, number)
    form = PhaseForm(obj=phase)
    saved = save_form(
        form,
        lambda: changing.update_phase(
            phase, expected_version=form_version(form), changes=data_of(form, changing.PHASE_DATES)
        ),
    )
    if saved:
        flash(_("Phase saved."), "success")
        return redirect(url_for("phases.phase", project_id=project_id, number=number))
    if not form.is_submitted():
        form.version.data = phase.version
    status = failed_status(form) if form.is_submitted() else 200
    return render_project("phases/edit_phase.html", status, phase=phase, form=form, conflict=form.conflict)


@bp.post("/phases/<int:number>/items")
@access(EDIT_CHECKLIST)
def add_item(project_id: int, number: int):
    phase = service.get_phase(project_id, number)
    form = NewItemForm()
    form.owner.choices = _owner_choices(projects.member_names(project_id))
    if save_form(
        form,
        lambda: changing.add_item(
            phase, title=form.title.data, locale=editor_locale(), owner=form.owner.data, due_date=form.due_date.data
        ),
    ):
        flash(_("Item added."), "success")
        return redirect(url_for("phases.phase", project_id=project_id, number=number) + "#checklist")
    return phase_page(phase, 400, new_item_form=form)


@bp.post("/phases/<int:number>/bulk")
@access(EDIT_CHECKLIST)
def bulk_update(project_id: int, number: int):
    phase = service.get_phase(project_id, number)
    form = BulkForm()
    form.owner.choices = []
    back = redirect(url_for("phases.phase", project_id=project_id, number=number))
    if not form.validate_on_submit():
        return phase_page(phase, 400, bulk_form=form)
    versions = {}
    for raw in request.form.getlist("item"):
        if raw.isdigit() and request.form.get(f"version-{raw}", "").isdigit():
            versions[int(raw)] = int(request.form[f"version-{raw}"])
    changes = {}
    if form.status.data:
        changes["status"] = form.status.data
    if form.owner.data == "none":
        changes["owner"] = None
    elif form.owner.data and form.owner.data.isdigit():
        changes["owner"] = int(form.owner.data)
    if form.due_date.data:
        changes["due_date"] = form.due_date.data
    run_action(
        lambda: changing.bulk_update_items(project_id, versions, changes),
        done=lambda updated: _("%(n)d items updated.", n=len(updated)),
        conflict=_(
            "Some selected items were changed by someone else meanwhile. Nothing was saved; check them and try again."
        ),
    )
    return back


# --- One item --------------------------------------------------------------------


@bp.route("/items/<int:item_id>", methods=["GET", "POST"])
@access(VIEW, post=UPDATE_OWN_ITEMS)
def item(project_id: int, item_id: int):
    item = service.ITEMS.get(project_id, item_id)
    allowed = service.editable_item_fields(g.role, current_user.id, item)
    form = ItemForm(data=_item_values(item))
    form.owner.choices = _owner_choices(projects.member_names(project_id))
    form.person.choices = nothing_first(team.person_choices(project_id), nobody=True)
    status, conflict = 200, None
    if request.method == "POST":
        if not allowed:  # not their item
            abort(403)
        if form.validate_on_submit():
            changes = _changed_fields(item, form, allowed)
            try:
                changing.update_item(item, expected_version=form_version(form), changes=changes, locale=editor_locale())
            except ValidationFailed as error:
                add_errors(form, error.errors)
            except Conflict:
                conflict = data_of(form, changes)
                status = 409
            else:
                db.session.commit()
                flash(_("Item saved."), "success")
                return redirect(url_for("phases.item", project_id=project_id, item_id=item_id))
        if status != 409:
            status = 400
    if conflict is not None or not form.is_submitted():
        form.version.data = item.version
    return render_project(
        "phases/item.html",
        status,
        item=item,
        form=form,
        allowed=allowed,
        conflict=conflict,
        history=(history := activity.history("checklist_items", item.id)),
        names=activity.reference_names(project_id, history),
        comments=service.comments_of(item.id),
        comment_form=CommentForm(formdata=None),
        confirm_form=ConfirmForm(formdata=None, version=item.version),
    )


def title_in_locale(item) -> str:
    return (item.title_zh or item.title_en) if editor_locale().startswith("zh") else (item.title_en or item.title_zh)


def _item_values(item) -> dict:
    """The item as the edit form shows it (the title in the reader's language)."""
    return {
        "title": title_in_locale(item),
        "status": item.status,
        "owner": item.owner_id,
        "person": item.person_id,
        "due_date": item.due_date,
        "mandatory": item.mandatory,
        "notes": item.notes,
        "version": item.version,
    }


def _changed_fields(item, form, allowed) -> dict:
    """The submitted values that differ from the item, among the fields this member may edit.

    Fields missing from the submission are left alone (a checkbox's absence means "off").
    """
    current = _item_values(item)
    changes = {}
    for name in allowed:
        if name != "mandatory" and name not in request.form:
            continue
        submitted = getattr(form, name).data
        if name == "notes":
            submitted = (submitted or "").replace("\r\n", "\n")
        if submitted != current[name]:
            changes[name] = submitted
    return changes


@bp.post("/items/<int:item_id>/status")
@access(UPDATE_OWN_ITEMS)
def set_status(project_id: int, item_id: int):
    """The one-click status change on the phase page (fetch or plain form)."""
    item = service.ITEMS.get(project_id, item_id)
    if "status" not in service.editable_item_fields(g.role, current_user.id, item):
        abort(403)
    form = StatusForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        changing.update_item(item, expected_version=form_version(form), changes={"status": form.status.data})
    except Conflict:
        db.session.rollback()
        message = _("Someone else changed this item meanwhile; the row now shows their version.")
        return _status_answer(project_id, item_id, 409, message)
    db.session.commit()
    return _status_answer(project_id, item_id, 200, None)


def _status_answer(project_id: int, item_id: int, code: int, message: str | None):
    if not wants_fragment():
        if message:
            flash(message, "error")
        item = service.ITEMS.get(project_id, item_id)
        return redirect(url_for("phases.phase", project_id=project_id, number=item.phase.number) + f"#item-{item_id}")
    item = service.ITEMS.get(project_id, item_id)
    summaries = service.summaries(project_id)
    row = render_template(
        "phases/_item_row_fragment.html", item=item, status_form=StatusForm(formdata=None), role=g.role
    )
    progress = {s.phase.id: s.progress for s in summaries}
    return jsonify(
        row=row,
        message=message,
        progress=progress,
        overall=service.overall_progress(summaries),
    ), code


@bp.route("/items/<int:item_id>/remove", methods=["GET", "POST"])
@access(EDIT_CHECKLIST)
def remove_item(project_id: int, item_id: int):
    item = service.ITEMS.get(project_id, item_id)
    form = ConfirmForm(version=item.version)
    if form.validate_on_submit():
        removed = run_action(
            lambda: changing.set_removed(item, removed=True, expected_version=form_version(form)),
            done=_("Item removed. It stays in the history and can be restored."),
            conflict=_("Someone else changed this item meanwhile; check it before removing it."),
        )
        if not removed:
            return redirect(url_for("phases.item", project_id=project_id, item_id=item_id))
        return redirect(url_for("phases.phase", project_id=project_id, number=item.phase.number))
    return render_project("phases/confirm_remove.html", item=item, form=form)


@bp.post("/items/<int:item_id>/restore")
@access(EDIT_CHECKLIST)
def restore_item(project_id: int, item_id: int):
    item = service.ITEMS.get(project_id, item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        run_action(
            lambda: changing.set_removed(item, removed=False, expected_version=form_version(form)),
            done=_("Item restored."),
        )
    return redirect(url_for("phases.phase", project_id=project_id, number=item.phase.number))


@bp.post("/items/<int:item_id>/comments")
@access(COMMENT)
def comment(project_id: int, item_id: int):
    item = service.ITEMS.get(project_id, item_id)
    form = CommentForm()
    if form.validate_on_submit():
        run_action(
            lambda: changing.add_comment(item, author_id=current_user.id, body=form.body.data), done=_("Comment added.")
        )
    else:
        flash(_("Write a comment first."), "error")
    return redirect(url_for("phases.item", project_id=project_id, item_id=item_id) + "#comments")
