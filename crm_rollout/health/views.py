"""The health index's own page: every signal with its weight and reason, and the history."""

from flask import Blueprint, g

from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.core.permissions import VIEW
from crm_rollout.core.permissions import project_access as access
from crm_rollout.core.web import render_project
from crm_rollout.health import service

# Not "health": that name is the server's liveness check (core/health.py).
CHART_WIDTH, CHART_HEIGHT = 720, 160
bp = Blueprint("project_health", __name__, url_prefix="/projects/<int:project_id>/health")


@bp.get("/")
@access(VIEW)
def index(project_id: int):
    found = service.compute(g.project)
    snapshots = service.history(project_id)
    # The days the index moved (and the first and the latest): the table stays short over months.
    moved = [s for n, s in enumerate(snapshots) if n in (0, len(snapshots) - 1) or s.score != snapshots[n - 1].score]
    page = render_project(
        "health/index.html",
        index=found,
        snapshots=snapshots,
        moved=moved,
        points=service.trend_points(snapshots),
        chart_points=service.trend_points(snapshots, width=CHART_WIDTH, height=CHART_HEIGHT),
        chart=(CHART_WIDTH, CHART_HEIGHT),
        thresholds=(service.GREEN, service.AMBER),
    )
    keep_todays(g.project, found, snapshots)
    return page


def keep_todays(project, index, history: list) -> None:
    """Keep the index as the day's if this is its first reading today (`history`, the days the page read for
    its trend, says whether it is). Called once the page is rendered: committing earlier would expire what the
    template still reads."""
    if history and history[-1].day == today():
        return
    if service.record(project, index):
        db.session.commit()
