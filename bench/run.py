"""The benchmark: a project at real scale, its main pages in-process and under gunicorn with wrk.

    .venv/bin/python -m bench.run                   # SQLite in bench/out/
    DATABASE_URL=postgresql://... .venv/bin/python -m bench.run   # an empty PostgreSQL database

Prints one table and writes the same figures to bench/out/results-<engine>.json. Needs `wrk` on the PATH
(Debian: apt-get install wrk) for the load part; without it that part is skipped and said so.
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
REPEATS = 30
LOAD_SECONDS = 10
USER_AGENT = "crm-rollout-bench"
READERS = 20
WRITES_PER_S = 10
UNCACHED_PAGES = ("overview", "phase checklist", "risk register", "meeting", "process model", "assessment result")
CACHED_PAGES = ("overview", "phase checklist", "risk register")
TARGETS = {
    "cache_off_vs_bare": 0.03,  # each page without any page cache, against the bare Flask route
    "cached_vs_bare": 0.10,  # with the cache, 20 readers while 10 writes a second land
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


PROJECTS = {"1,000 items": ("Bench project", 1.0), "small": ("Bench small project", 0.02)}
LARGE = {"10,000 items": ("Bench large project", 10.0)}


def prepare(app, large: bool = False) -> dict[str, int]:
    """Migrate and generate the projects once (the 1,000-item one, a small one to compare query counts with,
    and with `large` one of 10,000 items and 1,000,000 audit entries); later runs reuse them."""
    from bench.generate import generate
    from crm_rollout.cli import init_db
    from crm_rollout.core.extensions import db
    from crm_rollout.projects.models import Project

    with app.app_context():
        init_db()
        ids = {}
        for size, (name, scale) in (PROJECTS | (LARGE if large else {})).items():
            existing = db.session.scalar(select(Project.id).where(Project.name == name))
            if existing is None:
                started = time.perf_counter()
                existing = generate(scale, name=name)
                print(f"generated {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            ids[size] = existing
        _as_autovacuum_leaves_it(db.engine)
        return ids


def _as_autovacuum_leaves_it(engine) -> None:
    """PostgreSQL: the planner's statistics and the visibility map a production database has from autovacuum,
    which a database loaded a moment ago lacks (a run would otherwise measure plans from no statistics, and
    no index-only scans, depending on whether autovacuum happened by). Quick when nothing changed."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM (ANALYZE, SKIP_LOCKED)")


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
    cold, warm = [], []
    with app.app_context():  # the chart cache is the app's
        for n in range(5):
            fresh = dict(data, total=100 + n + int(time.time()))  # a key never rendered before
            started = time.perf_counter()
            charts.cached("burnup", fresh, charts.burnup_svg)
            cold.append((time.perf_counter() - started) * 1000)
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


def _session_cookie(base: str, login: str = "benchdirector") -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    # Sessions are bound to the browser's user agent (Flask-Login's strong protection): wrk sends the same.
    opener.addheaders = [("User-Agent", USER_AGENT)]
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"login": login, "password": "bench-password", "csrf_token": token})
    opener.open(f"{base}/login", data=body.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def _wrk(url: str, cookies: list[str], seconds: int = LOAD_SECONDS, cpu=None) -> dict:
    """wrk with 2 threads and 8 connections; with several cookies, each request goes as the next reader.
    `cpu()` (see _cpu_meter) reads the CPU time the server has used: the run then says what a request cost."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            "local cookies = {" + ",".join(json.dumps(c) for c in cookies) + "}\n"
            "local n = 0\n"
            "request = function()\n"
            "  n = n + 1\n"
            "  return wrk.format('GET', nil, {['Cookie'] = cookies[n % #cookies + 1], "
            f"['User-Agent'] = '{USER_AGENT}'}})\n"
            "end\n"
        )
    used_before = cpu() if cpu else None
    try:
        output = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", "-s", script.name, url],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)

    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return round(value * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result = {
        "requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }
    if cpu:
        requests = int(re.search(r"(\d+) requests in", output).group(1))
        spent = [None if b is None else a - b for b, a in zip(used_before, cpu(), strict=True)]
        result["cpu_ms"] = {
            side: None if s is None else round(1000 * s / requests, 2) for side, s in zip(CPU_SIDES, spent, strict=True)
        }
    return result


CPU_SIDES = ("app", "database")


def _cpu_seconds(pids) -> float:
    """User and system CPU time the processes have used so far (Linux's /proc); one gone counts nothing."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def _cpu_meter(app, server):
    """Reads the CPU time used so far by the server's workers and by the database's own processes serving
    this database: PostgreSQL on this machine shares its cores, so under load a page's throughput follows
    what it costs both. The database side is None for SQLite (it works inside the workers) and for a server
    elsewhere. Call it once the workers have warmed up, with their database connections open."""
    from sqlalchemy import text

    from crm_rollout.core.extensions import db

    workers = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    database = []
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            backends = db.session.scalars(
                text("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
            ).all()
            # Only a server on this machine: elsewhere its process numbers name other processes here, or none.
            database = [pid for pid in backends if _command(pid).startswith("postgres")]
    return lambda: (_cpu_seconds(workers), _cpu_seconds(database) if database else None)


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


SERVER_SETTINGS = "python:crm_rollout.core.server"  # as the README runs it in production


@contextmanager
def _gunicorn(app_path: str, **env):
    """gunicorn with 2 workers and the production settings, on a free port (the bare route too: the same
    settings for both); yields its address and process."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", SERVER_SETTINGS, "-w", "2", "-b", f"127.0.0.1:{port}", app_path],
        cwd=ROOT,
        env=dict(os.environ, **env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{base}/", timeout=1)
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                time.sleep(0.2)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


class _Writer(threading.Thread):
    """WRITES_PER_S changes to checklist items of the project through the API while readers read."""

    def __init__(self, base: str, token: str, items: dict[int, int]):
        super().__init__(daemon=True)
        self.base, self.token, self.items = base, token, items
        self.done = self.refused = 0
        self.stop = threading.Event()

    def run(self):
        ids = list(self.items)
        n = 0
        while not self.stop.wait(1 / WRITES_PER_S):
            item_id = ids[n % len(ids)]
            n += 1
            body = json.dumps({"version": self.items[item_id], "notes": f"bench write {n}"}).encode()
            request = urllib.request.Request(
                f"{self.base}/api/v1/items/{item_id}",
                data=body,
                method="PATCH",
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            )
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    self.items[item_id] = json.loads(response.read())["version"]
                    self.done += 1
            except urllib.error.HTTPError:
                self.refused += 1


def _readers_and_writer(app, project_id: int) -> tuple[list[str], str, dict[int, int]]:
    """READERS consultants of the project (the same rights: they share cached pages), an API token for the
    writer and the items it changes."""
    from crm_rollout.auth import service as accounts
    from crm_rollout.core.extensions import db
    from crm_rollout.phases.models import ChecklistItem
    from crm_rollout.projects import service as projects
    from crm_rollout.projects.models import Project

    with app.app_context():
        project = db.session.get(Project, project_id)
        logins = []
        for n in range(READERS):
            login = f"benchreader{n}"
            if accounts.find_by_login(login) is None:
                accounts.create_user(
                    username=login,
                    email=f"{login}@bench.example",
                    display_name=f"Reader {n}",
                    password="bench-password",
                )
                projects.add_member(project, login=login, role="consultant")
            logins.append(login)
        _row, token = accounts.create_api_token(accounts.find_by_login("benchdirector"), "bench writer")
        items = dict(
            db.session.execute(
                select(ChecklistItem.id, ChecklistItem.version).where(ChecklistItem.project_id == project_id).limit(50)
            ).all()
        )
        db.session.commit()
    return logins, token, items


def under_load(app, url: str, urls: dict[str, str], project_id: int) -> dict:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    results = {}
    with _gunicorn("bench.hello:app") as (base, process):
        _wrk(f"{base}/", [""], seconds=2)
        results["bare Flask route"] = _wrk(f"{base}/", [""], cpu=_cpu_meter(app, process))
    bare = results["bare Flask route"]["requests_per_s"]
    env = {"DATABASE_URL": url, "SECRET_KEY": "bench-only-secret"}
    with _gunicorn("app:create_app()", PAGE_CACHE="0", **env) as (base, process):
        cookie = _session_cookie(base)
        for name in UNCACHED_PAGES:
            _signed_in(base + urls[name], cookie)
            _wrk(base + urls[name], [cookie], seconds=2)  # workers warmed up
            results[f"{name} · cache off"] = _wrk(base + urls[name], [cookie], cpu=_cpu_meter(app, process))
        workers = subprocess.run(["pgrep", "-P", str(process.pid)], capture_output=True, text=True).stdout.split()
        results["worker_rss_mb"] = round(max(_rss_mb(int(pid)) for pid in workers), 1)
    logins, token, items = _readers_and_writer(app, project_id)
    with _gunicorn("app:create_app()", **env) as (base, process):
        cookie = _session_cookie(base)
        readers = [_session_cookie(base, login) for login in logins]
        for name in CACHED_PAGES:
            _wrk(base + urls[name], [cookie], seconds=2)
            results[f"{name} · cache, 1 reader"] = _wrk(base + urls[name], [cookie], cpu=_cpu_meter(app, process))
        writer = _Writer(base, token, items)
        writer.start()
        for name in CACHED_PAGES:
            # The writer's changes are served by the same workers: their cost counts in each page's.
            results[f"{name} · cache, {READERS} readers, {WRITES_PER_S} writes/s"] = _wrk(
                base + urls[name], readers, cpu=_cpu_meter(app, process)
            )
        writer.stop.set()
        writer.join()
        results["writes"] = {"applied": writer.done, "refused": writer.refused}
    for row in results.values():
        if isinstance(row, dict) and "requests_per_s" in row:
            row["vs_bare_exact"] = row["requests_per_s"] / bare  # what the verdict reads
            row["vs_bare"] = round(row["vs_bare_exact"], 3)  # what the table shows
    return results


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
        for name, row in load.items():
            if not isinstance(row, dict) or "vs_bare" not in row or name == "bare Flask route":
                continue
            target = TARGETS["cache_off_vs_bare"] if "cache off" in name else TARGETS["cached_vs_bare"]
            if "1 reader" not in name:
                # The exact ratio: the rounded one shown would let 2.96 % pass for 3 %.
                checks[f"{name} ≥ {target:.0%} of bare Flask"] = row.get("vs_bare_exact", row["vs_bare"]) >= target
            checks[f"{name}: no errors"] = row["errors"] == 0
        checks["worker < 200 MB"] = load["worker_rss_mb"] < TARGETS["worker_rss_mb"]
    for name, row in results.get("scale", {}).items():
        checks[f"{name}: same queries at 10,000 items"] = row["queries"] == row["queries_large"]
        checks[f"{name}: p50 at most doubles at 10,000 items"] = row["p50_ms_large"] <= 2 * row["p50_ms"]
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
        print(
            f"\n{'under gunicorn -w 2, wrk -c8':<58}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'vs bare':>9}{'errors':>8}"
            f"{'CPU ms: app':>13}{'database':>10}"
        )
        for name, row in load.items():
            if isinstance(row, dict) and "requests_per_s" in row:
                cpu = {side: "–" if ms is None else ms for side, ms in row.get("cpu_ms", {}).items()}
                print(
                    f"{name:<58}{row['requests_per_s']:>9}{row['p50_ms']:>9}{row['p99_ms']:>9}"
                    f"{row['vs_bare']:>9}{row['errors']:>8}{cpu.get('app', ''):>13}{cpu.get('database', ''):>10}"
                )
        print("CPU ms: what one request cost the app's workers and the database's own processes, under load")
        print(f"writes during the readers' runs: {load['writes']} · worker RSS after load: {load['worker_rss_mb']} MB")
    other = results["charts_pdf"]
    print(
        f"\nchart cold {other['chart_cold_ms']} ms · chart warm {other['chart_warm_ms']} ms · "
        f"report PDF {other['pdf_s']} s"
    )
    if "scale" in results:
        print(f"\n{'1,000 → 10,000 items':<26}{'p50 ms':>10}{'p50 ms':>10}{'queries':>10}{'queries':>10}")
        for name, row in results["scale"].items():
            print(
                f"{name:<26}{row['p50_ms']:>10}{row['p50_ms_large']:>10}{row['queries']:>10}{row['queries_large']:>10}"
            )
    trip = results["round_trip"]
    print(f"backup round trip: {trip['rows']} rows, export {trip['export_s']} s, import {trip['import_s']} s")
    print("\n" + "\n".join(f"{'✔' if ok else '✖'} {name}" for name, ok in results["targets"].items()))


def scale_growth(app, urls: dict[str, str], large: dict[str, str]) -> dict:
    """p50 and queries of each page on the 1,000-item and on the 10,000-item project."""
    pages_of = {
        size: in_process(app, {name: u[name] for name in UNCACHED_PAGES})
        for size, u in (("1,000 items", urls), ("10,000 items", large))
    }
    return {
        name: {
            "p50_ms": pages_of["1,000 items"][name]["p50_ms"],
            "p50_ms_large": pages_of["10,000 items"][name]["p50_ms"],
            "queries": pages_of["1,000 items"][name]["queries"],
            "queries_large": pages_of["10,000 items"][name]["queries"],
        }
        for name in UNCACHED_PAGES
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--prepare-only", action="store_true", help="build the benchmark's databases and stop")
    parser.add_argument("--large", action="store_true", help="also a 10,000-item project with 1,000,000 audit entries")
    parser.add_argument("--load-only", action="store_true", help="only the part under gunicorn")
    options = parser.parse_args()
    url = _database_url()
    app = _app(url)
    ids = prepare(app, options.large)
    if options.prepare_only:
        return 0
    urls = pages(app, ids["1,000 items"])
    results = {
        "engine": "postgresql" if url.startswith("postgres") else "sqlite",
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    results["load"] = under_load(app, url, urls, ids["1,000 items"])
    if options.load_only:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return 0
    results |= {
        "pages": in_process(app, urls),
        "query_growth": query_growth(app, urls, pages(app, ids["small"])),
        "charts_pdf": charts_and_pdf(app, ids["1,000 items"]),
        "round_trip": round_trip(app, ids["1,000 items"]),
    }
    if options.large:
        results["scale"] = scale_growth(app, urls, pages(app, ids["10,000 items"]))
    results["targets"] = verdicts(results)
    print_table(results)
    path = OUT / f"results-{results['engine']}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nwritten to {path.relative_to(ROOT)}")
    return 0 if all(results["targets"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
