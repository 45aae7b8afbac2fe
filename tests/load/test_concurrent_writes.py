"""Integrity under concurrent load, against the production server (gunicorn, 2 workers) on the suite's
database (SQLite, and PostgreSQL in CI): 16 clients update the same 20 checklist items through the API
for LOAD_SECONDS (30 by default), and 8 committee members review one report at the same moment.

Every write is applied or refused with 409, never lost or doubled: each applied write is in the audit
trail exactly once, and each item ends as its last applied write left it.
"""

import http.client
import json
import os
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from sqlalchemy import select

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
from crm_rollout.core.audit import AuditEntry
from crm_rollout.core.extensions import db
from crm_rollout.phases import service as phases
from crm_rollout.phases.models import ChecklistItem
from crm_rollout.projects import service as projects
from crm_rollout.projects.models import Project
from crm_rollout.reports import service as reports
from tests.factories import MINIMAL_COMPUTED, PASSWORD, make_user

SECONDS = float(os.environ.get("LOAD_SECONDS", "30"))
CLIENTS = 16
ITEMS = 20
REVIEWERS = 8


def _call(connection, method, path, token, body=None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read() or b"null")


def _token(app, username):
    with app.app_context():
        _token_row, raw = accounts.create_api_token(accounts.find_by_login(username), "load")
        db.session.commit()
        return raw


def test_sixteen_clients_never_lose_or_double_an_update(app, world, server):
    token = _token(app, "consultant")
    with app.app_context():
        item_ids = [i.id for i in phases.project_items(world.project_id)][:ITEMS]
        versions = {i: db.session.get(ChecklistItem, i).version for i in item_ids}
    applied, refused, unexpected = [], Counter(), []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(number):
        try:
            _writes(number)
        except Exception as error:  # a dead client must fail the test, not vanish
            with lock:
                unexpected.append(("client crashed", repr(error)))

    def _writes(number):
        rng = random.Random(number)  # noqa: S311  (choosing items, not secrets)
        known = dict(versions)
        connection = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
        sequence = 0
        while time.monotonic() < stop:
            item = rng.choice(item_ids)
            sequence += 1
            notes = f"client {number} write {sequence}"
            status, body = _call(
                connection, "PATCH", f"/api/v1/items/{item}", token, {"notes": notes, "version": known[item]}
            )
            with lock:
                if status == 200:
                    applied.append((item, notes, body["version"]))
                    known[item] = body["version"]
                elif status == 409:
                    refused[item] += 1
                    known[item] = body["current"]["version"]
                else:
                    unexpected.append((status, body))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not unexpected, unexpected[:5]
    assert len(applied) > CLIENTS and sum(refused.values()) > 0  # real contention happened
    with app.app_context():
        recorded = Counter(
            db.session.scalars(
                select(AuditEntry.new_value).where(
                    AuditEntry.entity_type == "checklist_items",
                    AuditEntry.field == "notes",
                    AuditEntry.entity_id.in_(item_ids),
                )
            )
        )
        for item in item_ids:
            writes = sorted((v, notes) for i, notes, v in applied if i == item)
            assert len({v for v, _n in writes}) == len(writes), "two writes claimed the same version"
            final = db.session.get(ChecklistItem, item)
            if writes:
                assert (final.version, final.notes) == writes[-1]
    assert all(recorded[notes] == 1 for _i, notes, _v in applied)  # each applied write recorded once
    assert sum(recorded.values()) == len(applied)  # and nothing recorded that was refused


def test_concurrent_reviews_close_a_report_exactly_once(app, world, server):
    with app.app_context():
        project = db.session.get(Project, world.project_id)
        reviewers = ["steering"]
        for n in range(REVIEWERS - 1):
            make_user(f"committee{n}")
            projects.add_member(project, login=f"committee{n}", role="steering")
            reviewers.append(f"committee{n}")
        reports.set_review_rule(project, "majority")
        # Submitted once the whole committee sits: who reviews is fixed at submission.
        report = reports.create_report(world.project_id, title="Reviewed by many")
        director = db.session.scalar(select(User.id).where(User.username == "director"))
        reports.submit(report, expected_version=report.version, submitted_by=director, computed=MINIMAL_COMPUTED)
        db.session.commit()
        report_id = report.id
    tokens = {name: _token(app, name) for name in reviewers}
    path = f"/api/v1/reports/{report_id}/versions/1/reviews"
    outcomes = Counter()
    lock = threading.Lock()
    start = threading.Barrier(len(reviewers))

    def review(name):
        connection = http.client.HTTPConnection("127.0.0.1", server, timeout=30)
        start.wait()
        for _attempt in range(20):
            status, _body = _call(connection, "POST", path, tokens[name], {"decision": "approve", "password": PASSWORD})
            if status != 409:  # a lost race: read again and retry
                break
        with lock:
            outcomes[status] += 1

    threads = [threading.Thread(target=review, args=(name,)) for name in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(outcomes) <= {201, 422}, outcomes  # accepted, or refused once the review had closed
    with app.app_context():
        version = reports.get_version(reports.REPORTS.get(world.project_id, report_id), 1)
        assert version.outcome == "approved"
        closings = db.session.scalars(
            select(AuditEntry).where(
                AuditEntry.entity_type == "report_versions",
                AuditEntry.entity_id == version.id,
                AuditEntry.field == "outcome",
                AuditEntry.new_value == "approved",
            )
        ).all()
        assert len(closings) == 1
        assert len(version.reviews) == outcomes[201]
        approvals_needed = REVIEWERS // 2 + 1
        assert outcomes[201] >= approvals_needed
        reviewer_ids = {db.session.scalar(select(User.id).where(User.username == n)) for n in reviewers}
        assert {r.reviewer_id for r in version.reviews} <= reviewer_ids


def test_parallel_guesses_cannot_pass_the_limit_together(app, world, server):
    """40 wrong passwords at once, by username and e-mail alike: no more than the limit are even checked."""
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    logins = ["consultant", "CONSULTANT@example.com"] * 20
    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(lambda login: _login_attempt(server, "wrong-password-123", login), logins))
    assert statuses.count(401) <= limit
    assert statuses.count(401) + statuses.count(429) == len(logins)


def _login_attempt(port, password, login="consultant"):
    """One sign-in from a fresh connection (so either worker may take it), with its own CSRF token."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/login")
    page = connection.getresponse()
    cookie = page.getheader("Set-Cookie").split(";", 1)[0]
    html = page.read().decode()
    token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    body = f"login={quote(login)}&password={password}&csrf_token={token}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    connection.request("POST", "/login", body=body, headers=headers)
    return connection.getresponse().status


def test_login_throttling_holds_across_worker_processes(app, world, server):
    statuses = [_login_attempt(server, "wrong-password-123") for _ in range(5)]
    assert statuses == [401] * 5  # the form again, with an error
    assert _login_attempt(server, "wrong-password-123") == 429
    assert _login_attempt(server, PASSWORD) == 429  # even the right password waits out the window
