"""The checklist and the deliverables as workbooks: all phases, or one (`?phase=N`)."""

from flask_babel import lazy_gettext as _l

from crm_rollout.core.i18n import localized
from crm_rollout.core.sheets import Column, Sheet, columns_of, offer, reference
from crm_rollout.phases import service
from crm_rollout.phases.models import ChecklistItem, Deliverable

ID = Column("ID", lambda row: row.id)
PHASE = (
    Column(_l("Phase"), lambda row: row.phase.number),
    Column(_l("Phase name"), lambda row: localized(row.phase, "name")),
)


def _in_phase(rows, phase: int | None) -> list:
    return [row for row in rows if phase is None or row.phase.number == phase]


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
