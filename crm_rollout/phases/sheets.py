"""The checklist and the deliverables as workbooks: all phases, or one (`?phase=N`)."""

from crm_rollout.core.errors import NotFound, ValidationFailed
from crm_rollout.core.i18n import gettext as _
from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.i18n import localized
from crm_rollout.core.permissions import EDIT_CHECKLIST
from crm_rollout.core.sheet_cells import names
from crm_rollout.core.sheets import ID, Column, Sheet, columns_of, import_of, offer, reference
from crm_rollout.phases import changing, service
from crm_rollout.phases.models import ChecklistItem, Deliverable
from crm_rollout.team import service as team

PHASE = (
    Column(_l("Phase"), lambda row: row.phase.number, "phase", "int"),
    Column(_l("Phase name"), lambda row: localized(row.phase, "name")),
)


def _in_phase(rows, phase: int | None) -> list:
    return [row for row in rows if phase is None or row.phase.number == phase]


def _item_changes(values: dict) -> dict:
    """The file's fields as update_item takes them (the responsible person as `person`)."""
    changes = {name: value for name, value in values.items() if name != "phase"}
    if "person_id" in changes:
        changes["person"] = changes.pop("person_id")
    return changes


def _add_item(project_id: int, **values) -> ChecklistItem:
    try:
        phase = service.get_phase(project_id, values.get("phase"))
    except NotFound:
        raise ValidationFailed({"phase": _("Give the number of one of the project's phases.")}) from None
    title = values.get("title_zh") or values.get("title_en") or ""
    locale = "zh" if values.get("title_zh") else "en"
    item = changing.add_item(phase, title=title, locale=locale, mandatory=bool(values.get("mandatory")))
    rest = {k: v for k, v in _item_changes(values).items() if v not in (None, "") and k != "mandatory"}
    return changing.update_item(item, expected_version=item.version, changes=rest) if rest else item


def _update_item(item: ChecklistItem, *, expected_version: int | None, changes: dict) -> ChecklistItem:
    if "phase" in changes:
        raise ValidationFailed({"phase": _("An item stays in its phase; add it anew in the other phase.")})
    return changing.update_item(item, expected_version=expected_version, changes=_item_changes(changes))


ITEM_IMPORT = import_of(
    service.ITEMS,
    EDIT_CHECKLIST,
    ("phase", "title_zh", "title_en", "mandatory", "status", "person_id", "due_date", "notes"),
    create=_add_item,
    update=_update_item,
    references=lambda project_id: {"person_id": names(team.people(project_id))},
    same_as="title_zh",
)

offer(
    Sheet(
        "checklist",
        _l("Checklist"),
        (
            ID,
            *PHASE,
            *columns_of(ChecklistItem, "title_zh", "title_en", "mandatory", "status"),
            reference(ChecklistItem, "person_id"),
            *columns_of(ChecklistItem, "due_date", "notes"),
        ),
        lambda project_id, phase: _in_phase(service.project_items(project_id), phase),
        by_phase=True,
        importer=ITEM_IMPORT,
        page="projects.overview",
    )
)
offer(
    Sheet(
        "deliverables",
        _l("Deliverables"),
        (
            ID,
            *PHASE,
            *columns_of(Deliverable, "title_zh", "title_en", "status"),
            reference(Deliverable, "person_id"),
            *columns_of(Deliverable, "reference"),
        ),
        lambda project_id, phase: _in_phase(service.project_deliverables(project_id), phase),
        by_phase=True,
    )
)
