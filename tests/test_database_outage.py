"""While the database cannot be reached: 503 with Retry-After (a page, or JSON on the API), /healthz says so,
and service comes back by itself once the database does."""

import pytest
from sqlalchemy import NullPool, create_engine, event, text

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
from crm_rollout.core import db as db_settings
from crm_rollout.core.extensions import db
from tests.conftest import login


@pytest.fixture
def outage(app):
    """Every new connection fails as a stopped server's would, until the test ends the outage."""
    state = {"down": False}
    with app.app_context():
        engine = db.engine
    dbapi_error = engine.dialect.loaded_dbapi.OperationalError

    def refuse(*_args, **_kwargs):
        if state["down"]:
            raise dbapi_error("connection refused (test outage)")

    event.listen(engine, "do_connect", refuse)

    def set_down(down: bool):
        state["down"] = down
        engine.dispose()  # drop pooled connections, as a restarted server would

    yield set_down
    state["down"] = False
    event.remove(engine, "do_connect", refuse)


def test_pages_api_and_health_answer_503_and_recover(app, client, world, outage):
    login(client, "consultant")
    with app.app_context():
        _row, token = accounts.create_api_token(db.session.get(User, world.users["consultant"]), "outage")
        db.session.commit()
    api = {"Authorization": f"Bearer {token}"}
    assert client.get("/healthz").status_code == 200

    outage(True)
    page = client.get(f"/projects/{world.project_id}/")
    assert page.status_code == 503 and page.headers["Retry-After"].isdigit()
    assert "unavailable" in page.get_data(as_text=True) and "Traceback" not in page.get_data(as_text=True)
    answer = client.get("/api/v1/projects", headers=api)
    assert answer.status_code == 503 and answer.get_json()["error"] == "Service Unavailable"
    health = client.get("/healthz")
    assert health.status_code == 503 and health.headers["Retry-After"]
    assert client.post("/login", data={"login": "viewer", "password": "whatever-it-is"}).status_code == 503

    outage(False)
    assert client.get("/healthz").status_code == 200
    assert client.get(f"/projects/{world.project_id}/").status_code == 200
    assert client.get("/api/v1/projects", headers=api).status_code == 200


def test_a_restarted_database_costs_no_request(app, client, world, monkeypatch):
    """Connections idle while the server restarted are checked before use and replaced, not handed to a page."""
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("a server restart is PostgreSQL's")
    login(client, "consultant")
    assert client.get(f"/projects/{world.project_id}/").status_code == 200
    # What a restart does to the pool: the server ends every connection the app holds.
    terminator = create_engine(engine.url, poolclass=NullPool)
    with terminator.connect() as connection:
        ended = connection.scalar(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE usename = current_user AND datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    terminator.dispose()
    assert ended >= 1
    monkeypatch.setattr(db_settings, "IDLE_BEFORE_PING", 0)
    for _ in range(3):
        assert client.get(f"/projects/{world.project_id}/").status_code == 200
