"""The JSON API's blueprint: /api/v1, errors as JSON, CSRF for cookie sessions only."""

from flask import Blueprint, current_app, g, request
from flask_login import current_user

from crm_rollout.core.errors import json_error
from crm_rollout.core.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _unauthorized(message: str):
    return json_error(401, message, headers={"WWW-Authenticate": "Bearer"})


@bp.before_request
def authenticate_api_request():
    """An Authorization header must carry a valid token, and only then is the CSRF check skipped: a bearer
    token cannot be sent by another site's page, a cookie can. A write without any credentials is 401."""
    if request.headers.get("Authorization"):
        if not current_user.is_authenticated or not g.get("signed_in_by_token"):
            return _unauthorized("The bearer token is not valid (or has been revoked).")
        return None
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    if not current_user.is_authenticated:
        return _unauthorized("Sign in or send a valid API token.")
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    return None
