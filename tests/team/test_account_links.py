"""Linking a team record to an account lets the account act as that person; nobody may do it for
themselves (found by the review: a director relinked a process owner to approve the to-be as the owner)."""

from sqlalchemy import select

from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.processes.models import Process
from crm_rollout.team.models import Person


def _owner(app, world) -> Person:
    with app.app_context():
        process = db.session.get(Process, world.process_id)
        return db.session.get(Person, process.owner_id)


def test_a_director_cannot_relink_the_process_owner_to_their_own_account_and_approve(app, login_as, world):
    client = login_as("director")
    owner = _owner(app, world)
    response = client.patch(
        f"/api/v1/people/{owner.id}", json={"user_id": world.users["director"], "version": owner.version}
    )
    assert response.status_code == 422
    assert "user_id" in response.get_json()["fields"]
    with app.app_context():
        assert db.session.get(Person, owner.id).user_id == world.users["consultant"]


def test_nobody_adds_a_team_record_linked_to_their_own_account(login_as, world):
    client = login_as("director")
    response = client.post(
        f"/api/v1/projects/{world.project_id}/people",
        json={"name": "Me Again", "tier": "core", "position": "team_member", "user_id": world.users["director"]},
    )
    assert response.status_code == 422


def test_another_director_may_link_it_and_the_audit_trail_says_who(app, login_as, world):
    owner = _owner(app, world)
    client = login_as("director")
    response = client.patch(
        f"/api/v1/people/{owner.id}", json={"user_id": world.users["member"], "version": owner.version}
    )
    assert response.status_code == 200
    with app.app_context():
        entry = db.session.scalar(
            select(AuditEntry)
            .where(AuditEntry.entity_type == "people", AuditEntry.entity_id == owner.id, AuditEntry.field == "user_id")
            .order_by(AuditEntry.id.desc())
        )
        assert entry.actor_id == world.users["director"] and entry.new_value == str(world.users["member"])
