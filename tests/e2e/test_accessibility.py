"""Every page of the demo, in both languages and as director, steering member and consultant, read as a screen
reader and a validator would: no serious or critical axe-core finding, and no Nu HTML checker error.

The demo is loaded into an app of its own, with CSRF on, so the markup is exactly what people get. Pages are
found by following the links a person can follow, from the start page on.
"""

import json
import os
import shutil
import subprocess
import threading
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.serving import make_server

from crm_rollout import create_app
from crm_rollout.cli import init_db
from crm_rollout.core.extensions import db
from crm_rollout.demo.seed import DEMO_PASSWORD, seed_demo

playwright = pytest.importorskip("playwright.sync_api")
axe_playwright = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
# The Nu checker from npm (tests/run.sh installs it); Java from the distribution.
VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SKIP = (
    *("/logout", "/static/", "/api/", "/language", "/export", "/documents/versions/"),
    *(".svg", ".pdf", ".csv", ".xlsx", ".json", ".bpmn", ".ics", ".toml"),  # files, not pages
)
MAX_PAGES = 140  # per person and language: every kind of page of the demo, not every row


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    if os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("markup does not depend on the database: checked once, on the SQLite run")
    folder = tmp_path_factory.mktemp("a11y")
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.db'}",
            "SECRET_KEY": "a11y-test",
            "PAGE_CACHE": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        init_db()
        assert seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def _crawl(page, base: str):
    """Path -> HTML as served, for every page reachable by links from the start page."""
    # The start page, and a search (a form, so no link leads to its results).
    queue = ["/", "/search?q=%E6%8A%95%E8%AF%89"]
    kinds, count = {_kind(path) for path in queue}, 0
    while queue and count < MAX_PAGES:
        path = queue.pop(0)
        response = page.goto(base + path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        count += 1
        yield path, response.text()
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
            target = urlsplit(urljoin(base + path, href))
            if target.netloc != urlsplit(base).netloc or any(s in target.path for s in SKIP):
                continue
            link = target.path + (f"?{target.query}" if target.query else "")
            if _kind(link) not in kinds:
                kinds.add(_kind(link))
                queue.append(link)


def _kind(path: str) -> str:
    """Pages that differ only by ids are one kind: the checks look at each kind once."""
    return "/".join("#" if part.isdigit() else part for part in path.split("?")[0].split("/"))


@pytest.mark.e2e
@pytest.mark.parametrize("login", ["director", "steering", "consultant", "xufeng"])
@pytest.mark.parametrize("locale", ["zh", "en"])
def test_every_page_passes_axe_and_the_nu_checker(demo_server, tmp_path, login, locale):
    base = demo_server
    axe = axe_playwright.Axe()
    findings, saved = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="zh-CN" if locale == "zh" else "en")
        page.goto(f"{base}/login")
        page.fill("#login", login)
        page.fill("#password", DEMO_PASSWORD)
        page.press("#password", "Enter")
        page.wait_for_load_state()
        page.evaluate(
            "locale => fetch('/language', {method: 'POST', body: new URLSearchParams({locale, csrf_token: "
            "document.querySelector('input[name=csrf_token]').value})})",
            locale,
        )
        for n, (path, html) in enumerate(_crawl(page, base)):
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    targets = [node["target"] for node in violation["nodes"][:3]]
                    findings.append(f"{path}: {violation['id']} ({violation['impact']}) {targets}")
            file = tmp_path / f"page-{n}.html"
            file.write_text(html, encoding="utf-8")
            saved.append((file, path))
        browser.close()
    assert len(saved) > 20, "the crawl should reach every kind of page of the demo"
    findings += _nu_errors(saved)
    if os.environ.get("A11Y_REPORT"):  # the whole list, for whoever fixes them
        with open(os.environ["A11Y_REPORT"], "a", encoding="utf-8") as report:
            report.write("\n".join(f"{locale} {login} {finding}" for finding in findings) + "\n")
    assert not findings, f"{len(findings)} findings:\n" + "\n".join(findings[:60])


def _nu_errors(saved: list[tuple[Path, str]]) -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.exists():
        if os.environ.get("CI"):
            pytest.fail("The Nu checker needs Java and node_modules/vnu-jar (tests/run.sh installs both).")
        return []
    paths = {str(file): path for file, path in saved}
    run = subprocess.run(  # noqa: S603  (our own files and the checker that tests/run.sh installed)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or run.stdout or "{}").get("messages", [])
    return [
        f"{paths.get(m.get('url', '').removeprefix('file:'), m.get('url'))}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]
