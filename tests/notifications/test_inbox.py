"""Who is told what, in which words, and how they read and clear it."""

import re
from datetime import date, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from crm_rollout.auth import service as accounts
from crm_rollout.core.audit import acting_as
from crm_rollout.core.extensions import db
from crm_rollout.notifications import service as notifications
from crm_rollout.notifications.models import Notification
from crm_rollout.notifications.words import sentence_of
from crm_rollout.phases import changing
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.projects import service as projects
from crm_rollout.steering import actions as steering_actions
from crm_rollout.team import service as team
from tests.conftest import login


def _of(user_id, sentence=None):
    query = select(Notification).where(Notification.user_id == user_id)
    if sentence:
        query = query.where(Notification.sentence == sentence)
    return list(db.session.scalars(query))


def _give(item_id, owner_id, actor_id):
    item = db.session.get(ChecklistItem, item_id)
    with acting_as(db.session, actor_id):
        changing.update_item(item, expected_version=item.version, changes={"owner": owner_id})
    db.session.commit()
    return item


def test_the_new_owner_of_an_item_is_told_in_their_language_and_the_actor_is_not(app, world):
    with app.app_context():
        consultant = db.session.get(accounts.User, world.users["consultant"])
        consultant.locale = "zh"
        db.session.commit()
        item = _give(world.item_id, world.users["consultant"], world.users["director"])
        [row] = _of(world.users["consultant"], "item_assigned")
        assert _of(world.users["director"], "item_assigned") == []
        with app.test_request_context(), force_locale("zh"):
            text = sentence_of(row)
        assert "Director" in text and "指派给您" in text and (item.title_zh or item.title_en) in text


def test_a_burst_of_changes_to_one_thing_makes_one_notification(app, world):
    with app.app_context():
        for owner in ("consultant", "member", "consultant"):
            _give(world.item_id, world.users[owner], world.users["director"])
        assert len(_of(world.users["consultant"], "item_assigned")) == 1


def test_a_burst_window_passed_makes_a_new_notification(app, world):
    with app.app_context():
        _give(world.item_id, world.users["consultant"], world.users["director"])
        for row in _of(world.users["consultant"], "item_assigned"):
            row.created_at -= timedelta(seconds=app.config["NOTIFY_BURST_SECONDS"] + 1)
        db.session.commit()
        _give(world.item_id, world.users["member"], world.users["director"])
        _give(world.item_id, world.users["consultant"], world.users["director"])
        assert len(_of(world.users["consultant"], "item_assigned")) == 2


def test_nobody_hears_of_their_own_change_nor_after_leaving_the_project(app, world):
    with app.app_context():
        _give(world.item_id, world.users["director"], world.users["director"])
        assert _of(world.users["director"], "item_assigned") == []
        # The steering member's team record owns an action; after they leave, giving them another tells nobody.
        person = team.add_person(
            world.project_id, name="Sam Steer", tier="core", position="team_member", user_id=world.users["steering"]
        )
        membership = next(m for m in projects.members(world.project_id) if m.user_id == world.users["steering"])
        projects.remove_member(membership)
        db.session.commit()
        with acting_as(db.session, world.users["director"]):
            steering_actions.create_action(world.project_id, title="Call the bank", owner_id=person.id)
        db.session.commit()
        assert _of(world.users["steering"], "action_assigned") == []


def test_an_action_given_to_a_team_person_reaches_their_account(app, world):
    with app.app_context():
        person = team.add_person(
            world.project_id,
            name="Cora Consult",
            tier="core",
            position="team_member",
            user_id=world.users["consultant"],
        )
        with acting_as(db.session, world.users["director"]):
            steering_actions.create_action(
                world.project_id, title="Clean the account list", owner_id=person.id, due_date=date.today()
            )
        db.session.commit()
        [row] = _of(world.users["consultant"], "action_assigned")
        assert row.params["title"] == "Clean the account list"


def test_a_mention_tells_the_member_named_and_no_outsider(app, world):
    with app.app_context():
        item = db.session.get(ChecklistItem, world.item_id)
        with acting_as(db.session, world.users["director"]):
            changing.add_comment(
                item, author_id=world.users["director"], body="@Consultant and @outsider: please check the scope."
            )
        db.session.commit()
        assert len(_of(world.users["consultant"], "mentioned")) == 1
        assert _of(world.users["outsider"], "mentioned") == []


def test_the_committee_is_asked_to_review_a_submitted_report(app, world):
    with app.app_context():
        rows = _of(world.users["steering"], "report_submitted")
        assert [r.endpoint for r in rows] == ["reports.version"]
        assert _of(world.users["viewer"], "report_submitted") == []


def test_a_person_who_turned_a_kind_off_is_not_told(app, world):
    with app.app_context():
        notifications.save_settings({"assigned": "off"}, user_id=world.users["consultant"])
        db.session.commit()
        _give(world.item_id, world.users["consultant"], world.users["director"])
        assert _of(world.users["consultant"], "item_assigned") == []


def test_the_projects_default_applies_to_who_chose_nothing(app, world):
    with app.app_context():
        notifications.save_settings({"assigned": "digest"}, project_id=world.project_id)
        notifications.save_settings({"assigned": "inbox"}, user_id=world.users["member"])
        db.session.commit()
        _give(world.item_id, world.users["consultant"], world.users["director"])
        _give(world.item_id, world.users["member"], world.users["director"])
        assert [r.channel for r in _of(world.users["consultant"], "item_assigned")] == ["digest"]
        assert [r.channel for r in _of(world.users["member"], "item_assigned")][-1] == "inbox"


def test_inbox_page_bell_and_marking_read(app, client, world):
    with app.app_context():
        _give(world.item_id, world.users["consultant"], world.users["director"])
    login(client, "consultant")
    page = client.get("/inbox").get_data(as_text=True)
    assert "gave you the checklist item" in page
    assert 'class="bell has-unread"' in client.get("/my-work").get_data(as_text=True)
    listed = client.get("/api/v1/notifications?unread=1").get_json()
    bell = re.search(r'class="bell has-unread".*?<span aria-hidden="true">(\d+)</span>', client.get("/my-work").text)
    assert int(bell.group(1)) == len(listed) > 0  # the bell counts what the inbox lists
    [assigned] = [n for n in listed if n["kind"] == "assigned"]
    assert assigned["url"].endswith(f"/items/{world.item_id}")
    assert client.post("/inbox/read", data={"all": "1"}).status_code == 302
    assert client.get("/api/v1/notifications?unread=1").get_json() == []
    assert 'class="bell"' in client.get("/my-work").get_data(as_text=True)
    assert len(client.get("/api/v1/notifications").get_json()) == len(listed)


def test_opening_a_notification_marks_it_read_and_goes_to_the_thing(app, client, world):
    with app.app_context():
        _give(world.item_id, world.users["consultant"], world.users["director"])
        [row] = _of(world.users["consultant"], "item_assigned")
        row_id = row.id
    login(client, "consultant")
    response = client.post(f"/inbox/{row_id}/open")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/items/{world.item_id}")
    assert row_id not in [n["id"] for n in client.get("/api/v1/notifications?unread=1").get_json()]


def test_another_persons_notification_is_not_found(app, client, world):
    with app.app_context():
        _give(world.item_id, world.users["consultant"], world.users["director"])
        [row] = _of(world.users["consultant"], "item_assigned")
        row_id = row.id
    login(client, "member")
    assert client.post(f"/api/v1/notifications/{row_id}/read").status_code == 404
    assert client.post(f"/inbox/{row_id}/open").status_code == 404
    owner = app.test_client()
    login(owner, "consultant")
    answer = owner.post(f"/api/v1/notifications/{row_id}/read")
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["read_at"] is not None
