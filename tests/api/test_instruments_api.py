def test_risks_round_trip_with_conflicts(client, bearer, world):
    consultant = bearer("consultant")
    base = f"/api/v1/projects/{world.project_id}/risks"
    created = client.post(
        base, json={"title": "Sponsor leaves", "probability": 3, "impact": 5, "status": "open"}, headers=consultant
    )
    assert created.status_code == 201 and created.get_json()["score"] == 15
    risk = created.get_json()
    url = f"/api/v1/risks/{risk['id']}"
    assert (
        client.patch(
            url, json={"residual_probability": 1, "residual_impact": 5, "version": risk["version"]}, headers=consultant
        ).status_code
        == 200
    )
    stale = client.patch(url, json={"impact": 2, "version": risk["version"]}, headers=consultant)
    assert stale.status_code == 409 and stale.get_json()["current"]["residual_score"] == 5
    bad = client.patch(url, json={"impact": 9, "version": risk["version"] + 1}, headers=consultant)
    assert bad.status_code == 422 and "impact" in bad.get_json()["fields"]
    assert client.post(base, json={"title": "x"}, headers=bearer("member")).status_code == 403


def test_kpis_and_measurements(client, bearer, world):
    director = bearer("director")
    url = f"/api/v1/kpis/{world.kpi_id}/measurements"
    response = client.post(url, json={"date": "2026-06-01", "value": 44.5}, headers=director)
    assert response.status_code == 201
    kpi = response.get_json()
    assert kpi["latest"] == 44.5 and kpi["measurements"][0]["date"] == "2026-06-01"
    bad = client.post(url, json={"date": "June", "value": "lots"}, headers=director)
    assert bad.status_code == 422 and {"date", "value"} <= set(bad.get_json()["fields"])


def test_assessments_and_my_response(client, bearer, world):
    consultant = bearer("consultant")
    url = f"/api/v1/assessments/{world.assessment_id}/responses/me"
    answers = {
        "sponsorship": {"score": 2, "evidence": "No sponsor at the last meeting"},
        "needs_analysis": {"score": None},
    }
    response = client.put(url, json={"group": "consultant", "answers": answers}, headers=consultant)
    assert response.status_code == 200
    data = response.get_json()
    item = next(i for i in data["items"] if i["key"] == "needs_analysis")
    assert data["respondents"] == 1 and item["dont_know"] == 1
    assert (
        client.put(
            url, json={"group": "consultant", "answers": {"sponsorship": {"score": 7}}}, headers=consultant
        ).status_code
        == 422
    )
    assert client.put(url, json={"group": "other", "answers": {}}, headers=bearer("viewer")).status_code == 403


def test_register_and_scorecard_export_as_csv_with_chinese(login_as, world):
    client = login_as("viewer")
    register = client.get(f"/projects/{world.project_id}/risks/export.csv")
    assert register.mimetype == "text/csv"
    text = register.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,kind,title") and "高层领导" in text
    scorecard = client.get(f"/projects/{world.project_id}/scorecard/export.csv").data.decode("utf-8-sig")
    assert "Repeat purchase rate" in scorecard
