"""Flask-Login callbacks: load the session's user, accept API tokens, answer the unauthenticated."""

from flask import jsonify, redirect, request, url_for

from crm_rollout.auth import service
from crm_rollout.auth.models import User
from crm_rollout.extensions import db


def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


def user_from_authorization_header(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return service.user_for_token(header[len("Bearer ") :].strip())


def unauthorized():
    if request.path.startswith("/api/"):
        return jsonify(error="Unauthorized", message="Sign in or send a valid API token."), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
