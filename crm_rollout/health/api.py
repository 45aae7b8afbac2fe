"""JSON API for the health index and its history."""

from flask import g, jsonify

from crm_rollout.core.api.blueprint import bp
from crm_rollout.core.api.common import iso
from crm_rollout.core.api.docs import returns
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import VIEW, project_access
from crm_rollout.health import service

SIGNAL = {"key": "str", "weight": "int", "lost": "int", "value": "float", "reason": "str"}
HEALTH_OUT = {
    "score": "int",
    "status": "str",
    "signals": [SIGNAL],
    "history": [{"day": "date", "score": "int", "status": "str"}],
}


@bp.get("/projects/<int:project_id>/health_index")
@returns(HEALTH_OUT)
@project_access(VIEW)
def get_health_index(project_id: int):
    """The project's health index now, each signal's weight, loss and reason, and the daily history."""
    found = service.compute(g.project)
    service.record(g.project, found)
    db.session.commit()
    return jsonify(
        {
            "score": found.score,
            "status": found.status,
            "signals": [
                {"key": s.key, "weight": s.weight, "lost": s.lost, "value": float(s.value), "reason": s.reason}
                for s in found.signals
            ],
            "history": [{"day": iso(h.day), "score": h.score, "status": h.status} for h in service.history(project_id)],
        }
    )
