"""Project pages served from memory: only while nothing in the project changed, never across readers,
never when a message is waiting. And the project revision they rely on moves once per committed change."""

import pytest

from crm_rollout.core.extensions import db
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.projects.models import Project
from tests.conftest import login


@pytest.fixture
def cache_on(app):
    app.config["PAGE_CACHE"] = True
    yield
    app.config["PAGE_CACHE"] = False


def _rename_item(app, item_id, title):
    with app.app_context():
        item = db.session.get(ChecklistItem, item_id)
        phase_changes.update_item(item, expected_version=item.version, changes={"title": title})
        db.session.commit()


def _revision(app, project_id):
    with app.app_context():
        return db.session.get(Project, project_id).revision


def test_a_committed_change_moves_the_revision_once_and_a_read_does_not(app, world, client):
    before = _revision(app, world.project_id)
    _rename_item(app, world.item_id, "Renamed once")
    assert _revision(app, world.project_id) == before + 1
    login(client, "director")
    client.get(f"/projects/{world.project_id}/")
    assert _revision(app, world.project_id) == before + 1
    with app.app_context():
        item = db.session.get(ChecklistItem, world.item_id)
        phase_changes.update_item(item, expected_version=item.version, changes={"title": "Never kept"})
        db.session.rollback()
        db.session.commit()  # nothing left to commit: the rolled-back change counts for nothing
    assert _revision(app, world.project_id) == before + 1


def test_the_overview_and_checklist_are_served_again_until_the_project_changes(
    app, world, client, cache_on, count_queries
):
    login(client, "director")
    for url in (f"/projects/{world.project_id}/", f"/projects/{world.project_id}/phases/1"):
        first = client.get(url)
        with count_queries() as counter:
            again = client.get(url)
        assert again.data == first.data
        with count_queries() as uncached_counter:
            app.config["PAGE_CACHE"] = False
            client.get(url)
            app.config["PAGE_CACHE"] = True
        assert counter.count < uncached_counter.count, url
    _rename_item(app, world.item_id, "A title nobody saw before")
    assert "A title nobody saw before" in client.get(f"/projects/{world.project_id}/phases/1").get_data(as_text=True)


def test_readers_never_share_a_page_and_waiting_messages_bypass_it(app, world, client, cache_on):
    url = f"/projects/{world.project_id}/phases/1"
    login(client, "director")
    director_page = client.get(url).get_data(as_text=True)
    client.post("/logout")
    login(client, "viewer")
    viewer_page = client.get(url).get_data(as_text=True)
    assert viewer_page != director_page
    assert "bulk-form" in director_page and "bulk-form" not in viewer_page  # the viewer gets no edit controls
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A message waiting")]
    assert "A message waiting" in client.get(url).get_data(as_text=True)
