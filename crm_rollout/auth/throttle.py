"""Login throttling kept in the database, so every worker process sees the same failures."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_, select

from crm_rollout.auth.models import LoginAttempt
from crm_rollout.db import utcnow
from crm_rollout.extensions import db


def _window_start():
    return utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])


def is_throttled(account_key: str, address: str) -> bool:
    since = _window_start()
    per_account, per_address = db.session.execute(
        select(
            func.count().filter(LoginAttempt.account_key == account_key),
            func.count().filter(LoginAttempt.address == address),
        ).where(
            LoginAttempt.at >= since,
            or_(LoginAttempt.account_key == account_key, LoginAttempt.address == address),
        )
    ).one()
    config = current_app.config
    return (
        per_account >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or per_address >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def record_failure(account_key: str, address: str) -> None:
    db.session.add(LoginAttempt(account_key=account_key, address=address))
    # Old rows only slow the count down.
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.at < _window_start()))


def clear_failures(account_key: str) -> None:
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.account_key == account_key))
