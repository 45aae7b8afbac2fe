import pytest


def test_projects_lists_only_the_callers_projects(client, bearer, world):
    data = client.get("/api/v1/projects", headers=bearer("viewer")).get_json()
    assert [p["id"] for p in data] == [world.project_id]
    assert {"id", "name"} <= set(data[0])


def test_phases_come_in_order_with_progress_and_items(client, bearer, world):
    data = client.get(f"/api/v1/projects/{world.project_id}/phases", headers=bearer("viewer")).get_json()
    assert [p["number"] for p in data] == sorted(p["number"] for p in data)
    first = data[0]
    assert {"number", "name", "status", "progress", "items"} <= set(first)
    assert 0 <= first["progress"] <= 100
    item = next(i for i in first["items"] if i["id"] == world.item_id)
    assert {"id", "title", "status", "owner", "due_date", "version"} <= set(item)
    assert item["owner"] == world.users["member"]


def test_patch_updates_and_returns_the_new_version(client, bearer, world):
    headers = bearer("consultant")
    item = client.get(f"/api/v1/projects/{world.project_id}/phases", headers=headers).get_json()[0]["items"][0]
    response = client.patch(
        f"/api/v1/items/{item['id']}",
        json={"status": "in_progress", "due_date": "2027-01-15", "notes": "API note", "version": item["version"]},
        headers=headers,
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["due_date"], body["notes"]) == ("in_progress", "2027-01-15", "API note")
    assert body["version"] == item["version"] + 1


def test_patch_with_a_stale_version_gets_409_and_the_current_item(client, bearer, world):
    headers = bearer("consultant")
    url = f"/api/v1/items/{world.item_id}"
    version = client.get(f"/api/v1/projects/{world.project_id}/phases", headers=headers).get_json()[0]["items"][0][
        "version"
    ]
    assert client.patch(url, json={"notes": "one", "version": version}, headers=headers).status_code == 200
    response = client.patch(url, json={"notes": "two", "version": version}, headers=headers)
    assert response.status_code == 409
    assert response.get_json()["current"]["notes"] == "one"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "finished"}, "status"),
        ({"due_date": "next week"}, "due_date"),
        ({"owner": 999999}, "owner"),
        ({"colour": "red"}, "colour"),
        ({"notes": "x"}, "version"),  # version missing
    ],
)
def test_invalid_values_get_422_naming_the_field(client, bearer, world, body, field):
    headers = bearer("consultant")
    if field != "version":
        body = {**body, "version": 1}
    response = client.patch(f"/api/v1/items/{world.item_id}", json=body, headers=headers)
    assert response.status_code == 422
    assert field in response.get_json()["fields"]


def test_roles_and_outsiders(client, bearer, world):
    url = f"/api/v1/items/{world.item_id}"
    assert client.patch(url, json={"status": "done", "version": 1}, headers=bearer("viewer")).status_code == 403
    assert client.patch(url, json={"status": "done", "version": 1}, headers=bearer("steering")).status_code == 403
    # The member owns this item but may not reassign it.
    assert client.patch(url, json={"owner": None, "version": 1}, headers=bearer("member")).status_code == 403
    assert client.patch(url, json={"status": "done", "version": 2}, headers=bearer("member")).status_code == 200
    assert client.patch(url, json={"status": "open", "version": 3}, headers=bearer("outsider")).status_code == 404
    assert client.get(f"{url}/history", headers=bearer("outsider")).status_code == 404
    assert client.patch("/api/v1/items/987654", json={"version": 1}, headers=bearer("director")).status_code == 404


def test_history_is_newest_first_with_before_and_after(client, bearer, world):
    headers = bearer("consultant")
    url = f"/api/v1/items/{world.item_id}"
    client.patch(url, json={"status": "in_progress", "version": 2}, headers=headers)
    client.patch(url, json={"status": "done", "version": 3}, headers=headers)
    history = client.get(f"{url}/history", headers=headers).get_json()
    statuses = [(h["old"], h["new"]) for h in history if h["field"] == "status"]
    assert statuses == [("in_progress", "done"), ("open", "in_progress")]
    assert history[0]["actor"] == "consultant"


def test_errors_under_api_are_json_never_html(client, world):
    for response in (
        client.get("/api/v1/projects"),
        client.get("/api/v1/nothing-here"),
        client.patch(f"/api/v1/items/{world.item_id}", data="not json"),
    ):
        assert response.is_json, response.status_code
        assert "error" in response.get_json()


def test_cookie_sessions_need_the_csrf_token_for_writes(app, client, world):
    client.post("/login", data={"login": "consultant", "password": "correct-horse-battery"})
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.patch(f"/api/v1/items/{world.item_id}", json={"status": "done", "version": 2})
        assert response.status_code == 400
        assert response.is_json
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
