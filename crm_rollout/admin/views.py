"""Site administration: accounts (create, deactivate, reset password)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from crm_rollout.auth import service as accounts
from crm_rollout.auth import sessions
from crm_rollout.auth.forms import ResetPasswordForm, UserForm
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import admin_required
from crm_rollout.core.web import run_action, save_form

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users", methods=["GET", "POST"])
@admin_required
def users():
    form = UserForm()
    status = 200
    saved = save_form(
        form,
        lambda: accounts.create_user(
            username=form.username.data,
            email=form.email.data,
            display_name=form.display_name.data,
            password=form.password.data,
            is_admin=form.is_admin.data,
        ),
    )
    if saved:
        flash(_("Account %(name)s created.", name=saved.value.username), "success")
        return redirect(url_for("admin.users"))
    if request.method == "POST":
        status = 400
    return render_template("admin/users.html", users=accounts.list_users(), form=form), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def user(user_id: int):
    account = accounts.get_user(user_id)
    form = ResetPasswordForm()
    status = 200
    action = request.form.get("action")
    if action in ("activate", "deactivate"):
        run_action(
            lambda: accounts.set_active(account, action == "activate", by=current_user), done=_("Account updated.")
        )
        return redirect(url_for("admin.user", user_id=user_id))
    if action == "end_sessions":
        run_action(
            lambda: sessions.end_all(account.id),
            done=lambda ended: _("%(n)d sessions ended; the person must sign in again.", n=ended),
        )
        return redirect(url_for("admin.user", user_id=user_id))
    if action == "password" and save_form(form, lambda: accounts.set_password(account, form.password.data)):
        flash(_("Password reset; their sessions have ended. Tell them the new password in person."), "success")
        return redirect(url_for("admin.user", user_id=user_id))
    if request.method == "POST":
        status = 400
    return (
        render_template("admin/user.html", account=account, form=form, live_sessions=sessions.live_count(account.id)),
        status,
    )
