from crm_rollout.core.extensions import db
from crm_rollout.team import service as team


def test_people_can_be_listed_created_and_patched_with_conflicts(client, bearer, world):
    director = bearer("director")
    base = f"/api/v1/projects/{world.project_id}/people"
    created = client.post(
        base, json={"name": "Lin", "tier": "core", "position": "assistant", "allocation_percent": 80}, headers=director
    )
    assert created.status_code == 201
    person = created.get_json()
    assert person["allocation_percent"] == 80
    url = f"/api/v1/people/{person['id']}"
    assert (
        client.patch(url, json={"allocation_percent": 100, "version": person["version"]}, headers=director).status_code
        == 200
    )
    stale = client.patch(url, json={"allocation_percent": 90, "version": person["version"]}, headers=director)
    assert stale.status_code == 409 and stale.get_json()["current"]["allocation_percent"] == 100
    bad = client.patch(url, json={"allocation_percent": "all", "version": 2}, headers=director)
    assert bad.status_code == 422 and "allocation_percent" in bad.get_json()["fields"]
    names = [p["name"] for p in client.get(base, headers=bearer("viewer")).get_json()]
    assert "Lin" in names
    assert (
        client.post(
            base, json={"name": "X", "tier": "core", "position": "team_member"}, headers=bearer("consultant")
        ).status_code
        == 403
    )


def test_meetings_decisions_and_actions(client, bearer, world):
    director = bearer("director")
    meetings = f"/api/v1/projects/{world.project_id}/meetings"
    meeting = client.post(
        meetings, json={"title": "SC", "meeting_date": "2026-12-01", "start_time": "14:00"}, headers=director
    )
    assert meeting.status_code == 201 and meeting.get_json()["start_time"] == "14:00"
    meeting_id = meeting.get_json()["id"]
    decisions = f"/api/v1/projects/{world.project_id}/decisions"
    first = client.post(
        decisions, json={"decided_on": "2026-12-01", "text": "A", "meeting_id": meeting_id}, headers=director
    )
    second = client.post(
        decisions,
        json={"decided_on": "2026-12-01", "text": "B", "supersedes": first.get_json()["id"]},
        headers=director,
    )
    assert second.status_code == 201
    listed = {d["id"]: d for d in client.get(decisions, headers=director).get_json()}
    assert listed[first.get_json()["id"]]["superseded_by"] == second.get_json()["id"]
    missing = client.post(decisions, json={"text": "no date"}, headers=director)
    assert missing.status_code == 422 and "decided_on" in missing.get_json()["fields"]
    actions = f"/api/v1/projects/{world.project_id}/actions"
    action = client.post(actions, json={"title": "Call HR", "due_date": "2026-12-05"}, headers=director)
    assert action.status_code == 201
    assert client.post(actions, json={"title": "x"}, headers=bearer("steering")).status_code == 403


def test_action_owners_may_patch_only_the_status(app, client, bearer, world):
    with app.app_context():
        person = team.PEOPLE.get(world.project_id, world.person_id)
        team.update_person(person, expected_version=person.version, changes={"user_id": world.users["member"]})
        db.session.commit()
    member = bearer("member")
    url = f"/api/v1/actions/{world.action_id}"
    assert client.patch(url, json={"title": "Something else", "version": 1}, headers=member).status_code == 403
    response = client.patch(url, json={"status": "done", "version": 1}, headers=member)
    assert response.status_code == 200 and response.get_json()["status"] == "done"
    assert client.patch(url, json={"status": "open", "version": 1}, headers=bearer("viewer")).status_code == 403
    assert client.patch(url, json={"status": "open", "version": 2}, headers=bearer("outsider")).status_code == 404
