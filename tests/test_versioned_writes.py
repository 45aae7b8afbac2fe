"""Every versioned write means the same by its version: none sent is a 422 naming `version`, another than the
row's is a 409 conflict, and neither changes the row."""

import pytest

from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.milestones import service as milestones
from crm_rollout.milestones.models import Milestone
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.risks import service as risks
from crm_rollout.risks.models import Risk
from crm_rollout.scorecard import service as scorecard
from crm_rollout.scorecard.models import Kpi
from crm_rollout.steering import actions
from crm_rollout.steering import service as steering
from crm_rollout.steering.models import Action, Meeting
from crm_rollout.team import service as team
from crm_rollout.team.models import Person

WRITES = [
    (ChecklistItem, "item_id", phase_changes.update_item, {"notes": "changed"}, "notes"),
    (Milestone, "milestone_id", milestones.update_milestone, {"name": "Renamed"}, "name"),
    (Risk, "risk_id", risks.update_risk, {"title": "Renamed"}, "title"),
    (Kpi, "kpi_id", scorecard.update_kpi, {"name": "Renamed"}, "name"),
    (Action, "action_id", actions.update_action, {"title": "Renamed"}, "title"),
    (Meeting, "meeting_id", steering.update_meeting, {"title": "Renamed"}, "title"),
    (Person, "person_id", team.update_person, {"name": "Renamed"}, "name"),
]


@pytest.mark.parametrize(
    ("model", "world_key", "update", "changes", "field"), WRITES, ids=lambda v: getattr(v, "__name__", None)
)
def test_a_missing_version_is_refused_and_a_stale_one_conflicts(ctx, world, model, world_key, update, changes, field):
    row = db.session.get(model, getattr(world, world_key))
    before = getattr(row, field)
    with pytest.raises(ValidationFailed) as missing:
        update(row, expected_version=None, changes=changes)
    assert "version" in missing.value.errors
    with pytest.raises(Conflict):
        update(row, expected_version=row.version + 1, changes=changes)
    assert getattr(row, field) == before
    update(row, expected_version=row.version, changes=changes)
    assert getattr(row, field) == changes[field]
