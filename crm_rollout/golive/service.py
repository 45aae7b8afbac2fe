"""Go/no-go: the criteria as they stand, owned criteria confirmed by their owners, waivers by steering
decision, and the frozen packs the committee decides on. Services flush; views commit."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from crm_rollout.core.checks import number_between, one_of, required_text
from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version, create_row, update_fields, update_singleton
from crm_rollout.core.errors import ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.lookup import ProjectRows, belongs_to, get_in_project, project_id_of
from crm_rollout.golive import criteria as computed_criteria
from crm_rollout.golive.labels import Outcome
from crm_rollout.golive.models import DEFAULT_TRAINED_TARGET, GoLiveSettings, GoNoGoPack, OwnedCriterion, Waiver
from crm_rollout.projects.models import Project
from crm_rollout.reports.service import canonical_hash
from crm_rollout.steering import service as steering
from crm_rollout.steering.models import Decision, Meeting
from crm_rollout.team.models import Person

OWNED_FIELDS = ("title", "owner_id")
OWNED_KEY = "owned:%d"


# --- Targets -----------------------------------------------------------------------------------------------


def settings_of(project_id: int) -> GoLiveSettings | None:
    return db.session.scalar(select(GoLiveSettings).where(GoLiveSettings.project_id == project_id))


def trained_target(project_id: int) -> int:
    found = settings_of(project_id)
    return found.trained_target if found else DEFAULT_TRAINED_TARGET


def _validate_settings(_project_id: int, values: dict) -> dict:
    errors = {}
    number_between(values, "trained_target", 0, 100, errors, optional=True)
    return errors


def update_settings(project_id: int, *, expected_version, changes: dict) -> GoLiveSettings:
    return update_singleton(
        GoLiveSettings,
        project_id,
        ("trained_target",),
        expected_version=expected_version,
        changes=changes,
        validate=_validate_settings,
    )


# --- Criteria owned by a person ------------------------------------------------------------------------------


def _validate_owned(project_id: int, values: dict) -> dict:
    errors = {}
    required_text(values, "title", _("Say what must be true before go-live."), errors)
    if values.get("owner_id") is None:
        errors["owner_id"] = _("Name who confirms it.")
    elif not belongs_to(Person, project_id, values.get("owner_id")):
        errors["owner_id"] = _("Choose a person of this project's team.")
    return errors


def create_owned(project_id: int, **values) -> OwnedCriterion:
    values = {n: values.get(n) for n in OWNED_FIELDS}
    return create_row(OwnedCriterion, project_id, values, validate=_validate_owned)


def update_owned(row: OwnedCriterion, *, expected_version, changes: dict) -> OwnedCriterion:
    owner_before = row.owner_id
    update_fields(row, OWNED_FIELDS, expected_version=expected_version, changes=changes, validate=_validate_owned)
    if row.owner_id != owner_before:  # a new owner confirms afresh
        row.confirmed_at, row.confirmed_by_id = None, None
    db.session.flush()
    return row


def owned(project_id: int) -> list[OwnedCriterion]:
    return db.session.scalars(
        select(OwnedCriterion)
        .options(joinedload(OwnedCriterion.owner), joinedload(OwnedCriterion.confirmed_by))
        .where(OwnedCriterion.project_id == project_id)
        .order_by(OwnedCriterion.id)
    ).all()


def confirm(row: OwnedCriterion, *, user_id: int, comment: str, confirmed: bool, expected_version) -> OwnedCriterion:
    """Only the named owner confirms (or withdraws a confirmation), always with a comment."""
    check_version(row, expected_version)
    if row.owner is None or row.owner.user_id != user_id:
        raise ValidationFailed({"comment": _("Only the criterion's owner confirms it.")})
    if confirmed and not (comment or "").strip():
        raise ValidationFailed({"comment": _("Say what shows it is true.")})
    row.comment = (comment or "").strip()
    row.confirmed_at, row.confirmed_by_id = (utcnow(), user_id) if confirmed else (None, None)
    db.session.flush()
    return row


# --- Waivers ---------------------------------------------------------------------------------------------------


def waivers(project_id: int) -> dict[str, Waiver]:
    rows = db.session.scalars(
        select(Waiver).options(joinedload(Waiver.decision)).where(Waiver.project_id == project_id)
    ).all()
    return {w.criterion_key: w for w in rows}


def _waiver(project_id: int, criterion_key: str) -> Waiver | None:
    return db.session.scalar(
        select(Waiver).where(Waiver.project_id == project_id, Waiver.criterion_key == criterion_key)
    )


def waive(project_id: int, criterion_key: str, decision_id) -> Waiver:
    """Set a criterion aside; the decision that says why must already be in the decision log."""
    known = {c["key"] for c in criteria(project_id, with_waivers=False)}
    if criterion_key not in known:
        raise ValidationFailed({"criterion_key": _("Choose one of the criteria.")})
    if not belongs_to(Decision, project_id, decision_id) or decision_id is None:
        raise ValidationFailed({"decision_id": _("Choose the steering decision that waives it.")})
    row = _waiver(project_id, criterion_key)
    if row is None:
        row = Waiver(project_id=project_id, criterion_key=criterion_key)
        db.session.add(row)
    row.decision_id = decision_id
    db.session.flush()
    return row


def withdraw_waiver(project_id: int, criterion_key: str) -> None:
    row = _waiver(project_id, criterion_key)
    if row is None:
        raise ValidationFailed({"criterion_key": _("That criterion is not waived.")})
    db.session.delete(row)
    db.session.flush()


# --- All criteria, and the packs -------------------------------------------------------------------------


def _owned_criterion(row: OwnedCriterion) -> dict:
    return {
        "key": OWNED_KEY % row.id,
        "label": row.title,
        "met": row.confirmed_at is not None,
        "count": "✔" if row.confirmed_at else "—",
        "open": []
        if row.confirmed_at
        else [_("Waiting for %(owner)s to confirm.", owner=row.owner.name if row.owner else "—")],
        "source": "owner",
        "owner": row.owner.name if row.owner else None,
        "comment": row.comment,
        "confirmed_at": row.confirmed_at.isoformat() if row.confirmed_at else None,
        "id": row.id,
    }


def criteria(project_id: int, *, with_waivers: bool = True) -> list[dict]:
    """Every criterion as it stands now: read from the data, then the owned ones; a waived one counts as met
    and names its decision."""
    project = db.session.get(Project, project_id)
    found = computed_criteria.computed(project, trained_target(project_id)) + [
        _owned_criterion(r) for r in owned(project_id)
    ]
    if with_waivers:
        waived = waivers(project_id)
        for criterion in found:
            waiver = waived.get(criterion["key"])
            criterion["waived_by"] = (
                {
                    "decision_id": waiver.decision_id,
                    "decided_on": waiver.decision.decided_on.isoformat(),
                    "text": waiver.decision.text,
                }
                if waiver
                else None
            )
    return found


def all_met(found: list[dict]) -> bool:
    return all(c["met"] or c.get("waived_by") for c in found)


def freeze(project_id: int, *, user_id: int) -> GoNoGoPack:
    """Freeze every criterion as it stands, with its SHA-256, for the committee's go/no-go meeting."""
    found = criteria(project_id)
    number = (
        db.session.scalar(select(func.max(GoNoGoPack.number)).where(GoNoGoPack.project_id == project_id)) or 0
    ) + 1
    moment = utcnow()
    content = {"number": number, "frozen_at": moment.isoformat(), "criteria": found, "all_met": all_met(found)}
    pack = GoNoGoPack(
        project_id=project_id,
        number=number,
        frozen_at=moment,
        frozen_by_id=user_id,
        content=content,
        content_hash=canonical_hash(content),
    )
    db.session.add(pack)
    db.session.flush()
    return pack


def verify(pack: GoNoGoPack) -> bool:
    return canonical_hash(pack.content) == pack.content_hash


def packs(project_id: int) -> list[GoNoGoPack]:
    return db.session.scalars(
        select(GoNoGoPack)
        .options(joinedload(GoNoGoPack.frozen_by), joinedload(GoNoGoPack.decision))
        .where(GoNoGoPack.project_id == project_id)
        .order_by(GoNoGoPack.number.desc())
    ).all()


def get_pack(project_id: int, pack_id: int) -> GoNoGoPack:
    return get_in_project(GoNoGoPack, project_id, pack_id, joinedload(GoNoGoPack.decision))


def project_id_of_pack(pack_id: int) -> int | None:
    return project_id_of(GoNoGoPack, pack_id)


def decide(
    pack: GoNoGoPack, *, outcome: str, rationale: str, meeting_id=None, decided_by: str = "", expected_version
) -> Decision:
    """Record the committee's go/no-go on this pack in the decision log; a pack is decided once."""
    check_version(pack, expected_version)
    errors = {}
    one_of({"outcome": outcome}, "outcome", Outcome, errors)
    if outcome == Outcome.PENDING:
        errors["outcome"] = _("Choose go, go with conditions or no go.")
    if outcome == Outcome.GO_WITH_CONDITIONS and not (rationale or "").strip():
        errors["rationale"] = _("Write the conditions.")
    if meeting_id is not None and not belongs_to(Meeting, pack.project_id, meeting_id):
        errors["meeting_id"] = _("Choose a meeting of this project.")
    if pack.outcome != Outcome.PENDING:
        errors["outcome"] = _("This pack has been decided; freeze a new one for a new decision.")
    raise_if_errors(errors)
    text = _(
        "Go-live: %(outcome)s, on go/no-go pack %(n)d (SHA-256 %(hash)s…)",
        outcome=Outcome(outcome).label,
        n=pack.number,
        hash=pack.content_hash[:12],
    )
    decision = steering.record_decision(
        pack.project_id,
        decided_on=utcnow().date(),
        text=text,
        rationale=(rationale or "").strip(),
        decided_by=decided_by,
        meeting_id=meeting_id,
    )
    pack.outcome, pack.decision_id = outcome, decision.id
    db.session.flush()
    return decision


def go_decided_on(project_id: int):
    """The day the committee said go (with or without conditions), or None."""
    return db.session.scalar(
        select(Decision.decided_on)
        .join(GoNoGoPack, GoNoGoPack.decision_id == Decision.id)
        .where(GoNoGoPack.project_id == project_id, GoNoGoPack.outcome.in_((Outcome.GO, Outcome.GO_WITH_CONDITIONS)))
        .order_by(Decision.decided_on.desc())
        .limit(1)
    )


OWNED_CRITERIA = ProjectRows(
    OwnedCriterion, rows=owned, create=create_owned, update=update_owned, options=(joinedload(OwnedCriterion.owner),)
)
