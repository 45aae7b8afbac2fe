"""End to end in the system Chromium: the director submits a report, a steering member signs it,
the director sees it approved and downloads the PDF."""

import pytest

from tests.e2e.test_checklist_in_browser import CHROMIUM, CHROMIUM_ARGS, live_server  # noqa: F401
from tests.e2e.test_steering_in_browser import _sign_in
from tests.factories import PASSWORD

playwright = pytest.importorskip("playwright.sync_api")


@pytest.mark.e2e
def test_director_submits_steering_signs_director_downloads_pdf(world, live_server):  # noqa: F811
    base = live_server
    reports = f"{base}/projects/{world.project_id}/reports/"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        director = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True).new_page()
        director.on("dialog", lambda dialog: dialog.accept())  # the "submit and freeze?" confirmation
        _sign_in(director, base, "director")
        director.goto(reports)
        director.fill("form[action$='/reports/'] input[name=title]", "Blueprint report")
        director.click("button:has-text('Start a draft')")
        director.wait_for_selector("h1:has-text('Blueprint report')")
        director.select_option("#schedule_rag", "amber")
        director.fill("#schedule_reason", "Two items overdue")
        director.fill("#achievements", "Three key processes selected.")
        director.click("button:has-text('Save draft')")
        director.wait_for_selector(".flash-success")
        director.click("button:has-text('Submit to the steering committee')")
        director.wait_for_selector("text=Version 1")
        report_url = director.url

        member = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
        _sign_in(member, base, "steering")
        member.goto(reports)
        member.click(".attention-card a:has-text('Blueprint report')")
        member.check("input[name=decision][value=approve]")
        member.fill("#password", PASSWORD)
        member.click("button:has-text('Sign my review')")
        member.wait_for_selector("text=Your review is signed and recorded.")

        director.goto(report_url)
        assert director.locator("h2:has-text('Version 1 · Approved')").count() == 1
        with director.expect_download() as download_info:
            director.evaluate(
                "url => { const a = document.createElement('a'); a.href = url; a.download = 'report.pdf'; "
                "document.body.appendChild(a); a.click(); }",
                director.locator("a:has-text('PDF')").first.get_attribute("href"),
            )
        path = download_info.value.path()
        with open(path, "rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        browser.close()
