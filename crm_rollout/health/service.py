"""A project's health index: 100 less what each signal loses, green, amber or red, with a daily history."""

import functools
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, and_, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from crm_rollout.core.db import today as today_
from crm_rollout.core.extensions import db
from crm_rollout.core.reads import plain_rows
from crm_rollout.health import signals as health_signals
from crm_rollout.health.models import HealthSnapshot
from crm_rollout.health.signals import Reads
from crm_rollout.projects.models import Project

GREEN, AMBER = 75, 50  # an index at or above GREEN is green, at or above AMBER amber, below it red
HISTORY_DAYS = 120


@dataclass
class Index:
    score: int
    status: str  # green | amber | red
    signals: list  # of health.signals.Signal, the biggest loss first

    @property
    def explanation(self) -> list:
        """The signals that cost something, biggest first: what a director acts on."""
        return [s for s in self.signals if s.lost]


def status_of(score: int) -> str:
    return "green" if score >= GREEN else "amber" if score >= AMBER else "red"


def compute(project, *, day: date | None = None, reads: Reads | None = None) -> Index:
    """`reads`: what the caller has read already (the overview), so that nothing is read twice."""
    day = day or today_()
    reads = reads or Reads(project)
    found = health_signals.signals(reads, day, _values_on(project.id, health_signals.a_week_before(day)))
    score = max(0, 100 - sum(s.lost for s in found))
    return Index(score, status_of(score), sorted(found, key=lambda s: (-s.lost, s.key)))


def _values_on(project_id: int, day: date) -> dict:
    """Each signal's value in the latest snapshot on or before `day`, to tell a trend."""
    signals = plain_rows(_signals_on_statement(), {"project_id": project_id, "day": day}).scalar()
    return {s["key"]: s["value"] for s in signals} if signals else {}


@functools.cache
def _signals_on_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return (
        select(HealthSnapshot.signals)
        .where(HealthSnapshot.project_id == bindparam("project_id"), HealthSnapshot.day <= bindparam("day", type_=Date))
        .order_by(HealthSnapshot.day.desc())
        .limit(1)
    )


def record(project, index: Index, *, day: date | None = None) -> bool:
    """Keep the day's index (the first reading of a day, or the daily job); another reader who kept it first
    wins, so two readers at once never fail. False when the day's index was kept already."""
    day = day or today_()
    exists = select(HealthSnapshot.id).where(HealthSnapshot.project_id == project.id, HealthSnapshot.day == day)
    if db.session.scalar(exists) is not None:
        return False
    kept = [
        {"key": s.key, "weight": s.weight, "lost": s.lost, "value": s.value, "reason": s.reason} for s in index.signals
    ]
    try:
        with db.session.begin_nested():
            db.session.add(
                HealthSnapshot(project_id=project.id, day=day, score=index.score, status=index.status, signals=kept)
            )
    except IntegrityError:
        return False  # kept meanwhile by another reader
    return True


def history(project_id: int, *, days: int = HISTORY_DAYS) -> list[HealthSnapshot]:
    return db.session.scalars(
        select(HealthSnapshot)
        .where(HealthSnapshot.project_id == project_id, HealthSnapshot.day >= today_() - timedelta(days=days))
        .order_by(HealthSnapshot.day)
    ).all()


def scores(project_id: int, *, days: int = HISTORY_DAYS) -> list:
    """The history's days and scores alone (rows with `day` and `score`), for a trend line."""
    since = today_() - timedelta(days=days)
    return plain_rows(_scores_statement(), {"project_id": project_id, "since": since}).all()


@functools.cache
def _scores_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return (
        select(HealthSnapshot.day, HealthSnapshot.score)
        .where(
            HealthSnapshot.project_id == bindparam("project_id"),
            HealthSnapshot.day >= bindparam("since", type_=Date),
        )
        .order_by(HealthSnapshot.day)
    )


def latest_by_project(project_ids: list[int]) -> dict[int, HealthSnapshot]:
    """Each project's latest kept index, for the portfolio: one query."""
    if not project_ids:
        return {}
    latest = (
        select(HealthSnapshot.project_id, func.max(HealthSnapshot.day).label("day"))
        .where(HealthSnapshot.project_id.in_(project_ids))
        .group_by(HealthSnapshot.project_id)
        .subquery()
    )
    rows = db.session.scalars(
        select(HealthSnapshot).join(
            latest, and_(HealthSnapshot.project_id == latest.c.project_id, HealthSnapshot.day == latest.c.day)
        )
    ).all()
    return {row.project_id: row for row in rows}


def trend_points(snapshots: list, *, width: int = 240, height: int = 48) -> str:
    """The history as an SVG polyline's points: days across, the index (0–100) up; nothing before there
    are two days to join."""
    if len(snapshots) < 2:
        return ""
    first, last = snapshots[0].day, snapshots[-1].day
    span = max((last - first).days, 1)
    return " ".join(
        f"{round((s.day - first).days / span * width, 1)},{round(height - s.score / 100 * height, 1)}"
        for s in snapshots
    )


def record_all() -> int:
    """Keep today's index of every project (the daily job); returns how many were kept."""
    kept = 0
    for project in db.session.scalars(select(Project).order_by(Project.id)):
        if (
            db.session.scalar(
                select(HealthSnapshot.id).where(HealthSnapshot.project_id == project.id, HealthSnapshot.day == today_())
            )
            is None
        ):
            record(project, compute(project))
            kept += 1
    db.session.commit()
    return kept
