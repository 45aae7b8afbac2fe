"""Sign in and out, personal preferences, password and API tokens."""

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from crm_rollout.auth import service, sessions
from crm_rollout.auth.forms import LoginForm, PasswordChangeForm, PreferencesForm, TokenForm
from crm_rollout.auth.hooks import confirm_own_password
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import LOCALES
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.security import client_address, safe_next
from crm_rollout.core.web import add_errors

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("projects.my_work"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        device_cookie = request.cookies.get(sessions.DEVICE_COOKIE)
        try:
            user = service.authenticate(form.login.data, form.password.data, client_address(request), device_cookie)
        except service.LoginThrottled:
            user, status = None, 429
            form.form_errors.append(_("Too many failed attempts. Wait a few minutes and try again."))
        if user is not None:
            locale = session.get("locale")
            session.clear()  # a fresh session at sign-in: no fixation
            if locale:
                session["locale"] = locale
            sessions.start(user, remember=form.remember.data, user_agent=request.user_agent.string)
            login_user(user, remember=form.remember.data, duration=_remember_duration())
            db.session.commit()
            response = redirect(target or url_for("projects.my_work"))
            response.set_cookie(
                sessions.DEVICE_COOKIE,
                sessions.device_cookie_value(user, device_cookie),
                max_age=sessions.DEVICE_DAYS * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=current_app.config["SESSION_COOKIE_SECURE"],
            )
            return response
        if status == 200:
            status = 401
            form.form_errors.append(_("The username or password is not right."))
    elif form.is_submitted():
        status = 400
    return render_template("auth/login.html", form=form), status


def _remember_duration() -> timedelta:
    return timedelta(days=current_app.config["REMEMBER_DAYS"])


@bp.post("/logout")
@login_required
def logout():
    sessions.end(current_user.session_token)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.post("/language")
def set_language():
    """The language switch in the top bar: remembered on the account, or in the session before sign-in."""
    locale = request.form.get("locale")
    if locale in LOCALES:
        session["locale"] = locale
        if current_user.is_authenticated:
            service.set_locale(current_user, locale)
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("projects.portfolio"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    preferences = PreferencesForm(prefix="pref", locale=current_user.locale or "")
    password_form = PasswordChangeForm(prefix="pw")
    token_form = TokenForm(prefix="token")
    new_token = None
    status = 200
    action = request.form.get("action")
    if action == "preferences" and preferences.validate_on_submit():
        service.set_locale(current_user, preferences.locale.data or None)
        session.pop("locale", None)
        db.session.commit()
        flash(_("Preferences saved."), "success")
        return redirect(url_for("auth.account"))
    if action == "password" and password_form.validate_on_submit():
        try:
            confirmed = confirm_own_password(password_form.current_password.data)
        except service.LoginThrottled:
            confirmed, status = None, 429
            add_errors(password_form, {"current_password": _("Too many failed attempts. Wait a few minutes.")})
        if confirmed is False:
            add_errors(password_form, {"current_password": _("This is not your current password.")})
        elif confirmed:
            try:
                service.set_password(
                    current_user, password_form.new_password.data, keep_session=current_user.session_token
                )
            except ValidationFailed as error:
                add_errors(password_form, {"new_password": error.errors["password"]})
            else:
                db.session.commit()
                flash(_("Your password has been changed; you are signed out everywhere else."), "success")
                return redirect(url_for("auth.account"))
    if action == "token" and token_form.validate_on_submit():
        _token, new_token = service.create_api_token(current_user, token_form.name.data)
        db.session.commit()
        token_form = TokenForm(prefix="token", formdata=None)
    if request.method == "POST" and new_token is None and status == 200:
        status = 400
    return (
        render_template(
            "auth/account.html",
            preferences=preferences,
            password_form=password_form,
            token_form=token_form,
            tokens=service.tokens_of(current_user),
            new_token=new_token,
        ),
        status,
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    service.revoke_token(current_user, token_id)
    db.session.commit()
    flash(_("The token has been revoked; scripts using it can no longer sign in."), "success")
    return redirect(url_for("auth.account"))
