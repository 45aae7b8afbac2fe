"""The demo's health history: eight weeks of daily indexes, so the overview draws a trend.

The past days are drawn from today's signals, each loss scaled by how far back the day lies (a project
drifting into trouble); today's index itself is computed from the data, as it is for any project.
"""

from datetime import timedelta

from crm_rollout.core.db import today
from crm_rollout.core.extensions import db
from crm_rollout.health import service as health
from crm_rollout.health.models import HealthSnapshot

DAYS = 56


def seed_health_history(project, *, worsening: bool = True) -> None:
    now = health.compute(project)
    for days_ago in range(DAYS, 0, -1):
        # Eight weeks ago the project lost a third of today's points (or a third more, if it is recovering).
        share = 1 - days_ago / DAYS * 0.66 if worsening else 1 + days_ago / DAYS * 0.33
        kept = [
            {
                "key": s.key,
                "weight": s.weight,
                "lost": min(s.weight, round(s.lost * share)),
                "value": s.value,
                "reason": s.reason,
            }
            for s in now.signals
        ]
        score = max(0, 100 - sum(k["lost"] for k in kept))
        db.session.add(
            HealthSnapshot(
                project_id=project.id,
                day=today() - timedelta(days=days_ago),
                score=score,
                status=health.status_of(score),
                signals=kept,
            )
        )
    db.session.flush()
