"""Comparing a running project with a newer version of its method, and taking over the chosen changes."""

from flask import abort, flash, g, redirect, request, url_for
from wtforms import HiddenField

from crm_rollout.core.forms import Form
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.permissions import MANAGE_PROJECT
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import form_version, render_project, run_action
from crm_rollout.phases import method_updates
from crm_rollout.phases.views import bp


class PullForm(Form):
    version = HiddenField()  # the project's row version: a second pull from a stale page is refused


@bp.route("/method", methods=["GET", "POST"])
@access(MANAGE_PROJECT)
def method(project_id: int):
    project = g.project
    offered = method_updates.newer_versions(project)
    chosen = next((v for v in offered if v.id == request.values.get("compare", type=int)), None)
    chosen = chosen or (offered[-1] if offered else None)
    form = PullForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        if chosen is None:  # e.g. a second click after the project took the version over
            flash(_("The project is at the latest version of its method already."), "error")
            return redirect(url_for("phases.method", project_id=project_id))
        keys = set(request.form.getlist("change"))
        done = run_action(
            lambda: method_updates.pull(project, chosen, keys, expected_version=form_version(form)),
            done=lambda n: _("%(n)d changes taken over from version %(v)d.", n=n, v=chosen.number),
        )
        if done:
            return redirect(url_for("projects.overview", project_id=project_id))
        return redirect(url_for("phases.method", project_id=project_id, compare=chosen.id))
    form.version.data = project.version
    return render_project(
        "phases/method.html",
        offered=offered,
        chosen=chosen,
        changes=method_updates.changes(project, chosen) if chosen else [],
        form=form,
    )
