"""Security headers on every kind of response, and cookie flags."""

import pytest

from crm_rollout import create_app
from tests.conftest import login


def _pages(world):
    return [
        "/login",  # a page before sign-in
        f"/projects/{world.project_id}/",  # a page inside a project
        f"/projects/{world.project_id}/blueprint/models/{world.model_id}/swimlane.svg",  # a picture
        "/static/css/app.css",  # a static file
        f"/api/v1/projects/{world.project_id}/processes",  # JSON
        "/api/v1/projects/999999/risks",  # a JSON error
        "/no/such/page",  # an HTML error
    ]


def test_every_kind_of_response_carries_the_security_headers(client, world):
    login(client, "consultant")
    for url in _pages(world):
        response = client.get(url)
        csp = response.headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp and response.headers["X-Frame-Options"] == "DENY", url
        assert response.headers["X-Content-Type-Options"] == "nosniff", url
        assert response.headers["Referrer-Policy"] == "same-origin", url
        assert response.headers["X-XSS-Protection"] == "0", url  # the browsers' old auditor, switched off
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_https_adds_strict_transport_security(client):
    response = client.get("/login", base_url="https://example.test")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_session_and_remember_cookies_are_http_only_same_site_and_time_limited(client, world):
    response = client.post("/login", data={"login": "consultant", "password": "correct-horse-battery", "remember": "y"})
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    for name in ("session", "remember_token"):
        assert "HttpOnly" in cookies[name] and "SameSite=Lax" in cookies[name], name
    assert "Expires=" in cookies["remember_token"]  # remember-me ends; the session cookie ends with the browser
    assert "Expires=" not in cookies["session"]


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"])
def test_cookie_secure_makes_both_cookies_secure(monkeypatch, tmp_path, name):
    monkeypatch.setenv("COOKIE_SECURE", "1")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "x"})
    assert app.config[name] is True
