"""End to end in the system Chromium: the director records a meeting with a decision and an action;
the action's owner finds it on their "my work" page."""

import pytest

from crm_rollout.core.extensions import db
from crm_rollout.team import service as team
from tests.e2e.test_checklist_in_browser import CHROMIUM, CHROMIUM_ARGS, live_server  # noqa: F401
from tests.factories import PASSWORD

playwright = pytest.importorskip("playwright.sync_api")


def _sign_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("#login", username)
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{base}/my-work")


@pytest.mark.e2e
def test_director_records_meeting_decision_and_action_and_the_owner_sees_it(app, world, live_server):  # noqa: F811
    with app.app_context():
        person = team.PEOPLE.get(world.project_id, world.person_id)
        team.update_person(person, expected_version=person.version, changes={"user_id": world.users["member"]})
        db.session.commit()
    base = live_server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        director = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(director, base, "director")
        director.goto(f"{base}/projects/{world.project_id}/steering/meetings/new")
        director.fill("#title", "Blueprint review")
        director.fill("#meeting_date", "2026-12-10")
        director.click("button.primary")
        director.wait_for_selector("h1:has-text('Blueprint review')")

        director.click("summary:has-text('Record a decision')")
        director.fill("#decisions textarea[name=text]", "Approve the three key processes.")
        director.click("#decisions button.primary")
        director.wait_for_selector("#decisions li:has-text('Approve the three key processes.')")

        director.click("summary:has-text('Give out an action')")  # the form waits behind its button
        director.fill("#actions input[name=title]", "Draft the to-be complaint process")
        director.select_option("#actions select[name=owner_id]", label="Pat Core")
        director.click("#actions button:has-text('Add action')")
        director.wait_for_selector("#actions td:has-text('Draft the to-be complaint process')")

        member = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
        _sign_in(member, base, "member")
        member.goto(f"{base}/my-work")
        assert member.locator("text=Draft the to-be complaint process").count() == 1
        assert member.locator("a:has-text('Blueprint review')").count() == 1
        browser.close()
