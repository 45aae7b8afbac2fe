"""The project's activity page: the audit trail, newest first."""

from flask import Blueprint, request

from crm_rollout.activity import service
from crm_rollout.core.permissions import VIEW, project_access
from crm_rollout.core.web import render_project

bp = Blueprint("activity", __name__, url_prefix="/projects/<int:project_id>")


@bp.get("/activity")
@project_access(VIEW)
def activity(project_id: int):
    page = service.project_activity(project_id, request.args.get("page", 1, type=int))
    return render_project("activity/activity.html", page=page, names=service.reference_names(project_id, page.rows))
