"""The blueprint's JSON API: processes and scores, models with steps and metrics, revisions, prototype tests."""


def test_a_consultant_builds_a_to_be_through_the_api(client, world, bearer):
    headers = bearer("consultant")
    created = client.post(
        f"/api/v1/projects/{world.project_id}/processes",
        json={
            "name": "Lead to opportunity",
            "area": "sales",
            "importance": 5,
            "performance_gap": 4,
            "feasibility": 4,
            "in_blueprint": True,
        },
        headers=headers,
    )
    assert created.status_code == 201
    process = client.get(f"/api/v1/processes/{created.get_json()['id']}", headers=headers).get_json()
    assert process["weighted_score"] is not None and process["rank"] == 1
    to_be = next(m for m in process["models"] if m["kind"] == "to_be")
    model_url = f"/api/v1/process-models/{to_be['id']}"
    first = client.post(
        f"{model_url}/steps",
        json={"actor": "Sales rep", "activity": "Qualify the lead", "duration_hours": 1, "is_decision": True},
        headers=headers,
    )
    assert first.status_code == 201
    second = client.post(
        f"{model_url}/steps",
        json={"actor": "Sales manager", "activity": "Assign", "duration_hours": 2},
        headers=headers,
    )
    assert second.status_code == 201
    step = first.get_json()
    patched = client.patch(
        f"/api/v1/process-steps/{step['id']}",
        json={"next_steps": "2: qualified; end: not qualified", "version": step["version"]},
        headers=headers,
    )
    assert patched.status_code == 200
    model = client.get(model_url, headers=headers).get_json()
    assert [s["activity"] for s in model["steps"]] == ["Qualify the lead", "Assign"]
    assert model["metrics"]["steps"] == 2 and model["metrics"]["handoffs"] == 1
    assert model["metrics"]["critical_hours"] == 3
    assert sorted((f["label"], f["target_id"] is None) for f in model["flows"]) == [
        ("not qualified", True),
        ("qualified", False),
    ]
    stale = client.patch(
        f"/api/v1/process-steps/{step['id']}", json={"activity": "Late", "version": step["version"]}, headers=headers
    )
    assert stale.status_code == 409 and stale.get_json()["current"]["version"] > step["version"]
    run = client.post(
        f"/api/v1/processes/{process['id']}/tests",
        json={
            "scenario": "Inbound lead",
            "held_on": "2026-11-20",
            "result": "fail",
            "model_id": to_be["id"],
            "findings": "No lead source",
        },
        headers=headers,
    )
    assert run.status_code == 201
    revised = client.post(
        f"{model_url}/revisions",
        json={"reason": "Capture the lead source", "prototype_test_id": run.get_json()["id"]},
        headers=headers,
    )
    assert revised.status_code == 201 and revised.get_json()["revision"] == 2
    assert client.post(f"{model_url}/steps", json={"actor": "a", "activity": "b"}, headers=headers).status_code == 422


def test_bad_fields_are_named_and_readers_cannot_write(client, world, bearer):
    headers = bearer("consultant")
    bad = client.post(
        f"/api/v1/projects/{world.project_id}/processes",
        json={"name": "X", "area": "moon", "importance": 7, "colour": "red"},
        headers=headers,
    )
    assert bad.status_code == 422
    assert set(bad.get_json()["fields"]) == {"colour", "area", "importance"}  # every field the schema refuses
    bad = client.post(
        f"/api/v1/projects/{world.project_id}/processes",
        json={"name": "X", "area": "moon", "importance": 7},
        headers=headers,
    )
    assert set(bad.get_json()["fields"]) == {"area", "importance"}
    viewer = bearer("viewer")
    assert client.get(f"/api/v1/projects/{world.project_id}/processes", headers=viewer).status_code == 200
    refused = client.post(
        f"/api/v1/process-models/{world.model_id}/steps", json={"actor": "a", "activity": "b"}, headers=viewer
    )
    assert refused.status_code == 403
    deleted = client.delete(f"/api/v1/process-steps/{world.step_id}", headers=headers)
    assert deleted.status_code == 204
    model = client.get(f"/api/v1/process-models/{world.model_id}", headers=headers).get_json()
    assert [s["number"] for s in model["steps"]] == [1]


def test_a_bpmn_file_replaces_a_model_through_the_api_and_the_answer_says_what_was_kept(client, world, bearer):
    from collections import Counter
    from pathlib import Path

    from lxml import etree

    path = Path(__file__).parent.parent / "processes" / "bpmn_files" / "camunda_quote_to_order.bpmn"
    data = path.read_bytes()
    url = f"/api/v1/process-models/{world.model_id}/bpmn"
    headers = bearer("consultant") | {"Content-Type": "application/xml"}
    assert client.put(url, data=data, headers=bearer("viewer") | {"Content-Type": "application/xml"}).status_code == 403
    answer = client.put(url, data=data, headers=headers)
    assert answer.status_code == 200
    report = answer.get_json()
    ids = {e.get("id") for e in etree.fromstring(data).iter() if e.get("id")}
    assert report["dropped"] and all(d["id"] in ids and d["reason"] for d in report["dropped"])
    model = client.get(f"/api/v1/process-models/{world.model_id}", headers=headers).get_json()
    assert report["steps"] == len(model["steps"]) and report["flows"] == len(model["flows"])
    assert {k: v for k, v in report["kept"].items() if k.endswith(("task", "event", "gateway"))} == Counter(
        s["kind"] for s in model["steps"]
    )
    assert model["explicit_routes"] is True
    exported = client.get(url, headers=headers)
    assert exported.status_code == 200 and exported.mimetype == "application/xml"
    again = client.put(url, data=exported.data, headers=headers).get_json()
    assert again["kept"] == report["kept"] and again["dropped"] == []  # what was kept survives; nothing new is lost
    refused = client.put(url, data=b"<not-bpmn/>", headers=headers)
    assert refused.status_code == 422 and "file" in refused.get_json()["fields"]
