"""A bare route for load balancers and for the benchmark's baseline: no database work of its own."""

from flask import Blueprint

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def health():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
