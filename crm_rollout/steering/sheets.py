"""The decision log and the committee's actions as workbooks."""

from flask_babel import lazy_gettext as _l

from crm_rollout.core.sheets import Column, Sheet, columns_of, offer, reference
from crm_rollout.steering import actions, service
from crm_rollout.steering.models import Action, Decision

ID = Column("ID", lambda row: row.id)

offer(
    Sheet(
        "decisions",
        _l("Decisions log"),
        (
            ID,
            *columns_of(Decision, "decided_on", "text", "rationale", "decided_by"),
            reference(Decision, "phase_id", "number"),
            Column(_l("Meeting"), lambda d: d.meeting.title if d.meeting else None),
            Column(Decision.audit_labels["superseded_by_id"], lambda d: d.superseded_by_id),
        ),
        lambda project_id, _phase: service.decisions(project_id),
    )
)
offer(
    Sheet(
        "actions",
        _l("Actions"),
        (
            ID,
            *columns_of(Action, "title"),
            reference(Action, "owner_id"),
            *columns_of(Action, "due_date", "status"),
            Column(_l("Meeting"), lambda a: a.meeting.title if a.meeting else None),
        ),
        lambda project_id, _phase: actions.actions(project_id),
    )
)
