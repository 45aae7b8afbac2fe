"""A route for load balancers: ok while the app can reach its database, 503 while it cannot."""

from flask import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from crm_rollout.core.errors import RETRY_AFTER_SECONDS
from crm_rollout.core.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def health():
    headers = {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
    try:
        db.session.execute(text("SELECT 1"))
    except DBAPIError:
        db.session.rollback()
        return "database unavailable", 503, headers | {"Retry-After": str(RETRY_AFTER_SECONDS)}
    finally:
        db.session.remove()
    return "ok", 200, headers
