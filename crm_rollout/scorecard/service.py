"""The benefits scorecard: KPIs against their targets, measured over time (also from CSV)."""

import functools
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from crm_rollout.core.db import today
from crm_rollout.core.editing import create_row, stripped, update_fields
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.limits import is_finite_number
from crm_rollout.core.lookup import ProjectRows
from crm_rollout.core.reads import plain_rows
from crm_rollout.methods import service as methods
from crm_rollout.scorecard.labels import Direction, Goal, Indicator, KpiState
from crm_rollout.scorecard.models import Kpi, Measurement
from crm_rollout.team import service as team

FIELDS = tuple(Kpi.audit_labels)  # everything the forms and the API edit


def kpis(project_id: int) -> list[Kpi]:
    return list(
        db.session.scalars(
            select(Kpi)
            .options(selectinload(Kpi.measurements), joinedload(Kpi.owner))
            .where(Kpi.project_id == project_id)
            .order_by(Kpi.indicator_type, Kpi.name)
        )
    )


def baselines(project_id: int) -> list:
    """Each KPI's name and baseline date alone (rows), for the health index."""
    return plain_rows(_baselines_statement(), {"project_id": project_id}).all()


@functools.cache
def _baselines_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return (
        select(Kpi.name, Kpi.baseline_date)
        .where(Kpi.project_id == bindparam("project_id"))
        .order_by(Kpi.indicator_type, Kpi.name)
    )


def kpis_of_projects(project_ids: list[int]) -> list[Kpi]:
    """The KPIs of several projects (a programme's waves) with their measurements, in two queries."""
    return list(
        db.session.scalars(
            select(Kpi)
            .options(selectinload(Kpi.measurements))
            .where(Kpi.project_id.in_(project_ids))
            .order_by(Kpi.name, Kpi.project_id)
        )
    )


def starters(project, defined: list[Kpi]) -> list[dict]:
    """The indicators the project's method proposes that the project has not defined yet (by either name),
    each with the values that fill the new-indicator form."""
    names = {kpi.name.casefold() for kpi in defined}
    found = []
    for starter in methods.starter_kpis(project):
        name = f"{starter['name_zh']} · {starter['name_en']}"  # stored once, read in both languages
        if not {starter["name_zh"].casefold(), starter["name_en"].casefold(), name.casefold()} & names:
            coded = {field: starter[field] for field in ("unit", "indicator_type", "goal_type", "direction")}
            found.append(starter | {"values": coded | {"name": name}})
    return found


def _validate(project_id: int, values: dict) -> dict:
    errors = {}
    if not isinstance(values.get("name"), str) or not values["name"].strip():
        errors["name"] = _("Name the indicator.")
    if values.get("indicator_type") not in Indicator.codes():
        errors["indicator_type"] = _("Choose lagging or leading.")
    if values.get("goal_type") not in Goal.codes():
        errors["goal_type"] = _("Choose an efficiency goal or a broad goal.")
    if values.get("direction") not in Direction.codes():
        errors["direction"] = _("Say whether higher or lower is better.")
    for name in ("baseline", "target"):
        if not is_finite_number(values.get(name)):
            errors[name] = _("Enter a number.")
    for name in ("baseline_date", "target_date"):
        if not isinstance(values.get(name), date):
            errors[name] = _("Enter a date as YYYY-MM-DD.")
    start, end = values.get("baseline_date"), values.get("target_date")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        errors["target_date"] = _("The target date comes before the baseline date.")
    if "baseline" not in errors and "target" not in errors and values["target"] == values["baseline"]:
        errors["target"] = _("A target equal to the baseline measures nothing.")
    owner = values.get("owner_id")
    if owner is not None and team.PEOPLE.project_of(owner) != project_id:
        errors["owner_id"] = _("Choose a person of this project's team.")
    return errors


def create_kpi(project_id: int, **values) -> Kpi:
    return create_row(Kpi, project_id, stripped({k: values.get(k) for k in FIELDS}), validate=_validate)


def update_kpi(kpi: Kpi, *, expected_version, changes: dict) -> Kpi:
    return update_fields(
        kpi,
        FIELDS,
        expected_version=expected_version,
        changes=changes,
        validate=_validate,
    )


def record(kpi: Kpi, *, measured_on: date, value: float, note: str = "") -> Measurement:
    """A measurement; a second one on the same day replaces the first."""
    if not isinstance(measured_on, date):
        raise ValidationFailed({"measured_on": _("Enter a date as YYYY-MM-DD.")})
    if not is_finite_number(value):
        raise ValidationFailed({"value": _("Enter a number.")})
    existing = next((m for m in kpi.measurements if m.measured_on == measured_on), None)
    if existing is not None:
        existing.value, existing.note = float(value), (note or "").strip()[:300]
        db.session.flush()
        return existing
    measurement = Measurement(
        project_id=kpi.project_id, measured_on=measured_on, value=float(value), note=(note or "").strip()[:300]
    )
    kpi.measurements.append(measurement)
    db.session.flush()
    return measurement


@dataclass
class KpiStatus:
    latest: float | None
    progress: float | None  # share of the way from baseline to target, 0–1 and beyond
    expected: float  # share of the time from baseline date to target date that has passed
    status: str  # achieved | on_track | behind | no_data


def status(kpi: Kpi, on: date | None = None) -> KpiStatus:
    """On track when the KPI has come at least as far towards its target as time has towards its date
    (a 10 % tolerance); direction decides what "towards" means."""
    on = on or today()
    latest = kpi.measurements[-1].value if kpi.measurements else None
    span = (kpi.target_date - kpi.baseline_date).days or 1
    expected = min(max((on - kpi.baseline_date).days / span, 0.0), 1.0)
    if latest is None:
        return KpiStatus(None, None, expected, KpiState.NO_DATA)
    progress = (latest - kpi.baseline) / (kpi.target - kpi.baseline)
    if progress >= 1:
        state = KpiState.ACHIEVED
    elif progress >= expected - 0.1:
        state = KpiState.ON_TRACK
    else:
        state = KpiState.BEHIND
    return KpiStatus(latest, round(progress, 3), round(expected, 3), state)


# What the next wave of a programme takes over: the indicator as defined, not its owner or measurements.
DEFINITION = (
    "name",
    "indicator_type",
    "goal_type",
    "unit",
    "baseline",
    "target",
    "direction",
    "data_source",
    "summable",
)


def carried_to_wave(source, target) -> int:
    """The earlier wave's KPI definitions, with their baseline and target as a starting point: the new wave
    measures its own baseline from its start and keeps its target date, so no measurement is carried."""
    start = target.start_date or today()
    end = target.target_golive_date or start
    copied = 0
    for kpi in kpis(source.id):
        span = kpi.target_date - kpi.baseline_date
        db.session.add(
            Kpi(
                project_id=target.id,
                baseline_date=start,
                target_date=max(end, start + span),
                **{name: getattr(kpi, name) for name in DEFINITION},
            )
        )
        copied += 1
    db.session.flush()
    return copied


KPIS = ProjectRows(Kpi, rows=kpis, create=create_kpi, update=update_kpi, options=(selectinload(Kpi.measurements),))
