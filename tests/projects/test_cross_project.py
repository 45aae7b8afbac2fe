"""An item, deliverable or membership of another project is never reachable through this project's URLs."""


def test_objects_of_another_project_are_404_through_this_projects_urls(login_as, world):
    client = login_as("director")  # director here, stranger there
    p, other_item, other_deliverable = world.project_id, world.other_item_id, world.other_deliverable_id
    for method, url in [
        ("GET", f"/projects/{p}/items/{other_item}"),
        ("POST", f"/projects/{p}/items/{other_item}/status"),
        ("GET", f"/projects/{p}/items/{other_item}/remove"),
        ("POST", f"/projects/{p}/items/{other_item}/comments"),
        ("GET", f"/projects/{p}/deliverables/{other_deliverable}"),
        ("GET", f"/projects/{world.other_project_id}/"),
        ("GET", f"/projects/{world.other_project_id}/items/{other_item}"),
        ("GET", f"/api/v1/projects/{world.other_project_id}/phases"),
        ("GET", f"/api/v1/items/{other_item}/history"),
    ]:
        response = client.open(url, method=method, data={"status": "done", "version": 1, "body": "x"})
        assert response.status_code == 404, (method, url, response.status_code)


def test_bulk_update_refuses_items_of_another_project(app, login_as, world):
    client = login_as("director")
    response = client.post(
        f"/projects/{world.project_id}/phases/1/bulk",
        data={"item": [str(world.other_item_id)], f"version-{world.other_item_id}": "1", "status": "done"},
    )
    assert response.status_code == 404


def test_portfolio_shows_only_the_users_projects(login_as, world):
    html = login_as("consultant").get("/").get_data(as_text=True)
    assert "Other company" not in html
    assert "Rollout" in html
