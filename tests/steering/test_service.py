from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from crm_rollout.core.errors import ValidationFailed
from crm_rollout.core.extensions import db
from crm_rollout.steering import actions as committee_actions
from crm_rollout.steering import meeting_page, service
from crm_rollout.team import service as team
from tests.factories import make_project, make_user

DAY = date(2026, 3, 2)


@pytest.fixture
def project(ctx):
    project = make_project(make_user("dir"))
    db.session.commit()
    return project


def _meeting(project, days=0, title="SC"):
    return service.create_meeting(project.id, title=title, meeting_date=DAY + timedelta(days=days))


def test_minutes_are_approved_at_a_later_meeting_and_then_locked(project):
    first, second = _meeting(project), _meeting(project, 14, "SC 2")
    with pytest.raises(ValidationFailed):
        service.approve_minutes(first, in_meeting=second)  # nothing written yet
    service.update_meeting(first, expected_version=first.version, changes={"minutes": "Charter approved."})
    with pytest.raises(ValidationFailed):
        service.approve_minutes(second, in_meeting=first)  # not at an earlier meeting
    assert meeting_page.earlier_unapproved(second) == [first]
    service.approve_minutes(first, in_meeting=second)
    assert first.minutes_locked and first.minutes_approved_in_id == second.id
    with pytest.raises(ValidationFailed) as raised:
        service.update_meeting(first, expected_version=first.version, changes={"minutes": "Rewritten."})
    assert "minutes" in raised.value.errors
    assert first.minutes == "Charter approved."


def test_amendments_only_after_approval(project):
    first, second = _meeting(project), _meeting(project, 7)
    with pytest.raises(ValidationFailed):
        service.add_note(first, author_id=None, body="Correction", kind="amendment")
    service.update_meeting(first, expected_version=first.version, changes={"minutes": "Text"})
    service.approve_minutes(first, in_meeting=second)
    note = service.add_note(first, author_id=None, body="Item 2 said 40 %, not 45 %.", kind="amendment")
    assert note.kind == "amendment"


def test_votes_only_where_the_agenda_asks_and_one_per_person(project):
    meeting = _meeting(project)
    plain = service.add_agenda_item(meeting, title="Update")
    vote_item = service.add_agenda_item(meeting, title="Go?", vote_requested=True)
    voter = make_user("voter")
    with pytest.raises(ValidationFailed):
        service.cast_vote(meeting, agenda_item_id=plain.id, user_id=voter.id, choice="for")
    service.cast_vote(meeting, agenda_item_id=vote_item.id, user_id=voter.id, choice="for")
    service.cast_vote(meeting, agenda_item_id=vote_item.id, user_id=voter.id, choice="against")
    votes = meeting_page.votes_by_agenda_item(meeting)[vote_item.id]
    assert [v.choice for v in votes] == ["against"]


def test_attendance_is_for_committee_members_and_quorum_needs_a_majority(project):
    chair = team.add_person(project.id, name="Chair", tier="steering", position="chair", allocation_percent=10)
    member = team.add_person(project.id, name="CFO", tier="steering", position="steering_member", allocation_percent=5)
    director = team.add_person(project.id, name="Dir", tier="core", position="director", sits_on_steering=True)
    outsider = team.add_person(project.id, name="Dev", tier="core", position="team_member")
    meeting = _meeting(project)
    with pytest.raises(ValidationFailed):
        service.set_attendance(meeting, {outsider.id: "present"})
    committee = [p for p in team.people(project.id) if p.on_steering]
    service.set_attendance(meeting, {chair.id: "present", member.id: "absent", director.id: "excused"})
    assert not service.quorum(committee, meeting_page.attendance(meeting)).reached  # 1 of 3
    service.set_attendance(meeting, {director.id: "present"})
    quorum = service.quorum(committee, meeting_page.attendance(meeting))
    assert (quorum.present, quorum.members, quorum.reached) == (2, 3, True)
    # The meeting page's light list names the same members, in the same (tier) order, as the whole people.
    seats = team.committee_seats(project.id)
    assert [(s.id, s.name, s.position) for s in seats] == [
        (p.id, p.name, p.position) for p in team.committee(project.id)
    ]
    assert {s.id for s in seats} == {chair.id, member.id, director.id}
    assert service.quorum(seats, meeting_page.attendance(meeting)) == quorum


def test_decisions_are_superseded_once_with_the_link_kept(project):
    first = service.record_decision(project.id, decided_on=DAY, text="Wave 1 includes marketing.")
    second = service.record_decision(project.id, supersedes=first, decided_on=DAY, text="Marketing moves to wave 2.")
    assert first.superseded_by_id == second.id
    with pytest.raises(ValidationFailed):
        service.record_decision(project.id, supersedes=first, decided_on=DAY, text="Third thoughts.")
    assert [d.id for d in service.decisions(project.id)] == [second.id, first.id] or {
        d.id for d in service.decisions(project.id)
    } == {first.id, second.id}


def test_links_must_stay_inside_the_project(project):
    other = make_project(make_user("other"), name="Other")
    foreign_meeting = _meeting(other)
    with pytest.raises(ValidationFailed) as raised:
        service.record_decision(project.id, decided_on=DAY, text="x", meeting_id=foreign_meeting.id)
    assert "meeting_id" in raised.value.errors
    stranger = team.add_person(other.id, name="Else", tier="core", position="team_member")
    with pytest.raises(ValidationFailed):
        committee_actions.create_action(project.id, title="Do it", owner_id=stranger.id)


def test_overdue_actions_and_the_owners_work(project):
    director_id = project.memberships[0].user_id
    owner = team.add_person(project.id, name="Dir", tier="core", position="director", user_id=director_id)
    late = committee_actions.create_action(
        project.id, title="Late", owner_id=owner.id, due_date=date.today() - timedelta(days=1)
    )
    committee_actions.create_action(
        project.id, title="Later", owner_id=owner.id, due_date=date.today() + timedelta(days=3)
    )
    done = committee_actions.create_action(
        project.id, title="Done", owner_id=owner.id, due_date=date.today() - timedelta(days=9)
    )
    committee_actions.update_action(done, expected_version=done.version, changes={"status": "done"})
    assert [a.id for a in committee_actions.overdue_actions(project.id)] == [late.id]
    assert len(committee_actions.open_actions_of_user(director_id, [project.id])) == 2
    assert (
        db.session.scalar(
            select(func.count()).select_from(committee_actions.open_action_rows_of_user(director_id).subquery())
        )
        == 2
    )
