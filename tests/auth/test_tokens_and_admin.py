from crm_rollout.auth.models import User
from crm_rollout.core.extensions import db


def test_cli_prints_a_token_that_authenticates_the_api(app, world):
    result = app.test_cli_runner().invoke(args=["api-token", "consultant"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    client = app.test_client()
    response = client.get("/api/v1/projects", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [p["id"] for p in response.get_json()] == [world.project_id]
    assert client.get("/api/v1/projects", headers={"Authorization": "Bearer crm_forged"}).status_code == 401


def test_users_create_and_revoke_their_own_tokens(app, login_as, world):
    client = login_as("member")
    page = client.post("/account", data={"action": "token", "token-name": "my script"})
    html = page.get_data(as_text=True)
    raw = html.split('data-select-on-focus tabindex="0">')[1].split("<")[0]
    fresh = app.test_client()
    assert fresh.get("/api/v1/projects", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    with app.app_context():
        from crm_rollout.auth import service

        token_id = service.tokens_of(db.session.get(User, world.users["member"]))[0].id
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 302
    assert fresh.get("/api/v1/projects", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_admin_creates_deactivates_and_resets_accounts(app, login_as, world):
    client = login_as("siteadmin")
    response = client.post(
        "/admin/users",
        data={
            "username": "newbie",
            "email": "newbie@example.com",
            "display_name": "New Bie",
            "password": "long-enough-pw",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        "/admin/users", data={"username": "x y", "email": "nope", "display_name": "", "password": "short"}
    )
    assert bad.status_code == 400
    html = bad.get_data(as_text=True)
    assert "There is a problem" in html and 'value="x y"' in html  # input kept
    with app.app_context():
        newbie = db.session.scalar(db.select(User).where(User.username == "newbie"))
        user_id = newbie.id
    client.post(f"/admin/users/{user_id}", data={"action": "deactivate"})
    client.post(f"/admin/users/{user_id}", data={"action": "password", "password": "another-long-pw"})
    with app.app_context():
        newbie = db.session.get(User, user_id)
        assert not newbie.active
    assert app.test_client().post("/login", data={"login": "newbie", "password": "another-long-pw"}).status_code == 401
