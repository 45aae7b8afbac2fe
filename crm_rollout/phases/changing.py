"""Changing phases, checklist items and deliverables: versioned edits, bulk edits, adding, removing, comments."""

from datetime import date

from sqlalchemy import select

from crm_rollout.core.db import utcnow
from crm_rollout.core.editing import check_version, next_position, update_fields
from crm_rollout.core.errors import NotFound, ValidationFailed, raise_if_errors
from crm_rollout.core.extensions import db
from crm_rollout.core.i18n import gettext as _
from crm_rollout.notifications.kinds import Kind
from crm_rollout.notifications.service import notify, tell_mentioned
from crm_rollout.phases.labels import FINISHED_ITEM_STATUSES, DeliverableStatus, ItemStatus
from crm_rollout.phases.models import (
    ChecklistItem,
    Comment,
    Deliverable,
    Phase,
)
from crm_rollout.projects.members import membership_for
from crm_rollout.team import service as team

MAX_NOTES = 10_000
MAX_TITLE = 300


def _title_error(title) -> str | None:
    if not isinstance(title, str) or not title.strip():
        return _("Enter a title.")
    if len(title) > MAX_TITLE:
        return _("Keep the title under %(n)d characters.", n=MAX_TITLE)
    return None


def _set_title(row, title: str, locale: str) -> None:
    """Write the title in the editor's language; a row with no text in the other language gets it too."""
    title = title.strip()
    if locale.startswith("zh"):
        row.title_zh = title
        row.title_en = row.title_en or title
    else:
        row.title_en = title
        row.title_zh = row.title_zh or title


def validate_item_changes(project_id: int, changes: dict) -> dict[str, str]:
    """Field -> message for every invalid value in `changes` (empty when all are valid)."""
    errors = {}
    if "status" in changes and changes["status"] not in ItemStatus.codes():
        errors["status"] = _("Choose one of: %(choices)s.", choices=", ".join(ItemStatus.codes()))
    if "owner" in changes and changes["owner"] is not None:
        owner = changes["owner"]
        if not isinstance(owner, int) or isinstance(owner, bool) or membership_for(project_id, owner) is None:
            errors["owner"] = _("The owner must be a member of this project.")
    if "person" in changes and changes["person"] is not None:
        person = changes["person"]
        if not isinstance(person, int) or isinstance(person, bool) or team.PEOPLE.project_of(person) != project_id:
            errors["person"] = _("Choose a person of this project's team.")
    if "due_date" in changes and changes["due_date"] is not None and not isinstance(changes["due_date"], date):
        errors["due_date"] = _("Enter a date as YYYY-MM-DD.")
    if "notes" in changes:
        if not isinstance(changes["notes"], str):
            errors["notes"] = _("Notes must be text.")
        elif len(changes["notes"]) > MAX_NOTES:
            errors["notes"] = _("Keep notes under %(n)d characters.", n=MAX_NOTES)
    for name in ("title", "title_zh", "title_en"):  # one language (forms, API) or both (a spreadsheet)
        if name in changes and (error := _title_error(changes[name])):
            errors[name] = error
    if "mandatory" in changes and not isinstance(changes["mandatory"], bool):
        errors["mandatory"] = _("Mandatory is yes or no.")
    return errors


def update_item(
    item: ChecklistItem, *, expected_version: int | None, changes: dict, locale: str = "en"
) -> ChecklistItem:
    """Apply `changes` (status, owner, due_date, notes, title, mandatory) if the caller's version is current."""
    errors = validate_item_changes(item.project_id, changes)
    raise_if_errors(errors)
    check_version(item, expected_version)
    if item.removed_at is not None:
        raise ValidationFailed({"item": _("This item has been removed; restore it first.")})
    previous_owner = item.owner_id
    for field, value in changes.items():
        if field == "title":
            _set_title(item, value, locale)
        elif field in ("owner", "person"):
            setattr(item, f"{field}_id", value)
        else:
            setattr(item, field, value)
    db.session.flush()
    _tell_new_owner(item, previous_owner)
    return item


def bulk_update_items(project_id: int, versions: dict[int, int], changes: dict) -> list[ChecklistItem]:
    """Apply the same changes to several items; all or none (one stale item refuses the lot)."""
    if not versions:
        raise ValidationFailed({"items": _("Select at least one item.")})
    if not changes:
        raise ValidationFailed({"changes": _("Choose what to change.")})
    errors = validate_item_changes(project_id, changes)
    raise_if_errors(errors)
    items = db.session.scalars(
        select(ChecklistItem).where(
            ChecklistItem.project_id == project_id,
            ChecklistItem.id.in_(versions),
            ChecklistItem.removed_at.is_(None),
        )
    ).all()
    if len(items) != len(versions):
        raise NotFound()
    for item in items:
        check_version(item, versions[item.id])
    for item in items:
        previous_owner = item.owner_id
        for field, value in changes.items():
            setattr(item, f"{field}_id" if field in ("owner", "person") else field, value)
        db.session.flush()
        _tell_new_owner(item, previous_owner)
    return list(items)


def add_item(
    phase: Phase,
    *,
    title: str,
    locale: str,
    owner: int | None = None,
    due_date: date | None = None,
    mandatory: bool = False,
) -> ChecklistItem:
    errors = validate_item_changes(phase.project_id, {"title": title, "owner": owner, "due_date": due_date})
    raise_if_errors(errors)
    item = ChecklistItem(
        project_id=phase.project_id,
        phase_id=phase.id,
        position=next_position(ChecklistItem.position, ChecklistItem.phase_id == phase.id),
        owner_id=owner,
        due_date=due_date,
        mandatory=mandatory,
    )
    _set_title(item, title, locale)
    db.session.add(item)
    db.session.flush()
    _tell_new_owner(item, None)
    return item


def _tell_new_owner(item: ChecklistItem, previous_owner: int | None) -> None:
    if item.owner_id is not None and item.owner_id != previous_owner:
        notify(
            Kind.ASSIGNED,
            "item_assigned",
            project_id=item.project_id,
            user_ids=[item.owner_id],
            subject=item,
            title=_titles(item),
            link=("phases.item", {"project_id": item.project_id, "item_id": item.id}),
        )


def _titles(item: ChecklistItem) -> dict:
    return {"zh": item.title_zh or "", "en": item.title_en or ""}


def set_removed(row, *, removed: bool, expected_version: int | None) -> None:
    """Remove (recorded, reversible) or restore an item or deliverable. Rows are never hard-deleted."""
    check_version(row, expected_version)
    row.removed_at = utcnow() if removed else None
    db.session.flush()


def add_comment(item: ChecklistItem, *, author_id: int, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        raise ValidationFailed({"body": _("Write a comment first.")})
    if len(body) > MAX_NOTES:
        raise ValidationFailed({"body": _("Keep comments under %(n)d characters.", n=MAX_NOTES)})
    comment = Comment(project_id=item.project_id, item_id=item.id, author_id=author_id, body=body)
    db.session.add(comment)
    db.session.flush()
    link = ("phases.item", {"project_id": item.project_id, "item_id": item.id})
    tell_mentioned(item.project_id, body, subject=item, title=_titles(item), link=link)
    return comment


def update_deliverable(
    deliverable: Deliverable, *, expected_version: int | None, changes: dict, locale: str = "en"
) -> Deliverable:
    errors = {}
    if "status" in changes and changes["status"] not in DeliverableStatus.codes():
        errors["status"] = _("Choose one of: %(choices)s.", choices=", ".join(DeliverableStatus.codes()))
    if "reference" in changes and len(changes["reference"] or "") > 500:
        errors["reference"] = _("Keep the link or reference under 500 characters.")
    for name in ("title", "title_zh", "title_en"):  # one language (forms, API) or both (a spreadsheet)
        if name in changes and (error := _title_error(changes[name])):
            errors[name] = error
    person = changes.get("person")
    if person is not None and team.PEOPLE.project_of(person) != deliverable.project_id:
        errors["person"] = _("Choose a person of this project's team.")
    raise_if_errors(errors)
    check_version(deliverable, expected_version)
    for field, value in changes.items():
        if field == "title":
            _set_title(deliverable, value, locale)
        elif field == "person":
            deliverable.person_id = value
        else:
            setattr(deliverable, field, (value or "").strip() if field == "reference" else value)
    db.session.flush()
    return deliverable


def add_deliverable(phase: Phase, *, title: str, locale: str) -> Deliverable:
    if error := _title_error(title):
        raise ValidationFailed({"title": error})
    position = next_position(Deliverable.position, Deliverable.phase_id == phase.id)
    deliverable = Deliverable(project_id=phase.project_id, phase_id=phase.id, position=position)
    _set_title(deliverable, title, locale)
    db.session.add(deliverable)
    db.session.flush()
    return deliverable


PHASE_DATES = ("planned_start", "planned_end", "actual_start", "actual_end")


def update_phase(phase: Phase, *, expected_version: int | None, changes: dict) -> Phase:
    """Planned and actual dates of a phase (its status moves only through gates.service)."""
    if "status" in changes:
        raise ValidationFailed({"status": _("A phase starts and closes through its gate.")})
    return update_fields(phase, PHASE_DATES, expected_version=expected_version, changes=changes, validate=_dates_errors)


def _dates_errors(_project_id: int, dates: dict) -> dict:
    errors = {}
    if dates["planned_start"] and dates["planned_end"] and dates["planned_end"] < dates["planned_start"]:
        errors["planned_end"] = _("The planned end comes before the planned start.")
    if dates["actual_start"] and dates["actual_end"] and dates["actual_end"] < dates["actual_start"]:
        errors["actual_end"] = _("The actual end comes before the actual start.")
    return errors


def take_role_items(project_id: int, user_id: int, role: str) -> None:
    """The open items the method gives the role and nobody owns yet go to the member who joins with it."""
    items = db.session.scalars(
        select(ChecklistItem).where(
            ChecklistItem.project_id == project_id,
            ChecklistItem.owner_role == role,
            ChecklistItem.owner_id.is_(None),
            ChecklistItem.removed_at.is_(None),
            ChecklistItem.status.not_in(FINISHED_ITEM_STATUSES),
        )
    )
    for item in items:
        item.owner_id = user_id
    db.session.flush()


def unassign_owner(project_id: int, user_id: int) -> None:
    """Clear the owner of the user's items in the project (when they leave it)."""
    items = db.session.scalars(
        select(ChecklistItem).where(ChecklistItem.project_id == project_id, ChecklistItem.owner_id == user_id)
    )
    for item in items:
        item.owner_id = None
    db.session.flush()
