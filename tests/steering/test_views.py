"""Who runs the committee: the director and the chair; members vote and comment; owners close their actions."""

from crm_rollout.core.extensions import db
from crm_rollout.steering import service as steering
from crm_rollout.steering.models import Action, Meeting
from crm_rollout.team import service as team
from tests.conftest import login


def _link_person(app, world, username, **fields):
    with app.app_context():
        person = team.add_person(world.project_id, user_id=world.users[username], **fields)
        db.session.commit()
        return person.id


def test_plain_committee_members_cannot_schedule_but_the_chair_can(app, login_as, world):
    client = login_as("steering")
    data = {"title": "SC 2", "meeting_date": "2026-12-01"}
    url = f"/projects/{world.project_id}/steering/meetings/new"
    assert client.post(url, data=data).status_code == 403
    _link_person(app, world, "steering", name="GM", tier="steering", position="chair", allocation_percent=10)
    response = client.post(url, data=data)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(db.select(Meeting).where(Meeting.title == "SC 2")) is not None


def test_committee_members_vote_where_asked(app, login_as, world):
    client = login_as("steering")
    url = f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}/votes/{world.agenda_item_id}"
    assert client.post(url, data={"choice": "for"}).status_code == 302
    html = client.get(f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}").get_data(as_text=True)
    assert "Steering: For" in html
    consultant = app.test_client()
    login(consultant, "consultant")
    assert consultant.post(url, data={"choice": "for"}).status_code == 403


def test_the_owner_of_an_action_may_close_it(app, client, login_as, world):
    with app.app_context():
        action = db.session.get(Action, world.action_id)
        person = team.PEOPLE.get(world.project_id, action.owner_id)
        team.update_person(person, expected_version=person.version, changes={"user_id": world.users["member"]})
        db.session.commit()
        version = action.version
    member = login_as("member")
    my_work = member.get("/my-work").get_data(as_text=True)
    assert "Follow up" in my_work
    url = f"/projects/{world.project_id}/steering/actions/{world.action_id}"
    assert member.post(url, data={"status": "done", "version": version}).status_code == 302
    with app.app_context():
        assert db.session.get(Action, world.action_id).status == "done"


def test_bad_meeting_input_is_kept_with_a_message(login_as, world):
    client = login_as("director")
    response = client.post(
        f"/projects/{world.project_id}/steering/meetings/new",
        data={"title": "Quarterly review", "meeting_date": "next Tuesday", "call_link": "meet.example.com"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html and 'value="Quarterly review"' in html


def test_meeting_pack_and_minutes_are_printable_pages(login_as, world):
    client = login_as("viewer")
    for page in ("pack", "minutes"):
        response = client.get(f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}/{page}")
        assert response.status_code == 200
        assert "print-page" in response.get_data(as_text=True)


def test_team_page_shows_health_checks_in_words_without_internal_codes(login_as, world):
    client = login_as("viewer")
    html = client.get(f"/projects/{world.project_id}/team/").get_data(as_text=True)
    assert "Health checks" in html and "[001]" not in html, "rule codes are for us, not for the reader"
    overview = client.get(f"/projects/{world.project_id}/").get_data(as_text=True)
    assert "[00" not in overview
    svg = client.get(f"/projects/{world.project_id}/team/chart.svg")
    assert svg.mimetype == "image/svg+xml" and "Pat Core" in svg.get_data(as_text=True)


def test_director_records_a_decision_that_supersedes_another(app, login_as, world):
    client = login_as("director")
    url = f"/projects/{world.project_id}/steering/decisions"
    first = client.post(url, data={"decided_on": "2026-12-01", "text": "Wave 1 includes marketing."})
    assert first.status_code == 302
    with app.app_context():
        first_id = steering.decisions(world.project_id)[0].id
    second = client.post(
        url, data={"decided_on": "2026-12-15", "text": "Marketing moves to wave 2.", "supersedes": str(first_id)}
    )
    assert second.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Superseded by" in html and "Marketing moves to wave 2." in html
    empty = client.post(url, data={"decided_on": "", "text": ""})
    assert empty.status_code == 400 and "There is a problem" in empty.get_data(as_text=True)


def test_director_runs_a_meeting_through_the_pages(app, login_as, world):
    chair_id = _link_person(app, world, "steering", name="GM", tier="steering", position="chair", allocation_percent=10)
    client = login_as("director")
    base = f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}"
    assert client.post(f"{base}/agenda", data={"title": "Phase 1 deliverables", "phase_id": ""}).status_code == 302
    assert client.post(f"{base}/attendance", data={f"person-{chair_id}": "present"}).status_code == 302
    with app.app_context():
        version = db.session.get(Meeting, world.meeting_id).version
    saved = client.post(base, data={"minutes": "1. Charter approved.", "version": version})
    assert saved.status_code == 302
    stale = client.post(base, data={"minutes": "Overwritten?", "version": version})
    assert stale.status_code == 409 and "Overwritten?" in stale.get_data(as_text=True)
    later = client.post(
        f"/projects/{world.project_id}/steering/meetings/new", data={"title": "SC 2", "meeting_date": "2099-01-01"}
    )
    later_id = int(later.headers["Location"].rsplit("/", 1)[1])
    approve = client.post(
        f"/projects/{world.project_id}/steering/meetings/{later_id}/approve-minutes",
        data={"minutes_of": str(world.meeting_id)},
    )
    assert approve.status_code == 302
    html = client.get(base).get_data(as_text=True)
    assert "Phase 1 deliverables" in html and "Quorum" in html and "1. Charter approved." in html
    with app.app_context():
        assert db.session.get(Meeting, world.meeting_id).minutes_locked


def test_an_agenda_item_on_a_phase_shows_the_phase_as_it_stands(app, login_as, world):
    """On the meeting page and in its pack: the phase's number, name, status and progress, from the same counts
    as the phase's own page, and updated when an item of the phase changes."""
    from crm_rollout.phases import service as phases
    from crm_rollout.phases.models import ChecklistItem

    with app.app_context():
        phase = phases.summaries(world.project_id)[1].phase
        meeting = db.session.get(Meeting, world.meeting_id)
        steering.add_agenda_item(meeting, title="Blueprint sign-off", phase_id=phase.id)
        item = db.session.scalar(db.select(ChecklistItem).where(ChecklistItem.phase_id == phase.id))
        item.status = "done"
        db.session.commit()
        summary = next(s for s in phases.summaries(world.project_id) if s.phase.id == phase.id)
        expected = f"{phase.number}. {phase.name_en}"
    assert summary.progress  # the item just done counts
    client = login_as("director")
    base = f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}"
    for html in (client.get(base).get_data(as_text=True), client.get(f"{base}/pack").get_data(as_text=True)):
        agenda = html.split("Blueprint sign-off", 1)[1].split("</li>", 1)[0]
        assert expected in agenda
        assert f"{summary.progress}%" in agenda
