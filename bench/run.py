"""The benchmark: a project at real scale, its main pages in-process and under gunicorn with wrk.

    .venv/bin/python -m bench.run                   # SQLite in bench/out/
    DATABASE_URL=postgresql://... .venv/bin/python -m bench.run   # an empty PostgreSQL database

Prints one table and writes the same figures to bench/out/results-<engine>.json. Needs `wrk` on the PATH
(Debian: apt-get install wrk) for the load part; without it that part is skipped and said so.
"""

import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REPEATS = 30
LOAD_SECONDS = 10
USER_AGENT = "crm-rollout-bench"
TARGETS = {
    "relative_throughput": 0.20,  # overview and checklist vs the hello route
    "chart_warm_ms": 2.0,
    "chart_cold_ms": 80.0,
    "pdf_s": 2.0,
    "worker_rss_mb": 200.0,
    "search_p50_ms": 100.0,  # a search over the 1,000-item project, rendered, in-process
}


def _database_url() -> str:
    from crm_rollout.core.config import sqlalchemy_url

    OUT.mkdir(parents=True, exist_ok=True)
    return sqlalchemy_url(os.environ.get("DATABASE_URL") or f"sqlite:///{OUT / 'bench.db'}")


def _app(url: str):
    from crm_rollout import create_app

    # CSRF off for the in-process client's sign-in only; the gunicorn run signs in with the token.
    # The in-process table measures rendering, so the page cache is off there; its own rows measure it on.
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench-only-secret",
            "WTF_CSRF_ENABLED": False,
            "PAGE_CACHE": False,
        }
    )


def prepare(app) -> tuple[int, int]:
    """Migrate and generate the large project (and a small one to compare query counts with) once;
    later runs reuse them."""
    from bench.generate import generate
    from crm_rollout.cli import init_db
    from crm_rollout.core.extensions import db
    from crm_rollout.projects.models import Project

    with app.app_context():
        init_db()
        ids = []
        for name, scale in (("Bench project", 1.0), ("Bench small project", 0.02)):
            existing = db.session.scalar(select(Project.id).where(Project.name == name))
            if existing is None:
                started = time.perf_counter()
                existing = generate(scale, name=name)
                print(f"generated {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            ids.append(existing)
        return ids[0], ids[1]


def pages(app, project_id: int) -> dict[str, str]:
    from crm_rollout.core.extensions import db
    from crm_rollout.processes.models import ProcessModel
    from crm_rollout.readiness.models import Assessment
    from crm_rollout.reports.models import Report
    from crm_rollout.steering.models import Meeting

    with app.app_context():

        def first(model):
            return db.session.scalar(select(model.id).where(model.project_id == project_id).order_by(model.id))

        base = f"/projects/{project_id}"
        return {
            "portfolio": "/",
            "overview": f"{base}/",
            "phase checklist": f"{base}/phases/1",
            "team": f"{base}/team/",
            "meeting": f"{base}/steering/meetings/{first(Meeting)}",
            "milestone report": f"{base}/reports/{first(Report)}",
            "process model": f"{base}/blueprint/models/{first(ProcessModel)}",
            "assessment result": f"{base}/readiness/{first(Assessment)}",
            "risk register": f"{base}/risks/",
            "search (Chinese)": "/search?q=%E6%8A%95%E8%AF%89",  # 投诉
            "search (English)": "/search?q=customer",
        }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _timed(client, url: str, statements: list) -> dict:
    """p50 and p95 of REPEATS requests after a warm-up, and the most SQL statements one of them ran."""
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times, counts = [], []
    for _ in range(REPEATS):
        statements.clear()
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        counts.append(len(statements))
    return {
        "p50_ms": round(_percentile(times, 0.5), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
        "queries": max(counts),
    }


def in_process(app, urls: dict[str, str]) -> dict:
    """Server time (p50, p95) and SQL statements per page, through the test client."""
    from crm_rollout.core.extensions import db

    client = app.test_client()
    response = client.post("/login", data={"login": "benchdirector", "password": "bench-password"})
    assert response.status_code == 302, "bench sign-in failed"
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *_args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    results = {}
    try:
        for name, url in urls.items():
            results[name] = _timed(client, url, statements)
        app.config["PAGE_CACHE"] = True
        for name in ("overview", "phase checklist"):
            results[f"{name} (cached)"] = _timed(client, urls[name], statements)
    finally:
        app.config["PAGE_CACHE"] = False
        event.remove(engine, "before_cursor_execute", listener)
    return results


def query_growth(app, large: dict[str, str], small: dict[str, str]) -> dict:
    """SQL statements per page on the large and the small project: they must be the same."""
    from crm_rollout.core.extensions import db

    client = app.test_client()
    client.post("/login", data={"login": "benchdirector", "password": "bench-password"})
    statements = []
    with app.app_context():
        engine = db.engine
    listener = lambda *_args: statements.append(1)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    counts = {}
    try:
        for name in large:
            pair = []
            for url in (small[name], large[name]):
                client.get(url)
                statements.clear()
                client.get(url)
                pair.append(len(statements))
            counts[name] = {"small": pair[0], "large": pair[1]}
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return counts


def charts_and_pdf(app, project_id: int) -> dict:
    from crm_rollout.core import charts
    from crm_rollout.core.extensions import db
    from crm_rollout.reports.models import Report

    data = {
        "points": [(f"2026-0{m}-01", m * 7) for m in range(1, 10)],
        "total": 100,
        "labels": {"title": "清单燃起图 Burn-up", "done": "完成", "total": "总数", "y": "项", "x": "日期"},
    }
    cold = []
    for n in range(5):
        fresh = dict(data, total=100 + n + int(time.time()))  # a key never rendered before
        started = time.perf_counter()
        charts.cached("burnup", fresh, charts.burnup_svg)
        cold.append((time.perf_counter() - started) * 1000)
    warm = []
    for _ in range(200):
        started = time.perf_counter()
        charts.cached("burnup", fresh, charts.burnup_svg)
        warm.append((time.perf_counter() - started) * 1000)
    client = app.test_client()
    client.post("/login", data={"login": "benchdirector", "password": "bench-password"})
    with app.app_context():
        report_id = db.session.scalar(select(Report.id).where(Report.project_id == project_id).order_by(Report.id))
    url = f"/projects/{project_id}/reports/{report_id}/versions/1.pdf"
    client.get(url)  # load WeasyPrint once
    pdf = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(url)
        pdf.append(time.perf_counter() - started)
        assert response.mimetype == "application/pdf"
    return {
        "chart_cold_ms": round(statistics.median(cold[1:]), 1),
        "chart_warm_ms": round(statistics.median(warm), 3),
        "pdf_s": round(statistics.median(pdf), 2),
    }


def round_trip(app, project_id: int) -> dict:
    """Export the large project, import it into an empty SQLite database, export again: every row equal."""
    import tempfile

    from bench.compare import canonical
    from crm_rollout import backup, create_app
    from crm_rollout.cli import init_db
    from crm_rollout.core.extensions import db

    with app.app_context():
        started = time.perf_counter()
        original = json.loads(json.dumps(backup.export_project(project_id)))
        exported = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        empty = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/restore.db", "SECRET_KEY": "bench"})
        with empty.app_context():
            init_db()
            started = time.perf_counter()
            restored_id = backup.import_project(original)
            db.session.commit()
            imported = time.perf_counter() - started
            again = backup.export_project(restored_id)
            db.session.remove()
    return {
        "rows": sum(len(t["rows"]) for t in original["tables"].values()),
        "export_s": round(exported, 1),
        "import_s": round(imported, 1),
        "equal": canonical(again) == canonical(original),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _session_cookie(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # Sessions are bound to the browser's user agent (Flask-Login's strong protection): wrk sends the same.
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"login": "benchdirector", "password": "bench-password", "csrf_token": token})
    opener.open(f"{base}/login", data=body.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _wrk(url: str, cookie: str, seconds: int = LOAD_SECONDS) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            "-c16",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: {cookie}",
            "-H",
            f"User-Agent: {USER_AGENT}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


def _signed_in(url: str, cookie: str) -> None:
    """The page answers 200 to the load tool's session, not a redirect to sign in (which would be cheap)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *_args, **_kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie, "User-Agent": USER_AGENT})
    with urllib.request.build_opener(NoRedirect).open(request) as response:
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status} to the benchmark's session")


def _rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def under_load(url: str, urls: dict[str, str]) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY="bench-only-secret")
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cookie = _session_cookie(base)
        for name in ("overview", "phase checklist"):  # signed in, and the workers warmed up
            _signed_in(base + urls[name], cookie)
            _wrk(base + urls[name], cookie, seconds=2)
        results = {"hello": _wrk(f"{base}/healthz", cookie)}
        for name in ("overview", "phase checklist"):
            results[name] = _wrk(base + urls[name], cookie)
            results[name]["vs_hello"] = round(results[name]["requests_per_s"] / results["hello"]["requests_per_s"], 3)
        workers = subprocess.run(["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True).stdout.split()
        results["worker_rss_mb"] = round(max(_rss_mb(int(pid)) for pid in workers), 1)
        return results
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        gunicorn.wait(timeout=30)


def verdicts(results: dict) -> dict:
    load = results["load"]
    checks = {
        "queries per page independent of size": all(c["small"] == c["large"] for c in results["query_growth"].values()),
        "chart warm < 2 ms": results["charts_pdf"]["chart_warm_ms"] < TARGETS["chart_warm_ms"],
        "chart cold < 80 ms": results["charts_pdf"]["chart_cold_ms"] < TARGETS["chart_cold_ms"],
        "report PDF < 2 s": results["charts_pdf"]["pdf_s"] < TARGETS["pdf_s"],
        "export and import round-trip every row": results["round_trip"]["equal"],
    }
    for name in ("search (Chinese)", "search (English)"):
        checks[f"{name} p50 < 100 ms"] = results["pages"][name]["p50_ms"] < TARGETS["search_p50_ms"]
    if "skipped" not in load:
        for name in ("overview", "phase checklist"):
            checks[f"{name} ≥ 20 % of hello"] = load[name]["vs_hello"] >= TARGETS["relative_throughput"]
        checks["worker < 200 MB"] = load["worker_rss_mb"] < TARGETS["worker_rss_mb"]
    return checks


def print_table(results: dict) -> None:
    print(f"\nCRM Rollout benchmark · {results['engine']} · {results['when']}")
    print(f"{'page (in-process)':<26}{'p50 ms':>10}{'p95 ms':>10}{'queries':>10}{'small project':>15}")
    for name, row in results["pages"].items():
        small = results["query_growth"].get(name, {}).get("small", "")
        print(f"{name:<26}{row['p50_ms']:>10}{row['p95_ms']:>10}{row['queries']:>10}{small:>15}")
    load = results["load"]
    if "skipped" in load:
        print(f"\nload: {load['skipped']}")
    else:
        print(f"\n{'under gunicorn -w 2':<20}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs hello':>10}{'errors':>8}")
        for name in ("hello", "overview", "phase checklist"):
            row = load[name]
            print(
                f"{name:<20}{row['requests_per_s']:>10}{row['p50_ms']:>10}{row['p99_ms']:>10}"
                f"{row.get('vs_hello', 1.0):>10}{row['errors']:>8}"
            )
        print(f"worker RSS after load: {load['worker_rss_mb']} MB")
    other = results["charts_pdf"]
    print(
        f"\nchart cold {other['chart_cold_ms']} ms · chart warm {other['chart_warm_ms']} ms · "
        f"report PDF {other['pdf_s']} s"
    )
    trip = results["round_trip"]
    print(f"backup round trip: {trip['rows']} rows, export {trip['export_s']} s, import {trip['import_s']} s")
    print("\n" + "\n".join(f"{'✔' if ok else '✖'} {name}" for name, ok in results["targets"].items()))


def main() -> int:
    url = _database_url()
    app = _app(url)
    project_id, small_id = prepare(app)
    urls = pages(app, project_id)
    results = {
        "engine": "postgresql" if url.startswith("postgres") else "sqlite",
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "pages": in_process(app, urls),
        "query_growth": query_growth(app, urls, pages(app, small_id)),
        "charts_pdf": charts_and_pdf(app, project_id),
        "load": under_load(url, urls),
        "round_trip": round_trip(app, project_id),
    }
    results["targets"] = verdicts(results)
    print_table(results)
    path = OUT / f"results-{results['engine']}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nwritten to {path.relative_to(ROOT)}")
    return 0 if all(results["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
