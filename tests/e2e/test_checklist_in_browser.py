"""End to end in the real system Chromium: a consultant ticks a checklist item and sees progress change."""

import threading

import pytest
from werkzeug.serving import make_server

from crm_rollout.core.extensions import db
from crm_rollout.phases import service as phases
from crm_rollout.phases.models import ChecklistItem
from tests.factories import PASSWORD

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser_page():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


@pytest.mark.e2e
def test_consultant_ticks_an_item_and_sees_progress_change(app, world, live_server, browser_page):
    page = browser_page
    page.goto(f"{live_server}/login")
    page.fill("#login", "consultant")
    page.fill("#password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server}/my-work")

    page.goto(f"{live_server}/projects/{world.project_id}/phases/1")
    with app.app_context():
        phase_id = phases.summaries(world.project_id)[0].phase.id
    headline = page.locator(f'[data-phase-headline="{phase_id}"] .progress-text')
    nav = page.locator(f'[data-phase-progress="{phase_id}"]')
    assert headline.inner_text() == "0%"

    row = page.locator(f"#item-{world.item_id}")
    row.locator("button.check").click()

    # The row is swapped in place (no reload) and both progress figures follow.
    page.locator(f"#item-{world.item_id} button.check.checked").wait_for()
    with app.app_context():
        expected = phases.summaries(world.project_id)[0].progress
        assert db.session.get(ChecklistItem, world.item_id).status == "done"
    assert expected > 0
    assert headline.inner_text() == f"{expected}%"
    assert nav.inner_text() == f"{expected}%"
    assert page.locator(f"#item-{world.item_id} select").input_value() == "done"
