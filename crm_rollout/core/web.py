"""Helpers shared by the HTML views."""

import hashlib
from dataclasses import dataclass

from flask import Response, current_app, flash, g, has_request_context, redirect, render_template, request, url_for

from crm_rollout.core import registry
from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _


def add_errors(form, errors: dict[str, str]) -> None:
    """Show a service's validation errors beside the form's fields (or at the top if no field matches)."""
    for name, message in errors.items():
        field = getattr(form, name, None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def flash_errors(errors: dict[str, str]) -> None:
    """A service's validation errors as one message at the top of the next page."""
    flash(" ".join(str(message) for message in errors.values()), "error")


def flash_form_errors(form) -> None:
    """A form's validation errors as one message at the top of the next page (forms posted from a list)."""
    flash(" ".join(str(e) for errors in form.errors.values() for e in errors), "error")


def wants_fragment() -> bool:
    """True for the small fetch() requests of static/js/app.js, which swap part of the page."""
    return request.headers.get("X-Requested-With") == "fetch"


def render_project(template: str, status: int = 200, **context):
    """Render a page inside a project, with what the domains give every project page (the phase
    navigation ...) unless the view has it already."""
    for name, provide in registry.current().project_page_context.items():
        if name not in context:
            context |= provide(g.project.id)
    return render_template(template, **context), status


def form_version(form) -> int | None:
    """The record version a form was filled in from (hidden field `version`)."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return None


@dataclass
class Saved:
    """What save_form returns on success: truthy, with the service's result as `value`."""

    value: object = None


def save_form(form, apply) -> Saved | None:
    """Validate the form, run `apply()` (a service call) and commit.

    None when the form is invalid, the service refuses the values (its messages then stand
    beside the fields) or the record changed since the form was read: then `form.conflict`
    is True and the form carries the newer version, keeping what the user typed.
    """
    form.conflict = False
    if not form.validate_on_submit():
        return None
    try:
        value = apply()
    except ValidationFailed as error:
        db.session.rollback()
        add_errors(form, error.errors)
        return None
    except Conflict as conflict:
        db.session.rollback()
        form.conflict = True
        form.version.data = conflict.current.version  # reloaded after the rollback
        return None
    db.session.commit()
    return Saved(value)


def form_page(form, apply, *, saved: str, to, page):
    """The one way a page shows a form and takes it at the same address. On a POST that `save_form` saves,
    `saved` is said at the top of the next page and the reader goes `to` (a URL, or a function of what
    `apply()` returned giving one); otherwise `page(status)` is the answer: 200 on a GET, 400 for refused
    values and 409 for a conflict, with `form.conflict` telling the template which."""
    form.conflict = False
    if request.method != "POST":
        return page(200)
    done = save_form(form, apply)
    if done:
        flash(saved, "success")
        return redirect(to(done.value) if callable(to) else to)
    return page(failed_status(form))


def edit_of(update, row, form, changes: dict):
    """What an edit form applies: the service's `update(row, expected_version=, changes=)` from the version
    the form was read at, so that a change made meanwhile is a conflict, never overwritten."""
    return lambda: update(row, expected_version=form_version(form), changes=changes)


def run_action(apply, *, done=None, conflict=None) -> Saved | None:
    """A button's action (nothing typed to keep beside fields): run `apply()` and commit, and say the outcome
    at the top of the next page. A refusal or a conflict rolls everything back and says why.

    `done` is the success message, or a function of apply()'s result giving it; `conflict` replaces the
    general "changed meanwhile" message.
    """
    try:
        value = apply()
    except ValidationFailed as error:
        db.session.rollback()
        flash_errors(error.errors)
        return None
    except Conflict:
        db.session.rollback()
        flash(conflict or _("Someone else changed this meanwhile; check it and try again."), "error")
        return None
    db.session.commit()
    if done is not None:
        flash(done(value) if callable(done) else done, "success")
    return Saved(value)


def failed_status(form) -> int:
    """The status of a page re-shown after save_form refused: 409 for a conflict, else 400."""
    return 409 if getattr(form, "conflict", False) else 400


def svg_response(svg: bytes | str) -> Response:
    """A chart or diagram, validated on every request by the hash of its content: the browser keeps a copy
    but asks each time (304 when unchanged), so a change shows the moment it is saved."""
    body = svg.encode() if isinstance(svg, str) else svg
    response = Response(body, mimetype="image/svg+xml")
    response.set_etag(hashlib.sha256(body).hexdigest()[:16])
    response.headers["Cache-Control"] = "private, no-cache"
    return response.make_conditional(request)


def base_url() -> str:
    """Where people open the app (BASE_URL), for links that leave it: in e-mails and calendars."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return configured.rstrip("/") + "/"
    return request.host_url if has_request_context() else "http://localhost:5000/"


# An id no row has, standing in for each row's while an address is built once for all rows.
_ROW_PLACEHOLDER, _ROW_CHECK = 9_876_543_210_123, 42  # the check of another length: padding shows


def url_for_each(endpoint: str, key: str, **values):
    """`url_for(endpoint, **values, key=n)` as a function of n, for the rows of a table: the address is built
    once around a placeholder, and each row's is that with its id, instead of a URL build for every row. A rule
    that writes the id otherwise (padded, say) fails the check with a second id and is built for each row."""

    def built(row_id):
        return url_for(endpoint, **values, **{key: row_id})

    head, found, tail = built(_ROW_PLACEHOLDER).partition(str(_ROW_PLACEHOLDER))
    if not found or f"{head}{_ROW_CHECK}{tail}" != built(_ROW_CHECK):
        return built
    return lambda row_id: f"{head}{int(row_id)}{tail}"
