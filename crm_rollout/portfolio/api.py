"""JSON API: the projects of the signed-in user."""

from flask import jsonify, request
from flask_login import current_user, login_required

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.docs import returns
from crm_rollout.portfolio.search import find, link, marked
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


SEARCH_OUT = {
    "results": [{"kind": "str", "id": "int", "project_id": "int", "title": "str", "url": "str", "snippet": "str"}],
    "total": "int",
    "page": "int",
}


@bp.get("/search")
@returns(SEARCH_OUT)
@login_required
def search_everything():
    """Search every project the caller may see (?q=…, &project=<id> for one, &page=n)."""
    found = find(request.args)
    results = [
        {
            "kind": hit.kind,
            "id": hit.ref_id,
            "project_id": hit.project_id,
            "title": hit.title,
            "url": request.host_url.rstrip("/") + link(hit),
            "snippet": marked(hit.body, found.query, around=True).striptags(),
        }
        for hit in found.hits
    ]
    return jsonify({"results": results, "total": found.total, "page": found.page})
