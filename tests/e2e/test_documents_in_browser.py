"""End to end in the system Chromium: a member attaches two files to their item through the upload form
(the progress path of app.js), sees them listed, and a too-large file is refused with a message."""

import pytest
from sqlalchemy import select

from crm_rollout.core.extensions import db
from crm_rollout.documents.models import DocumentVersion
from tests.e2e.test_checklist_in_browser import browser_page, live_server  # noqa: F401  (fixtures)
from tests.factories import PASSWORD, PDF

playwright = pytest.importorskip("playwright.sync_api")


@pytest.mark.e2e
def test_a_member_attaches_files_with_the_upload_form(app, world, live_server, browser_page, monkeypatch):  # noqa: F811
    page = browser_page
    page.goto(f"{live_server}/login")
    page.fill("#login", "member")
    page.fill("#password", PASSWORD)
    page.press("#password", "Enter")
    page.wait_for_url(f"{live_server}/my-work")
    page.goto(f"{live_server}/projects/{world.project_id}/items/{world.item_id}")

    form = page.locator("form.dropzone")
    form.locator('input[type="file"]').set_input_files(
        [
            {"name": "签字版需求说明书.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "workshop.txt", "mimeType": "text/plain", "buffer": "第一次需求研讨会纪要".encode()},
        ]
    )
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    page.locator(".documents a", has_text="签字版需求说明书.pdf").wait_for()
    assert page.locator(".documents a", has_text="workshop.txt").count() == 1
    with app.app_context():
        names = set(db.session.scalars(select(DocumentVersion.filename)))
    assert {"签字版需求说明书.pdf", "workshop.txt"} <= names

    monkeypatch.setitem(app.config, "DOCUMENT_MAX_BYTES", 100)
    page.reload()
    form = page.locator("form.dropzone")
    form.locator('input[type="file"]').set_input_files(
        [{"name": "big.txt", "mimeType": "text/plain", "buffer": b"x" * 500}]
    )
    form.locator('button[type="submit"]').click()
    status = form.locator(".upload-status")
    status.wait_for(state="visible")
    assert "nothing was uploaded" in status.inner_text()
