"""The inbox, each person's choice of how they are told, and their calendar address."""

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.limits import INT_MAX
from crm_rollout.core.permissions import MANAGE_PROJECT, project_access
from crm_rollout.core.web import render_project
from crm_rollout.notifications import service
from crm_rollout.notifications.kinds import DEFAULT_CHANNELS, Kind
from crm_rollout.notifications.words import link_of

bp = Blueprint("notifications", __name__)


@bp.get("/inbox")
@login_required
def inbox():
    unread_only = request.args.get("show") != "all"
    kind = request.args.get("kind") if request.args.get("kind") in Kind.codes() else None
    rows = service.inbox(current_user.id, unread_only=unread_only, kind=kind)
    return render_template("notifications/inbox.html", rows=rows, unread_only=unread_only, kind=kind)


@bp.post("/inbox/<int:notification_id>/open")
@login_required
def open_notification(notification_id: int):
    """Mark it read and go to what it is about."""
    row = service.get_own(current_user.id, notification_id) or abort(404)
    service.mark_read(current_user.id, [row.id])
    db.session.commit()
    return redirect(link_of(row))


@bp.post("/inbox/read")
@login_required
def mark_read():
    """Mark the chosen notifications read, or all of them."""
    if request.form.get("all"):
        count = service.mark_read(current_user.id)
    else:
        ids = [int(v) for v in request.form.getlist("id") if v.isdigit() and int(v) <= INT_MAX][:500]
        count = service.mark_read(current_user.id, ids)
    db.session.commit()
    flash(_("%(n)d marked read.", n=count), "success")
    show = "all" if request.args.get("show") == "all" else None
    kind = request.args.get("kind") if request.args.get("kind") in Kind.codes() else None
    return redirect(url_for("notifications.inbox", show=show, kind=kind))


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings():
    """How each kind of event reaches this person, and their private calendar address."""
    if request.method == "POST":
        if request.form.get("action") == "reset-calendar":
            service.calendar_token(current_user.id, reset=True)
            db.session.commit()
            flash(_("Your calendar has a new address; the old one no longer works."), "success")
            return redirect(url_for("notifications.settings"))
        try:
            service.save_settings(choices_from(request.form), user_id=current_user.id)
        except ValidationFailed:
            db.session.rollback()
            flash(_("Choose one of the offered ways."), "error")
            return redirect(url_for("notifications.settings"), 303)
        db.session.commit()
        flash(_("Your choices are saved."), "success")
        return redirect(url_for("notifications.settings"))
    token = service.calendar_token(current_user.id)
    db.session.commit()
    return render_template(
        "notifications/settings.html",
        chosen=service.settings_of(user_id=current_user.id),
        calendar_url=url_for("calendar.feed", token=token, _external=True),
    )


def choices_from(form) -> dict[str, str]:
    """{kind: channel or ""} from a posted form whose fields are named after the kinds."""
    return {kind: form.get(f"channel-{kind}", "") for kind in Kind.codes() if f"channel-{kind}" in form}


@bp.route("/projects/<int:project_id>/notifications", methods=["GET", "POST"])
@project_access(MANAGE_PROJECT)
def project_defaults(project_id: int):
    """The director's defaults: how each kind reaches members who chose nothing, and when reviews are recalled."""
    project = g.project
    if request.method == "POST":
        try:
            service.save_project_defaults(
                project,
                choices_from(request.form),
                reminder_days=request.form.get("review_reminder_days", ""),
                expected_version=request.form.get("version", type=int),
            )
        except Conflict:
            db.session.rollback()
            flash(_("Someone else changed the project meanwhile; here is what is saved now."), "error")
            return redirect(url_for("notifications.project_defaults", project_id=project_id), 303)
        except ValidationFailed as failed:
            db.session.rollback()
            flash(" ".join(str(message) for message in failed.errors.values()), "error")
            return redirect(url_for("notifications.project_defaults", project_id=project_id), 303)
        db.session.commit()
        flash(_("The project's defaults are saved."), "success")
        return redirect(url_for("notifications.project_defaults", project_id=project_id))
    return render_project(
        "notifications/project_defaults.html",
        chosen=service.settings_of(project_id=project_id),
        method_defaults=DEFAULT_CHANNELS,
    )
