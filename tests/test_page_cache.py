"""Project pages served from the shared cache: one copy for every reader with the same rights, their own parts
(name, counts, CSRF token, messages, their items) filled in for each of them, and every committed change seen
on the next request. And the project revision the cache relies on moves once per committed change."""

import re

import pytest

from crm_rollout.core.caching import cache
from crm_rollout.core.extensions import db
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.projects import service as projects
from crm_rollout.projects.models import Project
from tests import factories
from tests.conftest import login


@pytest.fixture
def cache_on(app):
    app.config["PAGE_CACHE"] = True
    with app.app_context():
        cache.clear()  # ids come back in a new test's emptied tables
    yield
    app.config["PAGE_CACHE"] = False


@pytest.fixture
def second_director(app, world):
    """Another director of the project: the same rights as the first, another person."""
    with app.app_context():
        user = factories.make_user("deputy")
        user.display_name = "Deputy Director Zhao"
        projects.add_member(db.session.get(Project, world.project_id), login="deputy", role="director")
        db.session.commit()


def _rename_item(app, item_id, title):
    with app.app_context():
        item = db.session.get(ChecklistItem, item_id)
        phase_changes.update_item(item, expected_version=item.version, changes={"title": title})
        db.session.commit()


def _revision(app, project_id):
    with app.app_context():
        return db.session.get(Project, project_id).revision


def _account_bar(html: str) -> str:
    return re.search(r'<nav class="topbar-right".*?</nav>', html, flags=re.S).group(0)


def _without_own_parts(html: str) -> str:
    html = re.sub(r'<nav class="topbar-right".*?</nav>', "", html, flags=re.S)
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


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


@pytest.mark.parametrize("path", ["/", "/phases/1", "/risks/"])
def test_readers_with_the_same_rights_share_a_page_but_keep_their_own_parts(
    app, world, second_director, cache_on, count_queries, path
):
    url = f"/projects/{world.project_id}{path}"
    first, second = app.test_client(), app.test_client()
    login(first, "director")
    login(second, "deputy")
    second.get(f"/projects/{world.project_id}/members")  # their own counts are kept from here on
    first_page = first.get(url).get_data(as_text=True)
    with count_queries() as cached:
        second_page = second.get(url).get_data(as_text=True)
    app.config["PAGE_CACHE"] = False
    with count_queries() as rendered:
        assert _without_own_parts(second.get(url).get_data(as_text=True)) == _without_own_parts(second_page)
    app.config["PAGE_CACHE"] = True
    assert cached.count < rendered.count, "the second reader's page was rendered again, not served from the first one's"
    assert _without_own_parts(first_page) == _without_own_parts(second_page)
    assert ">Deputy Director Zhao</a>" in _account_bar(second_page)
    assert ">Deputy Director Zhao</a>" not in _account_bar(first_page)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', second_page))
    assert len(tokens) == 1 and tokens != set(re.findall(r'name="csrf_token" value="([^"]+)"', first_page))
    assert "<!--crm:" not in second_page


def test_the_token_on_a_cached_page_is_the_readers_own(app, world, second_director, cache_on):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        url = f"/projects/{world.project_id}/phases/1"
        first, second = app.test_client(), app.test_client()
        for client, name in ((first, "director"), (second, "deputy")):
            page = client.get("/login").get_data(as_text=True)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            client.post("/login", data={"login": name, "password": factories.PASSWORD, "csrf_token": token})
        first.get(url)
        page = second.get(url).get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        with app.app_context():
            version = db.session.get(ChecklistItem, world.item_id).version
        answer = second.post(
            f"/projects/{world.project_id}/items/{world.item_id}/status",
            data={"csrf_token": token, "version": version, "status": "blocked"},
        )
        assert answer.status_code in (302, 303)
        with app.app_context():
            assert db.session.get(ChecklistItem, world.item_id).status == "blocked"
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_every_reader_sees_a_committed_change_on_the_next_request(app, world, second_director, cache_on):
    url = f"/projects/{world.project_id}/phases/1"
    readers = [app.test_client() for _ in range(3)]
    for reader, name in zip(readers, ("director", "deputy", "viewer"), strict=True):
        login(reader, name)
        reader.get(url)
    for n in range(3):
        _rename_item(app, world.item_id, f"Title number {n} nobody saw before")
        for reader in readers:
            assert f"Title number {n} nobody saw before" in reader.get(url).get_data(as_text=True)


def test_other_rights_other_page_and_own_items_stay_own(app, world, cache_on):
    url = f"/projects/{world.project_id}/phases/1"
    director, viewer, member = app.test_client(), app.test_client(), app.test_client()
    login(director, "director")
    login(viewer, "viewer")
    login(member, "member")
    director_page = director.get(url).get_data(as_text=True)
    viewer_page = viewer.get(url).get_data(as_text=True)
    member_page = member.get(url).get_data(as_text=True)
    assert "bulk-form" in director_page and "bulk-form" not in viewer_page  # the viewer gets no edit controls
    # The member owns the world's item: they may tick it; the viewer may not.
    assert f'id="status-{world.item_id}"' in member_page and f'id="status-{world.item_id}"' not in viewer_page

    def mine(page):
        return re.search(r"filter=mine[^>]*>[^<]*<span class=\"count\">(\d+)</span>", page).group(1)

    assert mine(member_page) == "1" and mine(director.get(url).get_data(as_text=True)) == "0"


def test_messages_and_counts_are_the_readers_own(app, world, second_director, cache_on):
    url = f"/projects/{world.project_id}/"
    first, second = app.test_client(), app.test_client()
    login(first, "director")
    login(second, "deputy")
    first.get(url)
    with second.session_transaction() as session:
        session["_flashes"] = [("success", "A message waiting for the deputy")]
    page = second.get(url).get_data(as_text=True)
    assert "A message waiting for the deputy" in page
    assert "A message waiting for the deputy" not in first.get(url).get_data(as_text=True)
    assert "A message waiting for the deputy" not in second.get(url).get_data(as_text=True)  # shown once


def test_an_entry_left_in_another_shape_is_rendered_anew(world, client, cache_on, monkeypatch):
    """A cache that outlives a deployment (Redis) may hold what an older version stored."""
    login(client, "director")
    monkeypatch.setattr(cache, "get", lambda _key: "<html>kept by an older version</html>")
    page = client.get(f"/projects/{world.project_id}/")
    assert page.status_code == 200 and "older version" not in page.text and "Overview" in page.text


def test_a_page_kept_as_text_by_an_earlier_version_of_the_app_is_rendered_again(app, world, cache_on, monkeypatch):
    """Pages are kept in UTF-8 now: an entry an earlier version kept as text (in Redis or the cache's files, it
    outlives a deploy) is a miss, and the page is rendered again rather than failing."""
    client = app.test_client()
    login(client, "director")
    overview = f"/projects/{world.project_id}/"
    kept, keep = {}, cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, *a, **k: kept.setdefault(key, value) and keep(key, value))
    first = client.get(overview).get_data(as_text=True)
    [(key, (revision, page))] = kept.items()
    assert isinstance(page, bytes)
    with app.app_context():
        keep(key, (revision, page.decode()))  # as the earlier version kept it
    again = client.get(overview)
    assert again.status_code == 200
    assert _without_own_parts(again.get_data(as_text=True)) == _without_own_parts(first)
    with app.app_context():
        assert isinstance(cache.get(key)[1], bytes)  # kept anew, as bytes
