"""End to end in the system Chromium: a consultant adds a process to the blueprint, builds its to-be step by
step, and watches the swimlane diagram and the measures change."""

import pytest

from tests.e2e.test_checklist_in_browser import CHROMIUM, CHROMIUM_ARGS, live_server  # noqa: F401
from tests.e2e.test_steering_in_browser import _sign_in

playwright = pytest.importorskip("playwright.sync_api")


def _metric(page, key):
    return page.locator(f'td[data-metric="{key}"]').last.inner_text()


def _add_step(page, actor, activity, hours, *, decision=False):
    page.fill("#actor", actor)
    page.fill("#activity", activity)
    page.fill("#duration_hours", str(hours))
    if decision:
        page.check("#is_decision")
    page.click("#add-step button.primary")
    page.wait_for_selector(f".diagram-scroll svg text:has-text('{activity.split()[0]}')")


@pytest.mark.e2e
def test_consultant_builds_a_to_be_and_sees_the_swimlane_and_measures_change(world, live_server):  # noqa: F811
    base = live_server
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(page, base, "consultant")
        page.goto(f"{base}/projects/{world.project_id}/blueprint/")
        page.click("summary:has-text('Add a process')")  # the form waits behind its button
        page.fill("#name", "Lead to opportunity")
        page.select_option("#area", "sales")
        page.select_option("#importance", "5")
        page.check("#in_blueprint")
        page.click("#add-process button.primary")
        page.wait_for_selector("h1:has-text('Lead to opportunity')")

        page.click("#measures a:has-text('To-be')")
        page.wait_for_selector("h2:has-text('Swimlane diagram')")
        assert page.locator(".diagram-scroll").count() == 0  # nothing drawn yet

        _add_step(page, "Sales rep", "Qualify the lead", 1, decision=True)
        assert _metric(page, "steps") == "1" and _metric(page, "handoffs") == "0"
        assert page.locator(".diagram-scroll svg polygon").count() == 1  # a decision is drawn as a diamond

        _add_step(page, "Sales manager", "Assign an account owner", 2)
        assert _metric(page, "steps") == "2"
        assert _metric(page, "roles") == "2" and _metric(page, "handoffs") == "1"
        lanes = page.locator(".diagram-scroll svg > text").all_text_contents()
        assert any("Sales manager" in t for t in lanes) and any("Sales rep" in t for t in lanes)

        page.click("a:has-text('Edit step 1')")
        page.fill("#next_steps", "2: qualified; end: not qualified")
        page.click("button.primary:has-text('Save step')")
        page.wait_for_selector(".diagram-scroll svg text:has-text('not qualified')")
        assert _metric(page, "decisions") == "1"
        assert page.locator(".diagram-scroll svg circle.event").count() == 3  # start, and two ends (one per lane)
        assert "3 h" in _metric(page, "critical_hours")
        browser.close()
