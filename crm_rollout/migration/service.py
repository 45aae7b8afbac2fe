"""Migration objects and their loads, and how each object stands across them. Services flush; views commit."""

from dataclasses import dataclass

from flask import g
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload, selectinload

from crm_rollout.core.checks import number_between, one_of, required_text
from crm_rollout.core.editing import check_version, create_row, singleton_of, update_fields, update_singleton
from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.core.graphs import reaches
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.limits import INT_MAX
from crm_rollout.core.lookup import ProjectRows, belongs_to
from crm_rollout.migration.labels import LoadKind, WorkStatus
from crm_rollout.migration.models import (
    DEFAULT_TOLERANCE,
    MigrationDependency,
    MigrationLoad,
    MigrationObject,
    MigrationSettings,
)
from crm_rollout.team.models import Person

OBJECT_FIELDS = ("name", "source_system", "owner_id", "sequence", "mapping_status", "cleansing_status", "load_rules")
COUNTS = ("extracted", "cleansed", "loaded", "rejected", "duplicates")
LOAD_FIELDS = (
    "object_id",
    "kind",
    "run_on",
    *COUNTS,
    "source_count",
    "target_count",
    "source_amount",
    "target_amount",
    "rejection_reasons",
    "notes",
)
MAX_REASONS = 50


def _validate_object(project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "name", _("Name the object, as the business calls it (accounts, open orders …)."), errors)
    if not belongs_to(Person, project_id, values.get("owner_id")):
        errors["owner_id"] = _("Choose a person of this project's team.")
    number_between(values, "sequence", 0, 9999, errors, optional=True)
    one_of(values, "mapping_status", WorkStatus, errors)
    one_of(values, "cleansing_status", WorkStatus, errors)
    return errors


def _validate_load(project_id: int, values: dict) -> dict:
    errors = {}
    if not belongs_to(MigrationObject, project_id, values.get("object_id")):
        errors["object_id"] = _("Choose an object of this project.")
    one_of(values, "kind", LoadKind, errors)
    if values.get("run_on") is None:
        errors["run_on"] = _("Say on which day the load ran.")
    for name in (*COUNTS, "source_count", "target_count"):
        number_between(values, name, 0, INT_MAX, errors, optional=name not in COUNTS)
    for name in ("source_amount", "target_amount"):
        number_between(values, name, -1e15, 1e15, errors, optional=True)
    counts = [values.get(name) or 0 for name in ("extracted", "loaded", "rejected")]
    if all(isinstance(n, int) for n in counts) and counts[1] + counts[2] > counts[0]:
        errors["loaded"] = _("Loaded and rejected records cannot be more than those extracted.")
    reasons = values.get("rejection_reasons")
    if reasons is not None and not _reasons_ok(reasons):
        errors["rejection_reasons"] = _("Give up to %(n)d reasons, each with a whole number of records.", n=MAX_REASONS)
    return errors


def _reasons_ok(reasons) -> bool:
    return (
        isinstance(reasons, dict)
        and len(reasons) <= MAX_REASONS
        and all(
            isinstance(k, str) and 0 < len(k.strip()) <= 200 and isinstance(v, int) and 0 <= v <= INT_MAX
            for k, v in reasons.items()
        )
    )


def create_object(project_id: int, **values) -> MigrationObject:
    values = {n: values.get(n) for n in OBJECT_FIELDS}
    return create_row(MigrationObject, project_id, values, validate=_validate_object)


def update_object(row: MigrationObject, *, expected_version, changes: dict) -> MigrationObject:
    return update_fields(
        row, OBJECT_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_object
    )


def set_dependencies(row: MigrationObject, depends_on_ids, *, expected_version) -> MigrationObject:
    """Replace what the object is loaded after; an object cannot wait for itself, even through others."""
    check_version(row, expected_version)
    wanted = {int(i) for i in depends_on_ids}
    graph = _dependency_graph(row.project_id) | {row.id: wanted}
    if wanted - set(graph) or any(not belongs_to(MigrationObject, row.project_id, i) for i in wanted):
        raise ValidationFailed({"depends_on": _("Choose objects of this project.")})
    if reaches(graph, row.id, row.id):
        raise ValidationFailed({"depends_on": _("That would make the object wait for itself.")})
    db.session.execute(delete(MigrationDependency).where(MigrationDependency.object_id == row.id))
    db.session.add_all(
        MigrationDependency(project_id=row.project_id, object_id=row.id, depends_on_id=i) for i in sorted(wanted)
    )
    row.version += 1  # a change of the object: a concurrent edit from the older version is a conflict
    db.session.flush()
    db.session.expire(row, ["dependencies"])
    return row


def _dependency_graph(project_id: int) -> dict[int, set[int]]:
    graph = {
        i: set() for i in db.session.scalars(select(MigrationObject.id).where(MigrationObject.project_id == project_id))
    }
    for object_id, depends_on_id in db.session.execute(
        select(MigrationDependency.object_id, MigrationDependency.depends_on_id).where(
            MigrationDependency.project_id == project_id
        )
    ):
        graph[object_id].add(depends_on_id)
    return graph


def create_load(project_id: int, **values) -> MigrationLoad:
    """A load; counts not given are none (0)."""
    values = {n: values.get(n) for n in LOAD_FIELDS} | {n: values.get(n) or 0 for n in COUNTS}
    return create_row(MigrationLoad, project_id, values, validate=_validate_load)


def update_load(load: MigrationLoad, *, expected_version, changes: dict) -> MigrationLoad:
    return update_fields(load, LOAD_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_load)


def tolerance(project_id: int) -> float:
    """The project's tolerance, read once a request (a list of loads asks it for every load)."""
    known = g.setdefault("migration_tolerances", {})
    if project_id not in known:
        found = db.session.scalar(
            select(MigrationSettings.tolerance_percent).where(MigrationSettings.project_id == project_id)
        )
        known[project_id] = found if found is not None else DEFAULT_TOLERANCE
    return known[project_id]


def settings_version(project_id: int) -> int:
    """The version a tolerance edit is made from: 0 before the first one."""
    row = singleton_of(MigrationSettings, project_id)
    return row.version if row else 0


def _validate_settings(_project_id: int, values: dict) -> dict:
    errors = {}
    number_between(values, "tolerance_percent", 0, 20, errors)
    return errors


def set_tolerance(project_id: int, tolerance_percent, *, expected_version) -> MigrationSettings:
    row = update_singleton(
        MigrationSettings,
        project_id,
        ("tolerance_percent",),
        expected_version=expected_version,
        changes={"tolerance_percent": tolerance_percent},
        validate=_validate_settings,
    )
    g.setdefault("migration_tolerances", {})[project_id] = row.tolerance_percent
    return row


def objects(project_id: int) -> list[MigrationObject]:
    """The project's objects in load order, with owners, dependencies and loads: four queries."""
    return db.session.scalars(
        select(MigrationObject)
        .options(
            joinedload(MigrationObject.owner),
            selectinload(MigrationObject.loads),
            selectinload(MigrationObject.dependencies).joinedload(MigrationDependency.depends_on),
        )
        .where(MigrationObject.project_id == project_id)
        .order_by(MigrationObject.sequence, MigrationObject.name, MigrationObject.id)
        .execution_options(populate_existing=True)  # loads added in this session show
    ).all()


def loads(project_id: int) -> list[MigrationLoad]:
    return db.session.scalars(
        select(MigrationLoad)
        .where(MigrationLoad.project_id == project_id)
        .order_by(MigrationLoad.run_on, MigrationLoad.id)
    ).all()


# --- How each object stands -------------------------------------------------------------------------


@dataclass
class Standing:
    object: MigrationObject
    loads: list  # [(load, reconciles)] in the order they ran
    error_trend: str | None  # "falling", "rising", "flat" over the last two loads; None before two
    ready: bool
    waits_for_later: list  # dependencies placed later in the load order: a planning mistake to fix
    reasons: dict  # the latest load's rejections by reason, most first

    @property
    def last(self):
        return self.loads[-1][0] if self.loads else None

    def reconciled_in_last(self, kind: str) -> bool | None:
        of_kind = [reconciles for load, reconciles in self.loads if load.kind == kind]
        return of_kind[-1] if of_kind else None


def standings(project_id: int) -> tuple[list[Standing], float]:
    """Each object across its loads, and the tolerance they are held to."""
    limit = tolerance(project_id)
    found = []
    rows = objects(project_id)
    for row in rows:
        runs = [(load, load.reconciles(limit)) for load in row.loads]
        rates = [load.error_rate for load, _ in runs if load.error_rate is not None]
        trend = None
        if len(rates) >= 2:
            trend = "falling" if rates[-1] < rates[-2] else "rising" if rates[-1] > rates[-2] else "flat"
        last = runs[-1] if runs else None
        ready = (
            row.mapping_status == WorkStatus.DONE
            and row.cleansing_status == WorkStatus.DONE
            and last is not None
            and last[1] is True
        )
        later = [d.depends_on for d in row.dependencies if d.depends_on.sequence > row.sequence]
        reasons = dict(sorted((last[0].rejection_reasons or {}).items(), key=lambda kv: -kv[1])) if last else {}
        found.append(Standing(row, runs, trend, ready, later, reasons))
    return found, limit


def parse_reasons(text: str) -> dict:
    """Lines "reason: count" (or "reason = count", "reason：count") as {reason: count}; a line without a
    count counts one record. Repeated reasons add up."""
    reasons = {}
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        for separator in (":", "：", "="):
            head, found, tail = line.rpartition(separator)
            if found and tail.strip().isdigit():
                reason, count = head.strip(), int(tail.strip())
                break
        else:
            reason, count = line, 1
        reasons[reason] = reasons.get(reason, 0) + count
    return reasons


def reasons_text(reasons: dict) -> str:
    return "\n".join(f"{reason}: {count}" for reason, count in (reasons or {}).items())


_WITH_LOADS = (selectinload(MigrationObject.loads), selectinload(MigrationObject.dependencies))
OBJECTS = ProjectRows(MigrationObject, rows=objects, create=create_object, update=update_object, options=_WITH_LOADS)


LOADS = ProjectRows(MigrationLoad, rows=loads, create=create_load, update=update_load)
