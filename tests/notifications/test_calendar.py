"""Calendar feeds and meeting invitations, read back by a second iCalendar library (vobject)."""

from datetime import date, time, timedelta

import vobject

from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.milestones import service as milestones
from crm_rollout.phases import changing
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.steering import service as steering
from tests.conftest import login


def _events(body: bytes) -> dict:
    calendar = vobject.readOne(body.decode("utf-8"))
    return {event.uid.value: event for event in calendar.contents.get("vevent", [])}


def _feed_url(client) -> str:
    return client.get("/api/v1/me").get_json()["calendar_url"]


def test_the_feed_holds_milestones_meetings_and_owned_items_with_stable_uids(app, client, world):
    with app.app_context():
        item = db.session.get(ChecklistItem, world.item_id)
        with acting_as(db.session, world.users["director"]):
            changing.update_item(
                item,
                expected_version=item.version,
                changes={"owner": world.users["director"], "due_date": date(2026, 12, 3)},
            )
            meeting = steering.MEETINGS.get(world.project_id, world.meeting_id)
            steering.update_meeting(
                meeting, expected_version=meeting.version, changes={"start_time": time(14, 30), "location": "会议室 A"}
            )
        db.session.commit()
    login(client, "director")
    me = client.get("/api/v1/me").get_json()
    assert me["username"] == "director" and me["email"] == "director@example.com"
    url = me["calendar_url"]
    anonymous = app.test_client()  # a calendar program does not sign in
    first = anonymous.get(url)
    assert first.status_code == 200 and first.mimetype == "text/calendar"
    events = _events(first.data)
    by_kind = {uid.split("-")[0]: event for uid, event in events.items()}
    assert {"milestones", "meetings", "checklist_items"} <= set(by_kind)
    assert by_kind["checklist_items"].dtstart.value == date(2026, 12, 3)
    meeting_start = by_kind["meetings"].dtstart.value
    assert (meeting_start.hour, meeting_start.minute) == (14, 30) and meeting_start.utcoffset() == timedelta(hours=8)
    assert by_kind["meetings"].location.value == "会议室 A"

    # The milestone moves: the same event (same UID) on the new day, not a second one.
    with app.app_context():
        milestone = milestones.MILESTONES.get(world.project_id, world.milestone_id)
        milestones.update_milestone(
            milestone, expected_version=milestone.version, changes={"forecast_date": date(2027, 1, 15)}
        )
        db.session.commit()
    again = _events(anonymous.get(url).data)
    assert set(again) == set(events)
    milestone_uid = next(uid for uid in again if uid.startswith("milestones-"))
    assert again[milestone_uid].dtstart.value == date(2027, 1, 15)


def test_a_reset_address_stops_the_old_one(app, client, world):
    login(client, "director")
    old = _feed_url(client)
    assert client.post("/account/notifications", data={"action": "reset-calendar"}).status_code == 302
    new = _feed_url(client)
    assert new != old
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200


def test_a_feed_shows_nothing_of_a_project_one_is_not_in(app, client, world):
    login(client, "outsider")
    events = _events(app.test_client().get(_feed_url(client)).data)
    assert all("Steering 1" not in str(e.summary.value) for e in events.values())


def test_a_meeting_page_offers_its_invitation(app, client, world):
    login(client, "steering")
    page = client.get(f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}").get_data(as_text=True)
    link = f"/projects/{world.project_id}/steering/meetings/{world.meeting_id}/invitation.ics"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    [(uid, event)] = _events(response.data).items()
    assert uid.startswith(f"meetings-{world.meeting_id}@") and "Steering 1" in event.summary.value
