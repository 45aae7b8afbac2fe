"""The risk register's rules: scoring, the proposed catalogue, accepting and dismissing, heat maps."""

import functools
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.db import today
from crm_rollout.core.editing import check_version, create_row, stripped, update_fields
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.core.paging import Page, page_of, paged
from crm_rollout.core.reads import plain_rows
from crm_rollout.methodology import risk_catalogue
from crm_rollout.phases.models import ChecklistItem, Phase
from crm_rollout.risks.labels import LIVE_RISK_STATUSES, RiskCategory, RiskKind, RiskStatus
from crm_rollout.risks.models import HIGH_SCORE, Risk
from crm_rollout.steering.models import Decision
from crm_rollout.team import service as team
from crm_rollout.team.models import Person

FIELDS = tuple(f for f in Risk.audit_labels if f != "dismissed_reason")  # dismissing has its own rule
SCALE = range(1, 6)
RISKS_PER_PAGE = 50  # as the checklist: a screenful or two; a heavier page was slower to send than to read


def risks(project_id: int) -> list[Risk]:
    """The whole register, highest current score first: one query."""
    found = db.session.scalars(
        select(Risk).options(joinedload(Risk.owner).load_only(Person.name)).where(Risk.project_id == project_id)
    ).all()
    return sorted(found, key=lambda r: (-r.score, r.id))


def top_risks(project_id: int, limit: int = 5) -> list[Risk]:
    return [r for r in risks(project_id) if r.is_active][:limit]


def worst_of_projects(project_ids: list[int], limit: int = 8) -> list[Risk]:
    """The highest live risks across several projects (a programme's waves), in one query."""
    found = db.session.scalars(
        select(Risk)
        .options(joinedload(Risk.owner).load_only(Person.name))
        .where(Risk.project_id.in_(project_ids), Risk.status.in_(LIVE_RISK_STATUSES))
        .order_by(Risk.score.desc(), Risk.id)
        .limit(limit)
    ).all()
    return list(found)


def _live_high(query, project_id: int):
    """`query` narrowed to the project's live risks scoring HIGH_SCORE or more, highest first."""
    return query.where(
        Risk.project_id == project_id, Risk.status.in_(LIVE_RISK_STATUSES), Risk.score >= HIGH_SCORE
    ).order_by(Risk.score.desc(), Risk.id)


def open_high_risks(project_id: int) -> list[Risk]:
    """The live high risks, filtered in SQL."""
    return list(
        db.session.scalars(_live_high(select(Risk).options(joinedload(Risk.owner).load_only(Person.name)), project_id))
    )


def unmitigated_high(project_id: int) -> list[str]:
    """The titles of the live high risks with no mitigation written: two columns a risk."""
    rows = plain_rows(_unmitigated_statement(), {"project_id": project_id})
    return [title for title, mitigation in rows if not (mitigation or "").strip()]


@functools.cache
def _unmitigated_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): the overview runs it.
    return _live_high(select(Risk.title, Risk.mitigation), bindparam("project_id"))


HEAT_TITLES = 8  # a heat map's cell names its first risks on hover, and says how many there are


@dataclass
class HeatCell:
    count: int = 0
    titles: list = field(default_factory=list)  # the first HEAT_TITLES, oldest first


def heatmaps(project_id: int) -> tuple[list, list]:
    """The current and the residual 5×5 grids (rows impact 5→1, columns probability 1→5) of the live risks:
    each cell counted in SQL, with its first titles, so that a register of thousands sends no more."""
    grids = []
    for grid in ("current", "residual"):
        cells = [[HeatCell() for _p in SCALE] for _i in SCALE]
        for probability, impact, count, title in db.session.execute(_heat_statement(grid), {"project_id": project_id}):
            cell = cells[5 - impact][probability - 1]
            cell.count = count
            cell.titles.append(title)
        grids.append(cells)
    return grids[0], grids[1]


@functools.cache
def _heat_statement(grid: str):
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every register page runs it for each grid.
    probability, impact = (
        (Risk.probability, Risk.impact) if grid == "current" else (Risk.residual_probability, Risk.residual_impact)
    )
    cell = (probability, impact)
    placed = (
        select(
            probability.label("probability"),
            impact.label("impact"),
            func.count().over(partition_by=cell).label("count"),
            func.row_number().over(partition_by=cell, order_by=Risk.id).label("rank"),
            Risk.title,
        )
        .where(
            Risk.project_id == bindparam("project_id"),
            Risk.status.in_(LIVE_RISK_STATUSES),
            probability.is_not(None),
            impact.is_not(None),
        )
        .subquery()
    )
    return (
        select(placed.c.probability, placed.c.impact, placed.c["count"], placed.c.title)
        .where(placed.c.rank <= HEAT_TITLES)
        .order_by(placed.c.probability, placed.c.impact, placed.c.rank)
    )


def register_page(project_id: int, kind: str | None, number: int) -> Page:
    """One page of the register (neither proposed nor dismissed), highest current score first."""
    count, rows = _register_statements(bool(kind))
    values = {"project_id": project_id, "kind": kind}
    return page_of(rows, values, db.session.scalar(count, values), number, RISKS_PER_PAGE)


@functools.cache
def _register_statements(by_kind: bool) -> tuple:
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every register page runs them.
    shown = [
        Risk.project_id == bindparam("project_id"),
        Risk.status.not_in((RiskStatus.PROPOSED, RiskStatus.DISMISSED)),
        *([Risk.kind == bindparam("kind")] if by_kind else []),
    ]
    count = select(func.count()).select_from(Risk).where(*shown)
    rows = select(Risk).options(joinedload(Risk.owner).load_only(Person.name)).where(*shown)
    return count, paged(rows.order_by(Risk.score.desc(), Risk.id))


def risks_in(project_id: int, status: str) -> list[Risk]:
    """The proposed (or the dismissed) risks: the few the catalogue proposed, to triage."""
    return list(
        db.session.scalars(select(Risk).where(Risk.project_id == project_id, Risk.status == status).order_by(Risk.id))
    )


def overdue_reviews(project_id: int) -> int:
    """How many live risks are past their review date."""
    return db.session.scalar(
        select(func.count())
        .select_from(Risk)
        .where(Risk.project_id == project_id, Risk.status.in_(LIVE_RISK_STATUSES), Risk.review_date < today())
    )


def _validate(project_id: int, values: dict) -> dict:
    errors = {}
    title = values.get("title")
    if not isinstance(title, str) or not title.strip():
        errors["title"] = _("Name the risk.")
    if values.get("kind", "risk") not in RiskKind.codes():
        errors["kind"] = _("Choose risk or issue.")
    if values.get("category", "other") not in RiskCategory.codes():
        errors["category"] = _("Choose a category.")
    if values.get("status", RiskStatus.OPEN) not in RiskStatus.codes():
        errors["status"] = _("Choose a status.")
    for name in ("probability", "impact"):
        if values.get(name) not in SCALE:
            errors[name] = _("Score it from 1 to 5.")
    for name in ("residual_probability", "residual_impact"):
        if values.get(name) is not None and values[name] not in SCALE:
            errors[name] = _("Score it from 1 to 5, or leave it empty.")
    if values.get("review_date") is not None and not isinstance(values["review_date"], date):
        errors["review_date"] = _("Enter a date as YYYY-MM-DD.")
    owner = values.get("owner_id")
    if owner is not None and team.PEOPLE.project_of(owner) != project_id:
        errors["owner_id"] = _("Choose a person of this project's team.")
    for name, model in (("phase_id", Phase), ("item_id", ChecklistItem), ("decision_id", Decision)):
        linked = values.get(name)
        if not belongs_to(model, project_id, linked):
            errors[name] = _("Choose one of this project's.")
    if values.get("status") == "dismissed":
        errors["status"] = _("Dismiss a proposed risk with its reason instead.")
    return errors


def create_risk(project_id: int, *, source_key: str = "", **values) -> Risk:
    values = stripped({k: values[k] for k in FIELDS if k in values})
    values.setdefault("probability", 3)
    values.setdefault("impact", 3)
    risk = create_row(Risk, project_id, values, validate=_validate, source_key=source_key)
    _tell_new_owner(risk, None)
    return risk


def update_risk(risk: Risk, *, expected_version, changes: dict) -> Risk:
    previous_owner_id = risk.owner_id
    update_fields(risk, FIELDS, expected_version=expected_version, changes=changes, validate=_validate)
    _tell_new_owner(risk, previous_owner_id)
    return risk


def _tell_new_owner(risk: Risk, previous_owner_id: int | None) -> None:
    link = ("risks.risk", {"project_id": risk.project_id, "risk_id": risk.id})
    team.tell_new_owner(risk, previous_owner_id, "risk_assigned", title=risk.title, link=link)


def accept(risk: Risk, *, expected_version) -> None:
    """A proposed risk joins the register."""
    if risk.status != "proposed":
        raise ValidationFailed({"status": _("Only proposed risks are accepted.")})
    check_version(risk, expected_version)
    risk.status = RiskStatus.OPEN
    db.session.flush()


def dismiss(risk: Risk, *, expected_version, reason: str) -> None:
    """A proposed risk that does not apply, with the reason kept."""
    if risk.status != "proposed":
        raise ValidationFailed({"status": _("Only proposed risks are dismissed; close the others.")})
    if not (reason or "").strip():
        raise ValidationFailed({"dismissed_reason": _("Say why this risk does not apply.")})
    check_version(risk, expected_version)
    risk.status = "dismissed"
    risk.dismissed_reason = reason.strip()
    db.session.flush()


def propose_catalogue(project_id: int, catalogue: list[dict] | None = None) -> list[Risk]:
    """The method's risk catalogue (Gartner's ten unless the method says otherwise), proposed for review, in
    both languages."""
    created = []
    for entry in risk_catalogue()["risks"] if catalogue is None else catalogue:
        risk = Risk(
            project_id=project_id,
            source_key=entry["key"],
            title=f"{entry['title_zh']} · {entry['title_en']}",
            cause=f"{entry['cause_zh']}\n{entry['cause_en']}",
            mitigation=f"{entry['mitigation_zh']}\n{entry['mitigation_en']}",
            category=entry["category"] if entry["category"] in RiskCategory.codes() else RiskCategory.OTHER,
            status="proposed",
        )
        db.session.add(risk)
        created.append(risk)
    db.session.flush()
    return created


RISKS = ProjectRows(Risk, rows=risks, create=create_risk, update=update_risk, options=(joinedload(Risk.owner),))
