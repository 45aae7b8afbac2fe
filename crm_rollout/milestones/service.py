"""Milestones: planning them, moving forecasts freely and baselines only by a steering decision."""

import functools
from datetime import date, timedelta

from sqlalchemy import Date, bindparam, func, select
from sqlalchemy.orm import joinedload, selectinload

from crm_rollout.core.db import today
from crm_rollout.core.editing import check_version
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import localized
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.core.permissions import Role
from crm_rollout.core.reads import plain_rows
from crm_rollout.milestones.labels import MilestoneStatus
from crm_rollout.milestones.models import Milestone
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify
from crm_rollout.phases import service as phases
from crm_rollout.phases.models import ChecklistItem, Deliverable, Phase
from crm_rollout.projects.service import user_ids_with_roles
from crm_rollout.steering.models import Decision

FIELDS = ("name", "phase_id", "baseline_date", "forecast_date", "actual_date", "acceptance_criteria", "status")


def milestones(project_id: int) -> list[Milestone]:
    return list(
        db.session.scalars(
            select(Milestone)
            .options(joinedload(Milestone.phase), selectinload(Milestone.items), selectinload(Milestone.deliverables))
            .where(Milestone.project_id == project_id)
            .order_by(Milestone.baseline_date, Milestone.position, Milestone.id)
        )
    )


def open_dates(project_id: int) -> list[tuple[date, date]]:
    """(baseline, expected) of each open milestone (no actual date): what slippage is measured on, without
    loading the milestones."""
    return [tuple(row) for row in plain_rows(_open_dates_statement(), {"project_id": project_id})]


@functools.cache
def _open_dates_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    expected = func.coalesce(Milestone.forecast_date, Milestone.baseline_date)
    return select(Milestone.baseline_date, expected).where(
        Milestone.project_id == bindparam("project_id"), Milestone.actual_date.is_(None)
    )


def milestones_of_projects(project_ids: list[int]) -> list[Milestone]:
    """The milestones of these projects, for a calendar: one query."""
    if not project_ids:
        return []
    return list(
        db.session.scalars(
            select(Milestone)
            .where(Milestone.project_id.in_(project_ids))
            .order_by(Milestone.baseline_date, Milestone.id)
        )
    )


def upcoming(project_id: int, days: int = 30) -> list[Milestone]:
    """Open milestones expected within the next `days` days (or already late)."""
    horizon = today() + timedelta(days=days)
    return list(db.session.scalars(_upcoming_statement(), {"project_id": project_id, "horizon": horizon}))


@functools.cache
def _upcoming_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    expected = func.coalesce(Milestone.actual_date, Milestone.forecast_date, Milestone.baseline_date)
    return (
        select(Milestone)
        .options(joinedload(Milestone.phase))
        .where(
            Milestone.project_id == bindparam("project_id"),
            Milestone.status == MilestoneStatus.OPEN,
            expected <= bindparam("horizon", type_=Date),
        )
        .order_by(Milestone.baseline_date, Milestone.position, Milestone.id)
    )


def next_by_project(project_ids: list[int]) -> dict[int, Milestone]:
    """Each project's next open milestone, for the portfolio: one query."""
    if not project_ids:
        return {}
    result = {}
    for m in db.session.scalars(
        select(Milestone)
        .where(Milestone.project_id.in_(project_ids), Milestone.status == MilestoneStatus.OPEN)
        .order_by(Milestone.baseline_date, Milestone.id)
    ):
        current = result.get(m.project_id)
        if current is None or m.expected_date < current.expected_date:
            result[m.project_id] = m
    return result


def _in_project(model, project_id: int, ids) -> list:
    ids = [i for i in ids or [] if isinstance(i, int)]
    if not ids:
        return []
    rows = list(db.session.scalars(select(model).where(model.id.in_(ids), model.project_id == project_id)))
    if len(rows) != len(set(ids)):
        raise ValidationFailed({"links": _("Link only items and deliverables of this project.")})
    return rows


def _validate(project_id: int, values: dict) -> dict:
    errors = {}
    name = values.get("name")
    if not isinstance(name, str) or not name.strip():
        errors["name"] = _("Name the milestone.")
    if not isinstance(values.get("baseline_date"), date):
        errors["baseline_date"] = _("Enter a date as YYYY-MM-DD.")
    for field in ("forecast_date", "actual_date"):
        if values.get(field) is not None and not isinstance(values[field], date):
            errors[field] = _("Enter a date as YYYY-MM-DD.")
    if values.get("status", MilestoneStatus.OPEN) not in MilestoneStatus.codes():
        errors["status"] = _("Choose open, achieved or cancelled.")
    if values.get("status") == "achieved" and not values.get("actual_date"):
        errors["actual_date"] = _("An achieved milestone needs its actual date.")
    phase_id = values.get("phase_id")
    if not belongs_to(Phase, project_id, phase_id):
        errors["phase_id"] = _("Choose a phase of this project.")
    return errors


def create_milestone(project_id: int, *, item_ids=(), deliverable_ids=(), **values) -> Milestone:
    values = {k: values.get(k) for k in FIELDS} | {"status": values.get("status") or MilestoneStatus.OPEN}
    errors = _validate(project_id, values)
    raise_if_errors(errors)
    milestone = Milestone(
        project_id=project_id,
        **{k: v for k, v in values.items() if v is not None} | {"name": values["name"].strip()},
    )
    milestone.items = _in_project(ChecklistItem, project_id, item_ids)
    milestone.deliverables = _in_project(Deliverable, project_id, deliverable_ids)
    db.session.add(milestone)
    db.session.flush()
    return milestone


def update_milestone(
    milestone: Milestone,
    *,
    expected_version,
    changes: dict,
    decision_id: int | None = None,
    item_ids=None,
    deliverable_ids=None,
) -> Milestone:
    """Forecast, actual date and the rest change freely; the baseline only with a steering decision."""
    changes = {k: v for k, v in changes.items() if k in FIELDS}
    merged = {k: getattr(milestone, k) for k in FIELDS} | changes
    errors = _validate(milestone.project_id, merged)
    moves_baseline = "baseline_date" in changes and changes["baseline_date"] != milestone.baseline_date
    if moves_baseline and (decision_id is None or not belongs_to(Decision, milestone.project_id, decision_id)):
        errors["baseline_date"] = _("Changing the baseline needs a recorded steering decision; choose it.")
    raise_if_errors(errors)
    check_version(milestone, expected_version)
    was_late = _slipped(milestone)
    if moves_baseline:
        milestone.baseline_decision_id = decision_id
    for name, value in changes.items():
        setattr(milestone, name, value.strip() if isinstance(value, str) and name != "status" else value)
    if item_ids is not None:
        milestone.items = _in_project(ChecklistItem, milestone.project_id, item_ids)
    if deliverable_ids is not None:
        milestone.deliverables = _in_project(Deliverable, milestone.project_id, deliverable_ids)
    db.session.flush()
    if _slipped(milestone) and not was_late:
        notify(
            Kind.SLIPPAGE,
            "milestone_slipped",
            project_id=milestone.project_id,
            user_ids=user_ids_with_roles(milestone.project_id, Role.DIRECTOR, Role.STEERING),
            subject=milestone,
            title=milestone.name,
            detail=milestone.forecast_date.isoformat(),
            link=("milestones.milestones", {"project_id": milestone.project_id}),
        )
    return milestone


def _slipped(milestone: Milestone) -> bool:
    """Forecast after the baseline, and not reached yet."""
    forecast = milestone.forecast_date
    return forecast is not None and milestone.actual_date is None and forecast > milestone.baseline_date


def propose_from_phases(project_id: int) -> list[Milestone]:
    """One milestone per phase that has a planned end and none yet: 'deliverables of <phase> accepted'."""
    existing = set(db.session.scalars(select(Milestone.phase_id).where(Milestone.project_id == project_id)))
    created = []
    for summary in phases.summaries(project_id):
        phase = summary.phase
        if phase.id in existing or phase.planned_end is None:
            continue
        created.append(
            create_milestone(
                project_id,
                # Both languages: the name is stored once and read by everyone.
                name=f"阶段 {phase.number} 交付成果验收 · Phase {phase.number} deliverables accepted",
                phase_id=phase.id,
                baseline_date=phase.planned_end,
                acceptance_criteria=_("The steering committee accepts the phase's deliverables report."),
                deliverable_ids=[d.id for d in phases.phase_deliverables(phase.id) if d.removed_at is None],
            )
        )
    return created


def timeline_data(project, labels: dict) -> dict:
    """Plain values for the timeline chart (and its cache key): phases' planned and actual spans, milestones."""
    summaries = phases.summaries(project.id)
    phase_numbers = {s.phase.id: s.phase.number for s in summaries}

    def span(start, end):
        return [start.isoformat(), end.isoformat() if end else None] if start else None

    return {
        "title": labels["title"],
        "legend": labels,
        "today": today().isoformat(),
        "phases": [
            {
                "number": s.phase.number,
                "label": f"{s.phase.number}. {localized(s.phase, 'name')}",
                "planned": span(s.phase.planned_start, s.phase.planned_end) if s.phase.planned_end else None,
                "actual": span(s.phase.actual_start, s.phase.actual_end),
            }
            for s in summaries
        ],
        "milestones": [
            {
                "name": m.name,
                "phase": phase_numbers.get(m.phase_id),
                "baseline": m.baseline_date.isoformat(),
                "expected": m.expected_date.isoformat(),
            }
            for m in milestones(project.id)
            if m.status != MilestoneStatus.CANCELLED
        ],
    }


def timeline_labels() -> dict:
    """The timeline chart's words in the reader's language."""
    return {
        "title": _("Timeline"),
        "planned": _("Planned"),
        "actual": _("Actual"),
        "milestones": _("Milestones"),
        "baseline": _("Baseline"),
        "forecast": _("Forecast or actual"),
        "today": _("Today"),
        "x": _("Month"),
    }


MILESTONES = ProjectRows(
    Milestone,
    rows=milestones,
    create=create_milestone,
    update=update_milestone,
    options=(
        joinedload(Milestone.phase),
        selectinload(Milestone.items),
        selectinload(Milestone.deliverables),
    ),
)
