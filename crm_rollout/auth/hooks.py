"""The web side of accounts: Flask-Login's callbacks (live sessions, API tokens for the API only) and the
one call through which a page or API endpoint checks the signed-in user's own password."""

from flask import g, redirect, request, url_for
from flask_login import current_user

from crm_rollout.auth import service, sessions
from crm_rollout.auth.models import User
from crm_rollout.core.errors import json_error
from crm_rollout.core.security import client_address


def _bearer_request() -> bool:
    return request.path.startswith("/api/") and "Authorization" in request.headers


def load_user(token: str) -> User | None:
    if _bearer_request():  # the header alone decides who calls the API, whatever cookies come along
        return None
    return sessions.load(token)


def user_from_authorization_header(req) -> User | None:
    """A bearer token signs in API requests only; pages never accept one."""
    if not _bearer_request():
        return None
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    user = service.user_for_token(header[len("Bearer ") :].strip())
    g.signed_in_by_token = user is not None
    return user


def unauthorized():
    if request.path.startswith("/api/"):
        return json_error(401, "Sign in or send a valid API token.", headers={"WWW-Authenticate": "Bearer"})
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def confirm_own_password(password: str) -> bool:
    """Whether `password` is the signed-in user's; throttled like signing in (raises service.LoginThrottled)."""
    return service.confirm_password(
        current_user, password or "", client_address(request), request.cookies.get(sessions.DEVICE_COOKIE)
    )
