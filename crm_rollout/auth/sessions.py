"""Signed-in sessions kept on the server, so that each one can be ended.

The session cookie and the remember-me cookie carry only a random token naming a `user_sessions` row; a
request is signed in while that row is neither ended nor expired. Logout ends its own row; a password
change or reset ends every other row of the account; an administrator can end them all.

The device cookie (signed, long-lived) says which account last signed in from this browser; throttle.py
counts that browser's password checks apart from everyone else's.
"""

import functools
import secrets
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import bindparam, func, select, update

from crm_rollout.auth.models import SignIn, User
from crm_rollout.core.db import UTCDateTime, utcnow
from crm_rollout.core.extensions import db

DEVICE_COOKIE = "crm_device"
DEVICE_DAYS = 180


def start(user: User, *, remember: bool, user_agent: str = "") -> SignIn:
    """A new session for `user`; it lasts REMEMBER_DAYS with remember-me, else SESSION_HOURS."""
    config = current_app.config
    lifetime = timedelta(days=config["REMEMBER_DAYS"]) if remember else timedelta(hours=config["SESSION_HOURS"])
    row = SignIn(
        user_id=user.id,
        token=secrets.token_urlsafe(32),
        expires_at=utcnow() + lifetime,
        user_agent=(user_agent or "")[:200],
    )
    db.session.add(row)
    db.session.flush()
    user.session_token = row.token
    return row


def load(token: str) -> User | None:
    """The active user of a live session (Flask-Login's user loader): one query."""
    if not token:
        return None
    user = db.session.scalar(_live_user_statement(), {"token": token, "now": utcnow()})
    if user is not None:
        user.session_token = token
    return user


@functools.cache
def _live_user_statement():
    # Built once (see docs/ARCHITECTURE.md, "Speed"): every request runs it.
    return (
        select(User)
        .join(SignIn, SignIn.user_id == User.id)
        .where(
            SignIn.token == bindparam("token"),
            SignIn.ended_at.is_(None),
            SignIn.expires_at > bindparam("now", type_=UTCDateTime()),
            User.active,
        )
    )


def end(token: str | None) -> None:
    if token:
        db.session.execute(update(SignIn).where(SignIn.token == token).values(ended_at=utcnow()))


def end_all(user_id: int, *, keep: str | None = None) -> int:
    """End every live session of the account (but `keep`); returns how many were ended."""
    query = update(SignIn).where(SignIn.user_id == user_id, SignIn.ended_at.is_(None))
    if keep:
        query = query.where(SignIn.token != keep)
    return db.session.execute(query.values(ended_at=utcnow())).rowcount


def live_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(SignIn)
        .where(SignIn.user_id == user_id, SignIn.ended_at.is_(None), SignIn.expires_at > utcnow())
    )


# --- The device cookie ----------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="device")


def device_cookie_value(user: User, current: str | None) -> str:
    """The cookie for a browser that just signed in as `user` (keeps its device id if it had one)."""
    device = device_of(current, user.id) or secrets.token_urlsafe(16)
    return _serializer().dumps({"u": user.id, "d": device})


def device_of(cookie: str | None, user_id: int | None) -> str:
    """The device id when `cookie` is valid and names `user_id`; "" otherwise."""
    if not cookie or user_id is None:
        return ""
    try:
        value = _serializer().loads(cookie, max_age=DEVICE_DAYS * 24 * 3600)
    except BadSignature:
        return ""
    if not isinstance(value, dict) or value.get("u") != user_id or not isinstance(value.get("d"), str):
        return ""
    return value["d"]
