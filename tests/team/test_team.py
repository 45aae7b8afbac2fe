from datetime import date, timedelta

import pytest

from crm_rollout.core.errors import Conflict, ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.projects import service as projects
from crm_rollout.team import service
from tests.factories import make_project, make_user


@pytest.fixture
def project(ctx):
    project = make_project(make_user("dir"))
    db.session.commit()
    return project


def test_positions_must_belong_to_their_tier(project):
    with pytest.raises(ValidationFailed) as raised:
        service.add_person(project.id, name="X", tier="steering", position="key_user", allocation_percent=10)
    assert "position" in raised.value.errors


def test_allocation_is_a_percentage_and_dates_are_ordered(project):
    with pytest.raises(ValidationFailed) as raised:
        service.add_person(
            project.id,
            name="X",
            tier="core",
            position="team_member",
            allocation_percent=120,
            allocation_start=date(2026, 5, 1),
            allocation_end=date(2026, 4, 1),
        )
    assert {"allocation_percent", "allocation_end"} <= set(raised.value.errors)


def test_linked_accounts_must_be_project_members(project):
    stranger = make_user("stranger")
    with pytest.raises(ValidationFailed) as raised:
        service.add_person(project.id, name="X", tier="core", position="team_member", user_id=stranger.id)
    assert "user_id" in raised.value.errors


def test_stale_updates_conflict_and_removal_keeps_history(project):
    person = service.add_person(project.id, name="Ann", tier="core", position="team_member", allocation_percent=80)
    version = person.version
    service.update_person(person, expected_version=version, changes={"allocation_percent": 100})
    with pytest.raises(Conflict):
        service.update_person(person, expected_version=version, changes={"allocation_percent": 50})
    service.remove_person(person, expected_version=person.version)
    assert person not in service.people(project.id)
    assert service.PEOPLE.get(project.id, person.id).removed_at is not None


def test_capacity_adds_other_projects_through_the_account_and_flags_overload(project):
    director_id = project.memberships[0].user_id
    other = make_project(make_user("dir2"), name="Other")
    projects.add_member(other, login="dir", role="member")
    start = project.start_date
    here = service.add_person(
        project.id,
        name="Dir",
        tier="core",
        position="director",
        allocation_percent=100,
        user_id=director_id,
        allocation_start=start,
        allocation_end=start + timedelta(weeks=4),
    )
    service.add_person(
        other.id,
        name="Dir",
        tier="core",
        position="team_member",
        allocation_percent=30,
        user_id=director_id,
        allocation_start=start + timedelta(weeks=2),
        allocation_end=start + timedelta(weeks=8),
    )
    mondays, rows = service.capacity(project, [here], weeks=6, start=start)
    row = rows[0]
    assert row.overloaded
    overloaded_weeks = [monday for monday, total in zip(mondays, row.weeks, strict=True) if total > 100]
    assert overloaded_weeks and all(start + timedelta(weeks=1) < m + timedelta(days=6) for m in overloaded_weeks)
    assert row.here[0] == 100 and row.weeks[0] == 100  # before the other project starts
    assert row.here[-1] == 0  # after the allocation here ends


def test_rules_are_validated_and_copied_per_project(project):
    with pytest.raises(ValidationFailed):
        service.set_rules(project, values={"core_min_size": 12, "core_max_size": 8})
    service.set_rules(project, values={"member_min_allocation": 70})
    assert service.rules(project)["member_min_allocation"] == 70
    later = make_project(make_user("dir3"), name="Later")
    assert service.rules(later)["member_min_allocation"] != 70
