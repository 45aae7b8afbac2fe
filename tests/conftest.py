"""Shared fixtures: one app and schema per test session (built by the migrations), empty tables per test.

Set TEST_DATABASE_URL to run the suite on PostgreSQL; by default it uses a temporary SQLite file.
"""

import os
import re
import shutil
import socket
import subprocess
import time

import pytest
from sqlalchemy import event, text

from crm_rollout import create_app
from crm_rollout.cli import init_db
from crm_rollout.core.extensions import db
from tests import factories


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "PAGE_CACHE": False,  # query-count and page tests measure rendering; tests/test_page_cache.py turns it on
        }
    )
    with app.app_context():
        _drop_everything()
        init_db()
    return app


@pytest.fixture(scope="session")
def redis_url():
    """A private Redis server for this test run (tests/run.sh installs redis-server; CI must have it)."""
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed: tests/run.sh installs it")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603  (the distribution's server, fixed arguments)
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def _drop_everything():
    """Start from an empty schema even on a reused PostgreSQL database."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    flask_app = request.getfixturevalue("app")
    with flask_app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())


@pytest.fixture
def ctx(app):
    """An application context for calling services directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def world(app):
    """A project with one account per role, plus an outsider and a site admin (see factories.World)."""
    with app.app_context():
        built = factories.build_world()
        db.session.commit()
        db.session.remove()
        return built


def login(client, username, password=factories.PASSWORD):
    response = client.post("/login", data={"login": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


@pytest.fixture
def login_as(client):
    def _login(username):
        login(client, username)
        return client

    return _login


class QueryCounter:
    def __init__(self):
        self.statements = []

    def __call__(self, _conn, _cursor, statement, *_args):
        if not re.match(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|PRAGMA)", statement, re.I):
            self.statements.append(statement)

    @property
    def count(self):
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as counter:`; counter.count is the number of SQL statements."""
    from contextlib import contextmanager

    @contextmanager
    def _count():
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine
        event.listen(engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", counter)

    return _count


def pytest_configure(config):
    # WTForms 3.3 deprecates (value, label) tuples for choices in favour of a class that
    # 3.2 does not have; the tuples keep working until 3.4.
    config.addinivalue_line("filterwarnings", "ignore:Passing SelectField choices as tuples:DeprecationWarning")
    config.addinivalue_line("markers", "e2e: drives the real system Chromium")
