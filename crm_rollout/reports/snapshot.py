"""What a submitted report freezes besides its words: progress, milestones and the three charts."""

from crm_rollout.activity import service as activity
from crm_rollout.core import charts
from crm_rollout.core.db import today
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.labels import MilestoneStatus
from crm_rollout.phases import service as phases
from crm_rollout.phases.labels import ItemStatus
from crm_rollout.processes import approvals
from crm_rollout.risks import service as risks


def burnup_data(project_id: int, project_start=None) -> dict:
    done, points = 0, {}
    for at, old, new in activity.status_changes(project_id):
        done += (new == ItemStatus.DONE) - (old == ItemStatus.DONE)
        points[at.date().isoformat()] = done
    # Carry the line from the project's start to today, so one busy day still reads as a line.
    start = project_start or (min(points) if points else today().isoformat())
    points.setdefault(start if isinstance(start, str) else start.isoformat(), 0)
    points[today().isoformat()] = done
    summaries = phases.summaries(project_id)
    return {
        "points": sorted(points.items()),
        "total": sum(s.countable for s in summaries),
        "labels": {
            "title": _("Checklist burn-up"),
            "done": _("Items done"),
            "total": _("Items that count"),
            "y": _("Items"),
            "x": _("Date"),
        },
    }


def slippage_data(project_id: int) -> dict:
    return {
        "milestones": [
            {"label": m.name, "days": m.slippage_days}
            for m in milestones.milestones(project_id)
            if m.status != MilestoneStatus.CANCELLED
        ],
        "labels": {
            "title": _("Milestone slippage"),
            "x": _("Working days against the baseline"),
            "none": _("No milestones"),
        },
    }


def computed_content(project) -> dict:
    """Figures and charts as they stand now, in the submitter's language."""
    summaries = phases.summaries(project.id)
    return {
        "project": {"name": project.name, "company": project.company},
        "overall_progress": phases.overall_progress(summaries),
        "phases": [
            {
                "number": s.phase.number,
                "name": localized(s.phase, "name"),
                "status": s.phase.status,
                "progress": s.progress,
                "overdue": s.overdue,
                "blocked": s.blocked,
            }
            for s in summaries
        ],
        "milestones": [
            {
                "name": m.name,
                "baseline": m.baseline_date.isoformat(),
                "expected": m.expected_date.isoformat(),
                "slippage": m.slippage_days,
                "status": m.status,
            }
            for m in milestones.milestones(project.id)
        ],
        "top_risks": [
            {"title": r.title, "score": r.score, "owner": r.owner.name if r.owner else None, "mitigation": r.mitigation}
            for r in risks.top_risks(project.id)
        ],
        "approved_processes": [
            {
                "process": m.process.name,
                "revision": m.revision,
                "approved_by": m.approved_by.display_name if m.approved_by else None,
                "approved_on": m.approved_at.date().isoformat(),
            }
            for m in approvals.approvals(project.id)
        ],
        "charts": {
            "timeline": charts.cached(
                "timeline", milestones.timeline_data(project, milestones.timeline_labels()), charts.timeline_svg
            ).decode(),
            "burnup": charts.cached("burnup", burnup_data(project.id, project.start_date), charts.burnup_svg).decode(),
            "slippage": charts.cached("slippage", slippage_data(project.id), charts.slippage_svg).decode(),
        },
    }
