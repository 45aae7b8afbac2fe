import re

from crm_rollout.auth import service as accounts
from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db
from tests.conftest import login
from tests.factories import PASSWORD


def _login(client, login, password=PASSWORD, **query):
    return client.post("/login", query_string=query, data={"login": login, "password": password})


def test_sign_in_by_username_or_email_case_insensitively(client, world):
    assert _login(client, "Consultant").status_code == 302
    client.post("/logout")
    assert _login(client, "consultant@EXAMPLE.com").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, world):
    response = _login(client, "consultant", "not-the-password")
    assert response.status_code == 401
    assert "not right" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # still signed out


def test_too_many_failures_lock_the_account_for_a_while(client, world, app):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert _login(client, "consultant", "wrong-password").status_code == 401
    # Even the right password is refused until the window passes.
    response = _login(client, "consultant")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    # Other accounts from elsewhere are unaffected.
    other = app.test_client()
    assert other.post("/login", data={"login": "viewer", "password": PASSWORD}).status_code == 302


def test_next_is_followed_only_within_the_site(client, world):
    response = _login(client, "consultant", next=f"/projects/{world.project_id}/")
    assert response.headers["Location"].endswith(f"/projects/{world.project_id}/")
    client.post("/logout")
    for evil in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = _login(client, "consultant", next=evil)
        assert "evil" not in response.headers["Location"]
        client.post("/logout")


def test_deactivated_accounts_cannot_sign_in_and_lose_their_session(app, client, world):
    _login(client, "consultant")
    with app.app_context():
        db.session.get(User, world.users["consultant"]).active = False
        db.session.commit()
    assert client.get("/").status_code == 302
    assert _login(client, "consultant").status_code == 401


def test_password_is_stored_hashed_and_has_a_minimum_length(ctx):
    user = accounts.create_user(username="ann", email="ann@example.com", display_name="Ann", password=PASSWORD)
    assert PASSWORD not in user.password_hash
    assert accounts.confirm_password(user, PASSWORD, "127.0.0.1")
    assert not accounts.confirm_password(user, PASSWORD + "x", "127.0.0.1")
    try:
        accounts.set_password(user, "short")
    except accounts.ValidationFailed as error:
        assert "password" in error.errors
    else:
        raise AssertionError("a short password was accepted")


def test_sign_in_starts_a_fresh_session(client, world):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _login(client, "consultant")
    with client.session_transaction() as session:
        assert "planted" not in session


def test_csrf_token_is_required_when_enabled(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post("/login", data={"login": "consultant", "password": PASSWORD})
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_next_with_control_characters_is_refused_not_a_server_error(client, world):
    """Found by the wapiti scan: a newline in `next` would have split the Location header."""
    for field in ("/\nenv;", "/projects/1/\r\nSet-Cookie: x=1", "/\x7f"):
        response = client.post("/language", data={"locale": "en", "next": field})
        assert response.status_code == 302
        assert response.headers["Location"].endswith("/")
        assert "\n" not in response.headers["Location"] and "env" not in response.headers["Location"]


def test_the_account_forms_enforce_their_prefixed_csrf_tokens(app, client, world):
    """The wapiti scan reports these forms as lacking a token: their token fields carry the form's prefix
    (pref-, pw-, token-), which the scanner does not recognise. They are enforced all the same."""
    login(client, "consultant")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/account", data={"action": "token", "token-name": "no token sent"})
        assert refused.status_code == 400
        page = client.get("/account").get_data(as_text=True)
        token = re.search(r'name="token-csrf_token"[^>]*value="([^"]+)"', page).group(1)
        accepted = client.post("/account", data={"action": "token", "token-name": "sent", "token-csrf_token": token})
        assert accepted.status_code == 200
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        names = [t.name for t in accounts.tokens_of(db.session.get(User, world.users["consultant"]))]
    assert names == ["sent"]
