"""JSON API: the projects of the signed-in user."""

from flask import jsonify
from flask_login import current_user, login_required

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.docs import returns
from crm_rollout.projects import service as projects

PROJECT_OUT = {
    "id": "int",
    "name": "str",
    "company": "str",
    "role": "str",
    "start_date": "date?",
    "target_golive_date": "date?",
}


@bp.get("/projects")
@returns([PROJECT_OUT])
@login_required
def list_projects():
    return jsonify(
        [
            {
                "id": project.id,
                "name": project.name,
                "company": project.company,
                "role": role,
                "start_date": project.start_date.isoformat() if project.start_date else None,
                "target_golive_date": project.target_golive_date.isoformat() if project.target_golive_date else None,
            }
            for project, role in projects.projects_of(current_user.id)
        ]
    )
