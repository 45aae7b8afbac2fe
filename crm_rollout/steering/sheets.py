"""The decision log and the committee's actions as workbooks."""

from crm_rollout.core.i18n import lazy_text as _l
from crm_rollout.core.permissions import MANAGE_STEERING
from crm_rollout.core.sheet_cells import names
from crm_rollout.core.sheets import ID, Column, Sheet, columns_of, import_of, offer, reference
from crm_rollout.steering import actions, service
from crm_rollout.steering.models import Action, Decision
from crm_rollout.team import service as team


def _add_action(project_id: int, **values) -> Action:
    action = actions.create_action(
        project_id, title=values.get("title", ""), owner_id=values.get("owner_id"), due_date=values.get("due_date")
    )
    if values.get("status") not in (None, action.status):
        actions.update_action(action, expected_version=action.version, changes={"status": values["status"]})
    return action


ACTION_IMPORT = import_of(
    actions.ACTIONS,
    MANAGE_STEERING,
    actions.ACTION_FIELDS,
    create=_add_action,
    references=lambda project_id: {"owner_id": names(team.people(project_id))},
    same_as="title",
)

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
        importer=ACTION_IMPORT,
        page="steering.actions",
    )
)
