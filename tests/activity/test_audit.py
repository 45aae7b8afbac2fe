from crm_rollout.activity import service as activity
from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.phases import changing as phase_changes
from crm_rollout.phases import service as phases
from tests.factories import make_project, make_user


def test_every_changed_field_is_recorded_with_actor_before_and_after(ctx):
    director = make_user("dir")
    consultant = make_user("cons")
    project = make_project(director)
    item = phases.project_items(project.id)[0]
    with acting_as(db.session, consultant.id):
        phase_changes.update_item(
            item, expected_version=item.version, changes={"status": "blocked", "notes": "Waiting for IT"}
        )
    db.session.commit()
    entries = activity.history("checklist_items", item.id)
    changed = {e.field: (e.old_value, e.new_value, e.actor_id) for e in entries if e.action == "updated"}
    assert changed == {"status": ("open", "blocked", consultant.id), "notes": ("", "Waiting for IT", consultant.id)}
    created = [e for e in entries if e.action == "created"]
    assert created and created[0].actor_id == director.id
    assert all(e.project_id == project.id for e in entries)


def test_unchanged_saves_record_nothing(ctx):
    director = make_user("dir")
    project = make_project(director)
    item = phases.project_items(project.id)[0]
    before = len(activity.history("checklist_items", item.id))
    phase_changes.update_item(item, expected_version=item.version, changes={"status": item.status})
    db.session.commit()
    assert len(activity.history("checklist_items", item.id)) == before


def test_activity_page_shows_changes_in_words(login_as, world):
    client = login_as("consultant")
    client.post(f"/projects/{world.project_id}/items/{world.item_id}/status", data={"status": "blocked", "version": 2})
    html = client.get(f"/projects/{world.project_id}/activity").get_data(as_text=True)
    assert "Consultant" in html and "Blocked" in html and "Open" in html


def test_item_page_shows_its_history(login_as, world):
    client = login_as("viewer")
    html = client.get(f"/projects/{world.project_id}/items/{world.item_id}").get_data(as_text=True)
    assert 'id="history"' in html
    assert "Member" in html  # the owner change made by the factory, shown by name
