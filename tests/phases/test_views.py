import re

from crm_rollout.core.extensions import db
from crm_rollout.phases import changing, checklist_page, service
from crm_rollout.phases.models import ChecklistItem


def _item(app, item_id):
    with app.app_context():
        item = db.session.get(ChecklistItem, item_id)
        db.session.expunge(item)
        return item


def test_one_click_status_change_answers_fetch_with_the_new_row_and_progress(app, login_as, world):
    client = login_as("consultant")
    item = _item(app, world.item_id)
    response = client.post(
        f"/projects/{world.project_id}/items/{item.id}/status",
        data={"status": "done", "version": item.version},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    data = response.get_json()
    assert f'id="item-{item.id}"' in data["row"]
    with app.app_context():
        expected = service.summaries(world.project_id)[0].progress
    assert data["progress"][str(item.phase_id)] == expected > 0
    assert _item(app, item.id).status == "done"


def test_each_rows_status_select_offers_every_status_with_the_items_own_chosen(app, login_as, world):
    from crm_rollout.phases.labels import ItemStatus

    client = login_as("consultant")
    item = _item(app, world.item_id)
    url = f"/projects/{world.project_id}/items/{item.id}/status"
    for status in ("blocked", "done"):
        version = _item(app, item.id).version
        row = client.post(
            url, data={"status": status, "version": version}, headers={"X-Requested-With": "fetch"}
        ).get_json()["row"]
        page = client.get(f"/projects/{world.project_id}/phases/1").get_data(as_text=True)
        for html in (row, page.split(f'id="status-{item.id}"', 1)[1]):
            select = html.split("</select>", 1)[0]
            assert re.findall(r'<option value="([^"]+)"', select) == [s.value for s in ItemStatus]
            assert re.findall(r'<option value="([^"]+)" selected', select) == [status]


def test_status_change_without_javascript_redirects_back_to_the_row(app, login_as, world):
    client = login_as("consultant")
    item = _item(app, world.item_id)
    response = client.post(
        f"/projects/{world.project_id}/items/{item.id}/status", data={"status": "blocked", "version": item.version}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/phases/1#item-{item.id}")


def test_second_editor_with_a_stale_page_gets_409_with_the_newer_values_and_keeps_their_input(app, login_as, world):
    client = login_as("consultant")
    item = _item(app, world.item_id)
    url = f"/projects/{world.project_id}/items/{item.id}"
    first = client.post(
        url, data={"title": item.title_en, "status": "in_progress", "notes": "Workshop held", "version": item.version}
    )
    assert first.status_code == 302
    stale = client.post(
        url, data={"title": item.title_en, "status": "blocked", "notes": "My stale note", "version": item.version}
    )
    assert stale.status_code == 409
    html = stale.get_data(as_text=True)
    assert "Someone else saved this item" in html
    assert "Workshop held" in html and "My stale note" in html
    saved = _item(app, item.id)
    assert saved.notes == "Workshop held" and saved.status == "in_progress"


def test_team_members_update_their_own_items_only(app, login_as, world):
    client = login_as("member")
    own = _item(app, world.item_id)
    url = f"/projects/{world.project_id}/items/{own.id}"
    assert client.post(url, data={"status": "done", "notes": "Signed off", "version": own.version}).status_code == 302
    saved = _item(app, own.id)
    assert (saved.status, saved.notes) == ("done", "Signed off")
    with app.app_context():
        other = next(i for i in service.project_items(world.project_id) if i.owner_id is None)
        other_id, other_version = other.id, other.version
    response = client.post(
        f"/projects/{world.project_id}/items/{other_id}", data={"status": "done", "version": other_version}
    )
    assert response.status_code == 403


def test_bad_input_shows_an_error_summary_and_keeps_what_was_typed(app, login_as, world):
    client = login_as("consultant")
    item = _item(app, world.item_id)
    response = client.post(
        f"/projects/{world.project_id}/items/{item.id}",
        data={
            "title": "",
            "status": "open",
            "notes": "Half-written evidence",
            "due_date": "31/02/2026",
            "version": item.version,
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "There is a problem" in html
    assert 'href="#title"' in html and 'href="#due_date"' in html
    assert "Half-written evidence" in html
    assert _item(app, item.id).notes == ""


def test_removal_asks_for_confirmation_and_is_recorded(app, login_as, world):
    client = login_as("consultant")
    item = _item(app, world.item_id)
    url = f"/projects/{world.project_id}/items/{item.id}/remove"
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Remove this checklist item?" in confirm.get_data(as_text=True)
    assert _item(app, item.id).removed_at is None
    assert client.post(url, data={"version": item.version}).status_code == 302
    assert _item(app, item.id).removed_at is not None
    history = client.get(f"/api/v1/items/{item.id}/history").get_json()
    assert history[0]["action"] == "removed" and history[0]["actor"] == "consultant"


def test_filters_show_counts_and_narrow_the_list(app, login_as, world):
    client = login_as("member")
    html = client.get(f"/projects/{world.project_id}/phases/1?filter=mine").get_data(as_text=True)
    assert html.count("data-item-row") == 1
    assert f'id="item-{world.item_id}"' in html


def test_consultants_add_items_and_deliverables(app, login_as, world):
    client = login_as("consultant")
    response = client.post(f"/projects/{world.project_id}/phases/2/items", data={"title": "Interview the call centre"})
    assert response.status_code == 302
    response = client.post(f"/projects/{world.project_id}/phases/2/deliverables", data={"title": "Interview notes"})
    assert response.status_code == 302
    html = client.get(f"/projects/{world.project_id}/phases/2").get_data(as_text=True)
    assert "Interview the call centre" in html and "Interview notes" in html
    empty = client.post(f"/projects/{world.project_id}/phases/2/items", data={"title": ""})
    assert empty.status_code == 400 and "There is a problem" in empty.get_data(as_text=True)


def test_the_edit_form_shows_the_items_current_owner(login_as, world):
    html = login_as("consultant").get(f"/projects/{world.project_id}/items/{world.item_id}").get_data(as_text=True)
    owner_select = html.split('id="owner"')[1].split("</select>")[0]
    assert f'selected value="{world.users["member"]}"' in owner_select


def test_a_long_checklist_is_read_a_page_at_a_time_with_the_same_queries(
    app, login_as, world, monkeypatch, count_queries
):
    monkeypatch.setattr(checklist_page, "ITEMS_PER_PAGE", 4)
    with app.app_context():
        phase = service.summaries(world.project_id)[0].phase
        for n in range(9):
            changing.add_item(phase, title=f"Long list item {n:02d}", locale="en")
        db.session.commit()
        live = [i for i in service.phase_items(phase.id) if i.removed_at is None]
    client = login_as("consultant")
    url = f"/projects/{world.project_id}/phases/1"
    shown, queries = [], []
    pages = -(-len(live) // 4)
    for number in range(1, pages + 1):
        with count_queries() as counter:
            page = client.get(f"{url}?page={number}").get_data(as_text=True)
        queries.append(counter.count)
        rows = re.findall(r'<tr id="item-(\d+)"', page)
        assert len(rows) <= 4
        shown += [int(r) for r in rows]
        assert f"Page {number} of {pages}" in page
        assert ('rel="next"' in page) == (number < pages) and ('rel="prev"' in page) == (number > 1)
    assert shown == [i.id for i in live]  # every live item once, in checklist order
    assert len(set(queries)) == 1, queries
    last = client.get(f"{url}?page=999").get_data(as_text=True)  # out of range: the last page
    assert f"Page {pages} of {pages}" in last
    counted = re.search(r'filter=all"[^>]*>All <span class="count">(\d+)<', client.get(url).get_data(as_text=True))
    assert int(counted.group(1)) == len(live)
