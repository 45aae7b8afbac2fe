from tests.factories import PASSWORD


def test_milestones_move_their_baseline_only_with_a_decision(client, bearer, world):
    director = bearer("director")
    listed = client.get(f"/api/v1/projects/{world.project_id}/milestones", headers=director).get_json()
    milestone = next(m for m in listed if m["id"] == world.milestone_id)
    url = f"/api/v1/milestones/{world.milestone_id}"
    refused = client.patch(url, json={"baseline_date": "2027-01-04", "version": milestone["version"]}, headers=director)
    assert refused.status_code == 422 and "baseline_date" in refused.get_json()["fields"]
    moved = client.patch(url, json={"forecast_date": "2099-01-05", "version": milestone["version"]}, headers=director)
    assert moved.status_code == 200 and moved.get_json()["slippage_working_days"] > 0


def test_reports_are_read_and_reviewed_with_a_password(client, bearer, world):
    report = client.get(f"/api/v1/reports/{world.report_id}", headers=bearer("viewer")).get_json()
    assert report["status"] == "submitted" and report["versions"][0]["hash_verified"]
    url = f"/api/v1/reports/{world.report_id}/versions/1/reviews"
    steering = bearer("steering")
    assert client.post(url, json={"decision": "approve", "password": "wrong"}, headers=steering).status_code == 401
    assert (
        client.post(url, json={"decision": "approve", "password": PASSWORD}, headers=bearer("consultant")).status_code
        == 403
    )
    signed = client.post(url, json={"decision": "approve", "password": PASSWORD}, headers=steering)
    assert signed.status_code == 201 and signed.get_json()["outcome"] == "approved"
    again = client.post(url, json={"decision": "approve", "password": PASSWORD}, headers=steering)
    assert again.status_code == 422
    version = client.get(f"/api/v1/reports/{world.report_id}/versions/1", headers=steering).get_json()
    assert version["content"]["title"] == "Kickoff report"


def test_gates_are_listed_and_reviewed(client, bearer, world):
    gates = client.get(f"/api/v1/projects/{world.project_id}/gates", headers=bearer("viewer")).get_json()
    assert [g["id"] for g in gates] == [world.gate_id] and gates[0]["override_decision_id"]
    response = client.post(
        f"/api/v1/gates/{world.gate_id}/reviews",
        json={"decision": "return", "comment": "Charter unsigned", "password": PASSWORD},
        headers=bearer("steering"),
    )
    assert response.status_code == 201 and response.get_json()["outcome"] == "returned"
