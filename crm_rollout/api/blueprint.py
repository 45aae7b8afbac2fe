"""The JSON API's blueprint: /api/v1, errors as JSON, CSRF for cookie sessions only."""

from flask import Blueprint, current_app, request

from crm_rollout.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.before_request
def require_csrf_for_cookie_sessions():
    # A bearer token cannot be sent by another site's page; a cookie can, so it needs the CSRF token.
    if request.method in ("GET", "HEAD", "OPTIONS") or request.headers.get("Authorization"):
        return
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
