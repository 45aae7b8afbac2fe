"""Hypercare: incidents after go-live, the daily stand-up's view of them, and when hypercare may end.
Services flush; views commit."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from crm_rollout.core.checks import one_of, required_text
from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import create_row, update_fields
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.hypercare.labels import Category, Priority
from crm_rollout.hypercare.models import Incident
from crm_rollout.team.models import Person

FIELDS = (
    "title",
    "description",
    "priority",
    "category",
    "owner_id",
    "reported_at",
    "responded_at",
    "resolved_at",
    "resolution",
)
# Hypercare may end when nothing serious is open, the resolution targets were kept, and few new ones come in.
EXIT_MET_SHARE = 90  # per cent of the last fortnight's resolved incidents resolved in time
EXIT_NEW_PER_DAY = 2  # new incidents a day over the last week, at most


def _validate(project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "title", _("Say what went wrong, in a few words."), errors)
    one_of(values, "priority", Priority, errors)
    one_of(values, "category", Category, errors)
    if not belongs_to(Person, project_id, values.get("owner_id")):
        errors["owner_id"] = _("Choose a person of this project's team.")
    reported = values.get("reported_at")
    if reported is None:
        errors["reported_at"] = _("Say when it was reported.")
    for name in ("responded_at", "resolved_at"):
        if values.get(name) and reported and values[name] < reported:
            errors[name] = _("This cannot be before the incident was reported.")
    return errors


def create_incident(project_id: int, **values) -> Incident:
    values = {n: values.get(n) for n in FIELDS}
    values["reported_at"] = values["reported_at"] or utcnow()
    return create_row(Incident, project_id, values, validate=_validate)


def update_incident(row: Incident, *, expected_version, changes: dict) -> Incident:
    return update_fields(row, FIELDS, expected_version=expected_version, changes=changes, validate=_validate)


def incidents(project_id: int) -> list[Incident]:
    """Open incidents first, most urgent first, then the resolved, latest first."""
    rows = db.session.scalars(
        select(Incident).options(joinedload(Incident.owner)).where(Incident.project_id == project_id)
    ).all()
    return sorted(
        rows, key=lambda i: (i.resolved_at is not None, i.priority, -(i.resolved_at or i.reported_at).timestamp())
    )


@dataclass
class StandUp:
    """What the daily stand-up goes through."""

    now: datetime
    open_by_priority: dict = field(default_factory=dict)  # priority -> [incident]
    new_today: list = field(default_factory=list)  # reported in the last 24 hours
    resolved_today: list = field(default_factory=list)
    breached: list = field(default_factory=list)  # open, past a target
    by_category: Counter = field(default_factory=Counter)  # open ones
    exit_criteria: list = field(default_factory=list)  # [(label, met, detail)]

    @property
    def may_end(self) -> bool:
        return all(met for _label, met, _detail in self.exit_criteria)


def stand_up(project_id: int, *, now: datetime | None = None) -> StandUp:
    now = now or utcnow()
    rows = incidents(project_id)
    view = StandUp(now=now, open_by_priority={p.value: [] for p in Priority})
    day_ago = now - timedelta(days=1)
    for incident in rows:
        if incident.resolved_at is None:
            view.open_by_priority[incident.priority].append(incident)
            view.by_category[incident.category] += 1
            if incident.response_met(now) is False or incident.resolution_met(now) is False:
                view.breached.append(incident)
        elif incident.resolved_at >= day_ago:
            view.resolved_today.append(incident)
        if incident.reported_at >= day_ago:
            view.new_today.append(incident)
    view.exit_criteria = _exit_criteria(rows, now)
    return view


def _exit_criteria(rows: list[Incident], now: datetime) -> list[tuple[str, bool, str]]:
    serious = [i for i in rows if i.resolved_at is None and i.priority in (Priority.P1, Priority.P2)]
    fortnight = [i for i in rows if i.resolved_at is not None and i.resolved_at >= now - timedelta(days=14)]
    in_time = sum(bool(i.resolution_met(now)) for i in fortnight)
    share = round(100 * in_time / len(fortnight)) if fortnight else None
    week = [i for i in rows if i.reported_at >= now - timedelta(days=7)]
    per_day = round(len(week) / 7, 1)
    return [
        (_("No P1 or P2 incident open"), not serious, str(len(serious))),
        (
            _("At least %(n)d %% of the last fortnight's incidents resolved in time", n=EXIT_MET_SHARE),
            share is not None and share >= EXIT_MET_SHARE,
            f"{share} %" if share is not None else _("none resolved yet"),
        ),
        (
            _("At most %(n)d new incidents a day over the last week", n=EXIT_NEW_PER_DAY),
            per_day <= EXIT_NEW_PER_DAY,
            str(per_day),
        ),
    ]


INCIDENTS = ProjectRows(
    Incident, rows=incidents, create=create_incident, update=update_incident, options=(joinedload(Incident.owner),)
)
