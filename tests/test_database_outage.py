"""While the database cannot be reached: 503 with Retry-After (a page, or JSON on the API), /healthz says so,
and service comes back by itself once the database does."""

import pytest
from sqlalchemy import event

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
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
