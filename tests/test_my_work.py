""" "My work" is where a person lands after signing in, and it lists everything waiting for them."""

import re

from crm_rollout.core.extensions import db
from crm_rollout.reports import service as reports
from tests.conftest import login
from tests.factories import PASSWORD


def test_signing_in_lands_on_my_work(client, world):
    response = client.post("/login", data={"login": "steering", "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/my-work")


def test_a_steering_member_sees_the_report_and_the_gate_waiting_for_their_review(app, login_as, world):
    client = login_as("steering")
    page = client.get("/my-work").get_data(as_text=True)
    assert "Waiting for your review" in page
    assert f"/projects/{world.project_id}/reports/{world.report_id}/versions/1" in page
    assert f"/projects/{world.project_id}/phases/1/gate" in page
    assert "Assessments to answer" in page  # the world's assessment, not answered by anyone yet
    count = client.get("/").get_data(as_text=True)
    assert "reviews waiting" in count and "/my-work#reviews" in count


def test_the_version_page_carries_the_signing_form_and_signing_clears_the_review(app, client, world):
    login(client, "steering")
    version_page = client.get(f"/projects/{world.project_id}/reports/{world.report_id}/versions/1")
    html = version_page.get_data(as_text=True)
    assert "Sign my review" in html and f"/reports/{world.report_id}/versions/1/review" in html
    signed = client.post(
        f"/projects/{world.project_id}/reports/{world.report_id}/versions/1/review",
        data={"decision": "approve", "comment": "", "password": PASSWORD},
    )
    assert signed.status_code == 302
    with app.app_context():
        assert reports.waiting_for(world.users["steering"], [world.project_id]) == []
        db.session.remove()
    again = client.get(f"/projects/{world.project_id}/reports/{world.report_id}/versions/1").get_data(as_text=True)
    assert "Sign my review" not in again
    assert f"/reports/{world.report_id}/versions/1" not in client.get("/my-work").get_data(as_text=True)


def test_a_process_owner_sees_the_to_be_waiting_for_their_approval(login_as, world):
    page = login_as("consultant").get("/my-work").get_data(as_text=True)
    assert "Waiting for your approval" in page and f"/blueprint/models/{world.model_id}" in page


def test_a_viewer_with_nothing_to_do_sees_the_empty_state(login_as, world):
    page = login_as("viewer").get("/my-work").get_data(as_text=True)
    assert "Nothing on your plate" in page and "Assessments to answer" not in page


def test_the_count_in_the_top_bar_is_what_my_work_lists(app, client, world):
    """The count is one SQL query over every domain; the page lists the same things one by one."""
    from crm_rollout.portfolio import work

    seen = {}
    for role in ("director", "steering", "consultant", "member", "viewer"):
        login(client, role)
        page = client.get("/my-work").get_data(as_text=True)
        shown = int(
            re.search(r'href="/my-work">[^<]*<span class="count"><span aria-hidden="true">(\d+)<', page).group(1)
        )
        with app.app_context():
            waiting = work.waiting_for(world.users[role])
            listed = waiting.decisions + len(waiting.actions) + len(waiting.items)
        assert shown == listed, role
        seen[role] = shown
        client.post("/logout")
    assert seen["steering"] >= 3 and seen["member"] >= 1  # a report, a gate and an assessment; the world's item


def test_the_top_bar_stops_counting_at_its_cap(app, login_as, world):
    """A person with hundreds of open items costs each page no more than one with a hundred: the bar says 99+,
    and the my-work page still lists everything."""
    from sqlalchemy import func, select, update

    from crm_rollout.core.lookup import COUNT_CAP
    from crm_rollout.phases import changing
    from crm_rollout.phases.models import ChecklistItem, Phase

    member = world.users["member"]
    with app.app_context():
        phase = db.session.scalar(select(Phase).where(Phase.project_id == world.project_id, Phase.number == 1))
        for n in range(COUNT_CAP + 20):
            changing.add_item(phase, title=f"Extra {n}", locale="en")
        db.session.execute(
            update(ChecklistItem)
            .where(ChecklistItem.project_id == world.project_id, ChecklistItem.removed_at.is_(None))
            .values(owner_id=member, status="open")
        )
        owned = db.session.scalar(select(func.count()).where(ChecklistItem.owner_id == member))
        db.session.commit()
    assert owned > COUNT_CAP
    page = login_as("member").get("/my-work").get_data(as_text=True)
    bar = page.split('href="/my-work">')[1].split("</a>")[0]
    assert f">{COUNT_CAP - 1}+<" in bar and f"more than {COUNT_CAP - 1} open items" in bar
    assert page.count(f"/projects/{world.project_id}/items/") >= owned  # the list itself is not capped


def test_the_overview_shows_a_committee_member_what_waits_for_their_review(app, world):
    overview = f"/projects/{world.project_id}/"
    steering, director = app.test_client(), app.test_client()
    login(steering, "steering")
    login(director, "director")
    page = steering.get(overview).get_data(as_text=True)
    assert "Waiting for your review" in page
    assert f"/reports/{world.report_id}" in page and f"/projects/{world.project_id}/phases/1/gate" in page
    assert "Waiting for your review" not in director.get(overview).get_data(as_text=True)
