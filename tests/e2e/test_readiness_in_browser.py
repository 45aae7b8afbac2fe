"""End to end in the system Chromium: two respondents fill the same assessment; the director sees the radar
chart and the flagged disagreement."""

import pytest

from tests.e2e.test_checklist_in_browser import CHROMIUM, CHROMIUM_ARGS, live_server  # noqa: F401
from tests.e2e.test_steering_in_browser import _sign_in

playwright = pytest.importorskip("playwright.sync_api")


def _answer(page, url, scores):
    page.goto(url)
    for item, score in scores.items():
        page.check(f"input[name='score-{item}'][value='{score}']")
    page.click("button:has-text('Save my answers')")
    page.wait_for_selector("text=Your answers are saved.")


@pytest.mark.e2e
def test_two_respondents_disagree_and_the_director_sees_it(world, live_server):  # noqa: F811
    url = f"{live_server}/projects/{world.project_id}/readiness/{world.assessment_id}"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        consultant = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(consultant, live_server, "consultant")
        _answer(consultant, url, {"sponsorship": 1, "needs_analysis": 3})
        steering = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
        _sign_in(steering, live_server, "steering")
        _answer(steering, url, {"sponsorship": 5, "needs_analysis": "dk"})

        director = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(director, live_server, "director")
        director.goto(url)
        assert "2" in director.locator("p.muted").first.inner_text()  # two respondents
        radar = director.locator("img[src$='radar.svg']")
        radar.wait_for()
        assert director.evaluate("img => img.complete && img.naturalWidth > 0", radar.element_handle())
        flagged = director.locator("tr:has-text('Disagreement')")
        assert flagged.count() == 1
        assert "Top management visibly supports" in flagged.inner_text()
        browser.close()
