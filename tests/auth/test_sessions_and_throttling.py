"""Sessions end when they should, password checks are throttled wherever they happen, and tokens open the
API only."""

import json
from datetime import timedelta
from unittest import mock

import pytest
import redis
from sqlalchemy import func, select, update

from crm_rollout.auth import service as accounts
from crm_rollout.auth import sessions
from crm_rollout.auth.models import LoginAttempt, SignIn, User
from crm_rollout.core.db import utcnow
from crm_rollout.core.extensions import db
from tests.factories import PASSWORD

HOME = "/"


def _sign_in(client, login="consultant", password=PASSWORD, remember=False):
    data = {"login": login, "password": password} | ({"remember": "y"} if remember else {})
    return client.post("/login", data=data)


def _cookie(client, name):
    cookie = client.get_cookie(name)
    return cookie.value if cookie else None


def _signed_in(app, cookies: dict) -> bool:
    """A new browser that presents only these cookies: is it signed in?"""
    other = app.test_client()
    for name, value in cookies.items():
        if value:
            other.set_cookie(name, value)
    return other.get(HOME).status_code == 200


def test_logout_ends_the_session_and_its_remember_me_cookie_on_the_server(app, client, world):
    assert _sign_in(client, remember=True).status_code == 302
    stolen = {"session": _cookie(client, "session"), "remember_token": _cookie(client, "remember_token")}
    assert stolen["remember_token"]
    assert _signed_in(app, stolen)
    assert _signed_in(app, {"remember_token": stolen["remember_token"]})
    client.post("/logout")
    assert not _signed_in(app, {"session": stolen["session"]})
    assert not _signed_in(app, {"remember_token": stolen["remember_token"]})


def test_a_password_change_ends_every_other_session_but_keeps_this_one(app, client, world):
    elsewhere = app.test_client()
    _sign_in(elsewhere, remember=True)
    elsewhere_cookies = {"remember_token": _cookie(elsewhere, "remember_token")}
    _sign_in(client)
    response = client.post(
        "/account",
        data={
            "action": "password",
            "pw-current_password": PASSWORD,
            "pw-new_password": "a-brand-new-password",
            "pw-confirm": "a-brand-new-password",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert client.get(HOME).status_code == 200
    assert elsewhere.get(HOME).status_code == 302
    assert not _signed_in(app, elsewhere_cookies)


def test_an_administrator_reset_or_sign_out_ends_every_session(app, client, world):
    _sign_in(client, remember=True)
    admin = app.test_client()
    _sign_in(admin, "siteadmin")
    user_id = world.users["consultant"]
    page = admin.get(f"/admin/users/{user_id}").get_data(as_text=True)
    assert "End all sessions" in page
    admin.post(f"/admin/users/{user_id}", data={"action": "end_sessions"})
    assert client.get(HOME).status_code == 302
    _sign_in(client)
    admin.post(f"/admin/users/{user_id}", data={"action": "password", "password": "reset-by-the-admin"})
    assert client.get(HOME).status_code == 302


def test_remember_me_expires(app, client, world):
    _sign_in(client, remember=True)
    remember = _cookie(client, "remember_token")
    with app.app_context():
        row = db.session.scalar(select(SignIn).where(SignIn.user_id == world.users["consultant"]))
        lasts = row.expires_at - row.created_at
        assert timedelta(days=app.config["REMEMBER_DAYS"]) - lasts < timedelta(minutes=1)
        db.session.execute(update(SignIn).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert not _signed_in(app, {"remember_token": remember})
    assert client.get(HOME).status_code == 302


def test_a_session_without_remember_me_ends_after_its_hours(app, client, world):
    _sign_in(client)
    with app.app_context():
        row = db.session.scalar(select(SignIn).where(SignIn.user_id == world.users["consultant"]))
        assert row.expires_at - row.created_at <= timedelta(hours=app.config["SESSION_HOURS"])
        db.session.execute(update(SignIn).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    assert client.get(HOME).status_code == 302


# --- Throttling ------------------------------------------------------------------------------------


@pytest.fixture(params=["database", "redis"])
def counts_in(request, app):
    """Each throttling test runs with the counts in the database and in Redis (REDIS_URL)."""
    if request.param == "redis":
        url = request.getfixturevalue("redis_url")
        redis.Redis.from_url(url).flushdb()
        app.config["REDIS_URL"] = url
        app.extensions.pop("redis", None)
    yield request.param
    app.config["REDIS_URL"] = ""


def test_username_and_email_count_as_one_account(app, client, world, counts_in):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for n in range(limit):
        login = "consultant" if n % 2 else "Consultant@Example.com"
        assert _sign_in(app.test_client(), login, "wrong-password").status_code == 401
    assert _sign_in(app.test_client(), "consultant@example.com").status_code == 429


def test_a_browser_that_signed_in_before_is_not_locked_out_by_others_failures(app, world, counts_in):
    trusted = app.test_client()
    assert _sign_in(trusted).status_code == 302
    trusted.post("/logout")
    assert _cookie(trusted, sessions.DEVICE_COOKIE)
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    accounts_tried = ["viewer", "member", "steering", "director", "consultant"]
    for n in range(limit + 2):  # an attacker (or a colleague) behind the same address
        _sign_in(app.test_client(), accounts_tried[n % len(accounts_tried)], "wrong-password")
    assert _sign_in(app.test_client(), "consultant").status_code == 429  # a new browser waits
    assert _sign_in(trusted).status_code == 302  # the consultant's own browser does not


def test_with_redis_the_counts_live_there_and_not_in_the_database(app, world, counts_in):
    _sign_in(app.test_client(), "consultant", "wrong-password")
    with app.app_context():
        rows = db.session.scalar(select(func.count()).select_from(LoginAttempt))
    assert rows == (1 if counts_in == "database" else 0)
    if counts_in == "redis":
        assert redis.Redis.from_url(app.config["REDIS_URL"]).keys("crm:login:*")


def test_the_account_page_password_check_is_throttled(app, client, world, counts_in):
    _sign_in(client)
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    statuses = []
    for _ in range(limit + 1):
        response = client.post(
            "/account",
            data={
                "action": "password",
                "pw-current_password": "guess-guess-guess",
                "pw-new_password": "a-brand-new-password",
                "pw-confirm": "a-brand-new-password",
            },
        )
        statuses.append(response.status_code)
    assert statuses[-1] == 429 and 429 not in statuses[:limit]


def test_signing_a_review_checks_the_password_through_the_throttle(app, client, world, counts_in):
    _sign_in(client, "steering")
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    url = f"/api/v1/reports/{world.report_id}/versions/1/reviews"
    headers = {"X-CSRFToken": "unused-in-tests"}
    statuses = [
        client.post(url, json={"decision": "approve", "comment": "", "password": "guess"}, headers=headers).status_code
        for _ in range(limit + 1)
    ]
    assert statuses[:limit] == [401] * limit and statuses[-1] == 429


def test_an_unknown_account_costs_the_same_hashing_as_a_known_one(app, client, world):
    from crm_rollout.auth import service

    with mock.patch.object(service, "check_password_hash", wraps=service.check_password_hash) as checked:
        _sign_in(client, "nobody-at-all", "wrong-password")
        unknown = checked.call_count
        _sign_in(client, "consultant", "wrong-password")
        assert checked.call_count - unknown == unknown == 1


# --- Tokens ------------------------------------------------------------------------------------------


def _token(app, username="consultant"):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        _row, raw = accounts.create_api_token(user, "test")
        db.session.commit()
    return raw


def test_a_bearer_token_does_not_open_pages(app, client, world):
    headers = {"Authorization": f"Bearer {_token(app)}"}
    assert client.get(f"/projects/{world.project_id}/", headers=headers).status_code == 302
    assert client.get("/api/v1/projects", headers=headers).status_code == 200


def test_a_bogus_authorization_header_does_not_skip_the_csrf_check(app, client, world):
    _sign_in(client)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.patch(
            f"/api/v1/items/{world.item_id}",
            data=json.dumps({"notes": "via a forged request", "version": 1}),
            headers={"Authorization": "Basic not-a-token", "Content-Type": "application/json"},
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 401
    assert response.get_json()["error"] == "Unauthorized"


def test_a_write_without_credentials_is_401(client, world):
    response = client.patch(f"/api/v1/items/{world.item_id}", json={"notes": "x", "version": 1})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
